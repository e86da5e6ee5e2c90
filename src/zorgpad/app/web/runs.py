"""Which control run a page shows: the latest by default, another on request (`?run=N`).

Every page and API route that shows control results (findings, rejected and granted amounts, the
scenario baseline, the board report) reads the run in the request's `Filters.run`. This module lists
the stored runs for the run choice in the filter form, in Dutch, and refuses a run the store does
not hold (404 `RUN-ONBEKEND`) before any figure is computed.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import duckdb
from fastapi import Depends, Request

from zorgpad import formatting
from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.filters import parse_run
from zorgpad.app.web.scope import scoped_filter_query
from zorgpad.insights.registry import Filters
from zorgpad.store.database import run
from zorgpad.store.runs import has_runs_table

if TYPE_CHECKING:
    from zorgpad.app.web.site import Site

# The choice lists the latest runs (an inbox makes one per batch); a chosen older run is added.
LISTED_RUNS = 20
TRIGGERS = {"check": "zorgpad check", "inbox": "inbox"}


@dataclass(frozen=True)
class RunChoice:
    """One stored run as the run choice shows it."""

    run_id: int
    finished_at: dt.datetime  # UTC
    trigger: str
    findings: int
    rejected_lines: int
    answers: int
    toegekend_cents: int
    afgewezen_cents: int
    # The counts and amounts are the whole region's: shown to the region's accounts only (as
    # /api/controle); a municipality or provider sees which run, when and why.
    regional: bool = True

    @property
    def when(self) -> str:
        """The time the run finished, in Dutch local time (dd-mm-jjjj uu:mm)."""
        try:
            local = self.finished_at.replace(tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam"))
            clock = local.strftime("%H:%M")
        except zoneinfo.ZoneInfoNotFoundError:  # a system without time zone data: say it is UTC
            local, clock = self.finished_at, self.finished_at.strftime("%H:%M UTC")
        return f"{formatting.day(local.date())} {clock}"

    @property
    def label(self) -> str:
        if not self.regional:
            return f"Run {self.run_id} · {self.when} · {TRIGGERS.get(self.trigger, self.trigger)}"
        return (
            f"Run {self.run_id} · {self.when} · {TRIGGERS.get(self.trigger, self.trigger)} · "
            f"{formatting.count(self.findings, 'bevinding', 'bevindingen')}, "
            f"{formatting.count(self.rejected_lines, 'prestatie', 'prestaties')} afgewezen, "
            f"{formatting.euro(self.afgewezen_cents)} afgewezen, "
            f"{formatting.euro(self.toegekend_cents)} toegekend"
        )


_COLUMNS = "run_id, finished_at, trigger, findings, rejected_lines, answers, toegekend_cents, afgewezen_cents"


def list_runs(
    con: duckdb.DuckDBPyConnection, chosen: int | None = None, *, regional: bool = True
) -> list[RunChoice]:
    """The latest LISTED_RUNS runs, newest first, and the chosen one when it is older; without
    `regional`, labelled without the region's counts and amounts."""
    if not has_runs_table(con):
        return []
    rows = run(
        con,
        f"SELECT {_COLUMNS} FROM control_runs WHERE run_id >= "
        "(SELECT coalesce(max(run_id), 0) FROM control_runs) - ? OR run_id = ? ORDER BY run_id DESC",
        [LISTED_RUNS - 1, chosen if chosen is not None else -1],
    )
    return [replace(RunChoice(*row), regional=regional) for row in rows]


async def chosen_run_filters(request: Request, filters: Filters = Depends(scoped_filter_query)) -> Filters:
    """FastAPI dependency (`site.filters`): the request's scoped filters, with a run the store holds.
    One small query on a cursor of its own, only when a run is asked for."""
    if filters.run is not None:
        cursor = request.app.state.data.store.connection.cursor()
        try:
            require_run(cursor, filters.run)
        finally:
            cursor.close()
    return filters


def chosen_run(site: Site, value: str | None) -> int | None:
    """The run a route's own `run` parameter asks for (for routes without the filter form), checked
    against the store; None for the latest."""
    run_id = parse_run(value)
    cursor = site.data.store.connection.cursor()
    try:
        require_run(cursor, run_id)
    finally:
        cursor.close()
    return run_id


def require_run(con: duckdb.DuckDBPyConnection, run_id: int | None) -> None:
    """404 when the store holds no run `run_id` (nothing to check for None: the latest)."""
    if run_id is None:
        return
    if has_runs_table(con) and run(con, "SELECT 1 FROM control_runs WHERE run_id = ?", [run_id]):
        return
    raise NotFoundError(
        "RUN-ONBEKEND",
        f"Er is geen controlerun {run_id} in deze gegevens. Kies een run uit de lijst op het overzicht, "
        "of laat run weg voor de laatste.",
        "query.run",
    )
