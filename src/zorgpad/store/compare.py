"""Whether two stores hold the same: every table, row by row, apart from how and when it got there.

Used to show that the inbox (message by message, batch by batch) leaves the store a batch `ingest` +
`check` of the same files leaves, and that a restored backup equals its original. Left out: where a
file was read from (`messages.path`), batch and run numbers and times, and the inbox's own
bookkeeping. Control results are compared for the latest run of each store.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from zorgpad.store.schema import TABLES

# Bookkeeping that records how the data arrived, not what it is.
SKIPPED_TABLES = frozenset({"ingest_batches", "store_meta", "inbox_messages", "control_runs"})
SKIPPED_COLUMNS = {
    "messages": {"path", "ingest_batch"},
    "source_files": {"path", "ingest_batch"},
}
RUN_TABLES = frozenset({"control_findings", "control_verdicts", "control_answers"})
RUN_FIGURES = (
    "catalog", "catalog_version", "ruleset_version", "dagtekening", "rules_run", "rules_skipped",
    "lines_judged", "findings", "rejected_lines", "answers", "toegekend_cents", "afgewezen_cents",
    "afgewezen_credit_cents",
)  # fmt: skip


def differences(first: Path, second: Path) -> list[str]:
    """One line per table that differs (with the number of rows only one side has); empty when equal."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{_quoted(first)}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{_quoted(second)}' AS b (READ_ONLY)")
        runs = {side: _latest_run(con, side) for side in ("a", "b")}
        found = []
        for name, spec in TABLES.items():
            if name in SKIPPED_TABLES:
                continue
            columns = [
                c for c in spec.column_names if c not in SKIPPED_COLUMNS.get(name, set()) and c != "run_id"
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            where = {
                side: f" WHERE run_id = {runs[side] or 0}" if name in RUN_TABLES else "" for side in runs
            }
            only = [
                con.execute(
                    f'SELECT count(*) FROM (SELECT {listed} FROM {x}."{name}"{where[x]} '
                    f'EXCEPT ALL SELECT {listed} FROM {y}."{name}"{where[y]})'
                ).fetchone()
                for x, y in (("a", "b"), ("b", "a"))
            ]
            counts = [int(row[0]) if row else 0 for row in only]
            if any(counts):
                found.append(
                    f"{name}: {counts[0]} rijen alleen in {first.name}, {counts[1]} alleen in {second.name}"
                )
        figures = [_run_figures(con, side, runs[side]) for side in ("a", "b")]
        if figures[0] != figures[1]:
            found.append(f"control_runs (laatste run): {figures[0]} tegenover {figures[1]}")
        return found
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _latest_run(con: duckdb.DuckDBPyConnection, side: str) -> int | None:
    row = con.execute(f"SELECT max(run_id) FROM {side}.control_runs").fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _run_figures(con: duckdb.DuckDBPyConnection, side: str, run_id: int | None) -> tuple[object, ...] | None:
    if run_id is None:
        return None
    row = con.execute(
        f"SELECT {', '.join(RUN_FIGURES)} FROM {side}.control_runs WHERE run_id = ?", [run_id]
    ).fetchone()
    return None if row is None else tuple(row)
