"""Reading the control runs kept in the store (`control_runs` and the tables keyed by `run_id`).

Light on purpose (no control imports): insight, the dashboard and the API ask which run to read.
The runs are written by `zorgpad.control.runs.record_run`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from zorgpad.errors import UserError
from zorgpad.store.database import run
from zorgpad.store.schema import TABLES


@dataclass(frozen=True)
class RunTotals:
    """One row of `control_runs`."""

    run_id: int
    started_at: dt.datetime
    finished_at: dt.datetime
    trigger: str
    catalog: str | None
    catalog_version: str | None
    catalog_hash: str | None
    ruleset_version: str
    dagtekening: dt.date
    rules_run: int
    rules_skipped: int
    lines_judged: int
    findings: int
    rejected_lines: int
    answers: int
    toegekend_cents: int
    afgewezen_cents: int
    afgewezen_credit_cents: int


def has_runs_table(con: duckdb.DuckDBPyConnection) -> bool:
    rows = run(
        con,
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = 'control_runs'",
    )
    return bool(rows[0][0])


def latest_run_id(con: duckdb.DuckDBPyConnection) -> int | None:
    """The id of the latest control run, or None when the store has none."""
    if not has_runs_table(con):
        return None
    value = run(con, "SELECT max(run_id) FROM control_runs")[0][0]
    return None if value is None else int(value)


def chosen_run_id(con: duckdb.DuckDBPyConnection, run_id: int | None) -> int | None:
    """`run_id` when the store has that run (a Dutch error otherwise); the latest run when None."""
    if run_id is None:
        return latest_run_id(con)
    if not has_runs_table(con) or not run(con, "SELECT 1 FROM control_runs WHERE run_id = ?", [run_id]):
        raise UserError(
            "RUN-ONBEKEND",
            f"Er is geen controlerun {run_id}. Draai `zorgpad check` of kies een bestaande run.",
            "run",
        )
    return run_id


def run_totals(con: duckdb.DuckDBPyConnection, run_id: int | None = None) -> RunTotals | None:
    """The chosen run (the latest when None), or None when the store has no run."""
    chosen = chosen_run_id(con, run_id)
    if chosen is None:
        return None
    names = TABLES["control_runs"].column_names
    row = run(con, f"SELECT {', '.join(names)} FROM control_runs WHERE run_id = ?", [chosen])[0]
    return RunTotals(**dict(zip(names, row, strict=True)))
