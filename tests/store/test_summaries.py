"""The summaries kept at ingest equal those of the whole store computed at once, whatever the batches."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb

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
    # of the number for phase 2 (no allocations, so no bound to exceed).
    assert kept[summaries.FLAGS] == [(n, summaries.ALL_PERIODS) for n in range(500_000, 500_010)]
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
