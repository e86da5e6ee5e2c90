"""The parallel ingest gives exactly the tables, batches and counts of the ingest in one process."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from store.store_data import bsn, copy_example, copy_examples, declaration
from store.store_tables import rows, snapshot
from zorgpad.store import IngestOptions, IngestReport, Store, ingest

# Small chunks and batches, so that batches cut through chunks and chunks through batches.
SERIAL = IngestOptions(batch_files=5, workers=1, chunk_files=3)
PARALLEL = IngestOptions(batch_files=5, workers=2, chunk_files=3)


def _region(root: Path) -> Path:
    """Valid and invalid messages, an unreadable file, copies under other names, CSV files."""
    copy_examples(root / "berichten" / "voorbeelden", fixed=False)
    copy_examples(root / "berichten" / "hersteld", fixed=True)
    for n in range(12):
        (root / "berichten" / "JW323" / f"d{n:02d}.xml").parent.mkdir(parents=True, exist_ok=True)
        (root / "berichten" / "JW323" / f"d{n:02d}.xml").write_bytes(
            declaration(f"8100{n:02d}", 2 + n % 3, 4, first_bsn=n)
        )
    # A copy of an early file, late in the order: present, with the original's kind.
    shutil.copy(root / "berichten" / "JW323" / "d00.xml", root / "berichten" / "zz-kopie.xml")
    copy_example("JW301.xml", root / "berichten" / "JW301" / "a.xml")
    (root / "berichten" / "kapot.xml").write_text("<jw301:Bericht", encoding="utf-8")
    (root / "sessies").mkdir()
    for agb in ("65656055", "65656056"):
        (root / "sessies" / f"{agb}.csv").write_text(
            "aanbieder,medewerker,bsn,datum,starttijd,minuten,setting\n"
            + "".join(f"{agb},m{i},{bsn(i)},2026-04-0{1 + i % 9},09:00,{30 + i},groep\n" for i in range(8)),
            encoding="utf-8",
        )
    (root / "toegang").mkdir()
    (root / "toegang" / "verwijzingen.csv").write_text(
        f"bsn,gemeente,verwijsdatum,producten\n{bsn(2)},0384,2026-01-10,45A03;45A04\n", encoding="utf-8"
    )
    return root


def _counts(report: IngestReport) -> dict[str, tuple[int, int, int]]:
    return {kind: (c.new, c.present, c.invalid) for kind, c in report.counts.items()}


def _batches(db: Path) -> list[tuple[Any, ...]]:
    """Every row with its batch number, and each batch's size: the batching, not only the data."""
    with Store.open(db, read_only=True) as store:
        con = store.connection
        stored = con.execute(
            "SELECT ingest_batch, path FROM messages UNION ALL SELECT ingest_batch, path FROM source_files "
            "ORDER BY ALL"
        ).fetchall()
        sizes = con.execute(
            "SELECT batch_id, message_count, file_count FROM ingest_batches ORDER BY batch_id"
        ).fetchall()
    return [*stored, *sizes]


def test_parallel_equals_serial(tmp_path: Path) -> None:
    root = _region(tmp_path / "regio")
    serial_db, parallel_db = tmp_path / "serieel.duckdb", tmp_path / "parallel.duckdb"
    serial = ingest(root, serial_db, SERIAL)
    parallel = ingest(root, parallel_db, PARALLEL)
    assert _counts(parallel) == _counts(serial)
    assert serial.counts["JW323"].repeated == 1 and serial.counts["onleesbaar"].new == 1
    assert (parallel.batches, parallel.skipped) == (serial.batches, serial.skipped)
    assert snapshot(parallel_db) == snapshot(serial_db)
    assert _batches(parallel_db) == _batches(serial_db)
    assert (
        len(rows(parallel_db, "claim_lines")) == sum(4 * (2 + n % 3) for n in range(12)) + 5
    )  # + the repaired example


def test_the_tables_do_not_depend_on_chunks_or_workers(tmp_path: Path) -> None:
    root = _region(tmp_path / "regio")
    reference = tmp_path / "referentie.duckdb"
    ingest(root, reference, IngestOptions(workers=1))  # one chunk, one batch
    expected = snapshot(reference)
    for n, options in enumerate(
        (
            IngestOptions(workers=2, chunk_files=1, batch_files=1),
            IngestOptions(workers=2, chunk_files=7, chunk_bytes=4096, batch_rows=50),
            IngestOptions(workers=3, chunk_files=2, batch_files=3),
        )
    ):
        db = tmp_path / f"variant{n}.duckdb"
        ingest(root, db, options)
        assert snapshot(db) == expected, options


def test_parallel_rerun_and_additions(tmp_path: Path) -> None:
    root = _region(tmp_path / "regio")
    db = tmp_path / "store.duckdb"
    first = ingest(root, db, PARALLEL)
    before, batches = snapshot(db), len(rows(db, "ingest_batches"))
    again = ingest(root, db, PARALLEL)
    assert snapshot(db) == before and len(rows(db, "ingest_batches")) == batches
    assert sum(c.new for c in again.counts.values()) == 0
    assert sum(c.present for c in again.counts.values()) == sum(
        c.new + c.present + c.repeated for c in first.counts.values()
    )
    # New files among known ones: only they are stored, exactly as one run over everything would.
    (root / "berichten" / "JW323" / "e00.xml").write_bytes(declaration("820000", 2, 3, first_bsn=40))
    (root / "berichten" / "JW323" / "e01.xml").write_bytes(declaration("820001", 1, 2, first_bsn=41))
    added = ingest(root, db, PARALLEL)
    assert added.counts["JW323"].new == 2
    once = tmp_path / "ineens.duckdb"
    ingest(root, once, SERIAL)
    assert snapshot(db) == snapshot(once)


def test_progress_follows_the_files_in_order(tmp_path: Path) -> None:
    root = _region(tmp_path / "regio")
    calls: list[tuple[int, int]] = []
    report = ingest(
        root, tmp_path / "store.duckdb", PARALLEL, lambda done, total: calls.append((done, total))
    )
    total = sum(c.new + c.present + c.repeated for c in report.counts.values())
    assert calls == [(done, total) for done in range(1, total + 1)]
