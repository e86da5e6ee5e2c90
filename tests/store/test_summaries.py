"""The summaries kept at ingest equal those of the whole store computed at once, whatever the batches."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import ibis

from store.store_data import declaration
from zorgpad.store import IngestOptions, Store, ingest, summaries


def _folder(root: Path) -> Path:
    root.mkdir()
    # Pairs of declarations with one Identificatie, so the same ReferentieNummers (other clients, so
    # other files): the second of a pair lands in the same batch (4 and 5) or a later one (0 and 3...).
    for n, ident in enumerate(["800001", "800002", "800003", "800001", "800004", "800004", "800002"]):
        (root / f"declaratie{n:02d}.xml").write_bytes(declaration(ident, 2, 5, first_bsn=10 * n))
    return root


def _summaries(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in summaries.KEPT}
    finally:
        con.close()


def test_batches_add_up_to_the_whole_store(tmp_path: Path) -> None:
    db = tmp_path / "batches.duckdb"
    ingest(_folder(tmp_path / "in"), db, IngestOptions(batch_files=2, workers=1))
    kept = _summaries(db)
    # Three Identificaties declared twice, 10 lines each: 30 ReferentieNummers used more than once.
    assert len(kept[summaries.REUSED]) == 30
    # ToewijzingNummers 500000..500009 each debited once per declaration (7 files).
    assert [row[0] for row in kept[summaries.DEBETS]] == list(range(500_000, 500_010))
    assert {row[2] for row in kept[summaries.DEBETS]} == {7}
    # All seven debets of a number are for one period: a bit set three times or more flags every line
    # of the number for phase 2 (no allocations, so no bound to exceed, and nothing that shows the
    # lines have their allocation's client and product).
    flags = summaries.ALL_PERIODS | summaries.DIFFERS_BIT
    assert kept[summaries.FLAGS] == [(n, flags) for n in range(500_000, 500_010)]
    # Seven lines per number, each of another client; one product and Eenheid.
    assert [(row[0], row[1], row[4]) for row in kept[summaries.LINE_ATTRIBUTES]] == [
        (n, 7, 7) for n in range(500_000, 500_010)
    ]
    assert all(row[2] != row[3] for row in kept[summaries.LINE_ATTRIBUTES])  # clients differ
    assert kept[summaries.ALLOCATION_ATTRIBUTES] == []
    assert kept[summaries.CREDITED] == []  # debets only

    whole = tmp_path / "whole.duckdb"
    shutil.copy(db, whole)
    con = duckdb.connect(str(whole))
    summaries.rebuild(con)
    con.close()
    assert _summaries(whole) == kept


def test_a_store_without_summaries_gets_them_when_opened_for_writing(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    ingest(_folder(tmp_path / "in"), db, IngestOptions(batch_files=3, workers=1))
    kept = _summaries(db)
    con = duckdb.connect(str(db))
    for name in summaries.KEPT:
        con.execute(f"DROP TABLE {name}")  # as a store made before the summaries existed
    con.execute("DELETE FROM store_meta WHERE name = ?", [summaries.MARKER])
    con.close()

    with Store.open(db, read_only=True) as store:
        assert "debet_summaries" not in store.backend.list_tables()  # reading changes nothing
    Store.open(db, create=True).close()
    assert _summaries(db) == kept
    with Store.open(db, read_only=True) as store:
        assert store.meta(summaries.MARKER) == summaries.VERSION


def _ranges(rows: list[dict[str, Any]]) -> Any:
    return summaries.attribute_ranges(ibis.memtable(rows, schema=RANGE_SCHEMA))


RANGE_SCHEMA = {
    "toewijzing_nummer": "int64",
    "client_key": "string",
    "product_categorie": "string",
    "product_code": "string",
    "eenheid": "string",
}


def test_numbers_whose_lines_and_allocations_differ_are_flagged() -> None:
    def row(number: int, client: str = "c1", code: str | None = "45A48") -> dict[str, Any]:
        return {
            "toewijzing_nummer": number,
            "client_key": client,
            "product_categorie": "45",
            "product_code": code,
            "eenheid": "04",
        }

    # 1: alike; 2: a line of another client; 3: an allocation row without ProductCode (both sides
    # "empty" is not the same as known to be equal); 4: lines, no allocation.
    lines = _ranges([row(1), row(1), row(2), row(2, client="c2"), row(3, code=None), row(4)])
    allocations = _ranges([row(1), row(1), row(2), row(3, code=None)])
    sums = summaries.debet_sums(
        ibis.memtable(
            {
                "toewijzing_nummer": [1],
                "debet_credit": ["C"],
                "product_periode_begin": [None],
                "geleverd_volume": [1],
                "ingediend_bedrag": [1],
            },
            schema={
                "toewijzing_nummer": "int64",
                "debet_credit": "string",
                "product_periode_begin": "date",
                "geleverd_volume": "int64",
                "ingediend_bedrag": "int64",
            },
        )
    )
    bounds = summaries.allocation_bounds(
        ibis.memtable(
            {
                "toewijzing_nummer": [1],
                "volume": [1],
                "frequentie": ["4"],
                "budget": [None],
                "ingangsdatum": [None],
                "einddatum": [None],
            },
            schema={
                "toewijzing_nummer": "int64",
                "volume": "int64",
                "frequentie": "string",
                "budget": "int64",
                "ingangsdatum": "date",
                "einddatum": "date",
            },
        )
    )
    flags = summaries.allocation_flags(sums, bounds, ranges=(lines, allocations))
    found = ibis.duckdb.connect().to_pyarrow(flags.order_by("toewijzing_nummer")).to_pylist()
    assert found == [{"toewijzing_nummer": n, "flags": summaries.DIFFERS_BIT} for n in (2, 3, 4)]
