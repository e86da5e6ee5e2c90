"""Turn a municipality's spooled claim lines into JW323 files, truth rows and delivery records."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zorgpad.synth.anomalies import MALFORMED_KINDS, RULES
from zorgpad.synth.claims import month_bounds
from zorgpad.synth.claims_xml import write_jw323
from zorgpad.synth.context import Context
from zorgpad.synth.spool import ClaimLine
from zorgpad.synth.xmlbase import message_path

SESSION_COLUMNS = ("aanbieder", "medewerker", "bsn", "datum", "begintijd", "minuten", "setting")
GROUP_SIZE = 4


class Sessions:
    """Delivery records of one provider in one municipality and month, collision-free per staff member."""

    def __init__(self, writer: Any, agb: str, municipality: str) -> None:
        self.writer, self.agb, self.municipality = writer, agb, municipality
        self.busy: dict[tuple[int, date], int] = {}  # (staff, day) -> next free hour
        self.next_staff = 0

    def slot(self, begin: date, end: date) -> tuple[int, date, int]:
        """The next free hour (08:00-16:00) of a team member within [begin, end]."""
        staff = self.next_staff % 40
        self.next_staff += 1
        span = (end - begin).days + 1
        offset = self.next_staff % span
        while True:
            for step in range(span):
                day = begin + timedelta(days=(offset + step) % span)
                hour = self.busy.get((staff, day), 8)
                if hour < 17:
                    self.busy[(staff, day)] = hour + 1
                    return staff, day, hour
            staff += 40  # this member is fully booked in the period: another member of the team

    def write(
        self, bsn: str, begin: date, end: date, hours: int, slot: tuple[int, date, int] | None = None
    ) -> None:
        for index in range(hours):
            staff, day, hour = slot if slot is not None and index == 0 else self.slot(begin, end)
            self.writer.writerow(
                (
                    self.agb,
                    f"{self.municipality}-{staff:03d}",
                    bsn,
                    day.isoformat(),
                    f"{hour:02d}:00",
                    60,
                    "praktijk",
                )
            )


def emit_municipality(ctx: Context, municipality: str, session_writers: dict[str, Any]) -> None:
    for provider, month in ctx.spool.pending():
        _emit_declaration(ctx, municipality, provider, month, session_writers)
    ctx.spool.clear()


def session_writer(ctx: Context, agb: str, files: list[Any]) -> Any:
    handle = (ctx.out / "sessies" / f"{agb}.csv").open("w", encoding="utf-8", newline="")
    files.append(handle)
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(SESSION_COLUMNS)
    return writer


def _emit_declaration(
    ctx: Context, municipality: str, provider: str, month: int, writers: dict[str, Any]
) -> None:
    period = month_bounds(ctx.year, month)
    dagtekening = period[1] + timedelta(days=5)  # declared early in the next month (TR137)
    total = ctx.spool.totals[(provider, month)]
    number = f"D{municipality}{ctx.year}{month:02d}"
    malformed = next((k for k in MALFORMED_KINDS if ctx.selector.take(k)), None)
    if malformed is not None:
        # A first attempt that fails XSD or level 2 counts as not sent; the good one follows.
        ident = ctx.ident("JW323", provider)
        path = message_path(ctx.out, "JW323", provider, municipality, ident)
        write_jw323(path, provider, municipality, ident, number + "F", period, dagtekening, total,
                    map(_renamed, ctx.spool.lines(provider, month)), RULES[malformed])  # fmt: skip
        ctx.label(path, ident, malformed, RULES[malformed])
        ctx.tally.messages["JW323"] += 1
    ident = ctx.ident("JW323", provider)
    path = message_path(ctx.out, "JW323", provider, municipality, ident)
    sessions = Sessions(writers[provider], provider, municipality)
    group: list[ClaimLine] = []
    begin, end = period

    def on_line(line: ClaimLine) -> None:
        tally = ctx.tally
        tally.claim_lines += 1
        signed = line.amount if line.dc == "D" else -line.amount
        tally.lines_by_product[line.code] += 1
        tally.amount_by_product[line.code] += signed
        tally.lines_by_provider[provider] += 1
        tally.amount_by_provider[provider] += signed
        tally.amount_by_municipality[municipality] += signed
        if line.kind:
            ctx.label(path, line.ref, line.kind, line.rule)
        if not line.sessions or line.unit != "04":
            return
        full = line.begin == begin.isoformat() and line.end == end.isoformat()
        eligible = not line.kind and full and line.dc == "D" and all(g.bsn != line.bsn for g in group)
        if eligible and (group or ctx.selector.take("group_as_individual")):
            group.append(line)
            if len(group) == GROUP_SIZE:
                _write_group(ctx, path, sessions, group, begin, end)
            return
        sessions.write(line.bsn, date.fromisoformat(line.begin), date.fromisoformat(line.end), line.volume)

    write_jw323(path, provider, municipality, ident, number, period, dagtekening, total,
                ctx.spool.lines(provider, month), None, on_line)  # fmt: skip
    for line in group:  # an unfinished group is just individual care
        sessions.write(line.bsn, begin, end, line.volume)
    ctx.tally.messages["JW323"] += 1


def _write_group(
    ctx: Context, path: Path, sessions: Sessions, group: list[ClaimLine], begin: date, end: date
) -> None:
    """One staff member sees GROUP_SIZE clients together; each is claimed as individual care (ZP101)."""
    shared = sessions.slot(begin, end)
    for line in group:
        sessions.write(line.bsn, begin, end, line.volume, shared)
        ctx.label(path, line.ref, "group_as_individual", RULES["group_as_individual"])
    group.clear()


def _renamed(line: ClaimLine) -> ClaimLine:
    return ClaimLine(**{**line.__dict__, "ref": "F" + line.ref[1:], "prev_ref": line.prev_ref})
