"""Declarations of the municipality being simulated: opening them, delivery records, writing them out."""

from __future__ import annotations

from datetime import timedelta

from zorgpad.synth.anomalies import MALFORMED_KINDS, RULES
from zorgpad.synth.claims_xml import CODE, declaration_head
from zorgpad.synth.context import Context
from zorgpad.synth.sessions import Sessions
from zorgpad.synth.spool import Declaration
from zorgpad.synth.xmlbase import message_name

GROUP_SIZE = 4
DECLARATION_DELAY_DAYS = 5  # declared early in the next month (TR137)


def declaration_for(ctx: Context, provider: str, month: int) -> Declaration:
    """The JW323 of `provider` for `month` in the current municipality, opened on its first line.

    Its Identificatie (and that of a malformed first attempt, when this one gets one) is fixed now, so
    that truth rows can name the file as soon as a line is labelled.
    """
    key = (provider, month)
    found: Declaration | None = ctx.declarations.get(key)
    if found is not None:
        return found
    municipality = ctx.municipality
    broken = None
    fault = next((kind for kind in MALFORMED_KINDS if ctx.selector.take(kind)), None)
    if fault is not None:
        # A first attempt that fails XSD or level 2 counts as not sent; the good one follows.
        ident = ctx.ident(CODE, provider)
        name = message_name(CODE, provider, municipality, ident)
        broken = (RULES[fault], ident, name)
        ctx.label(name, ident, fault, RULES[fault])
    ident = ctx.ident(CODE, provider)
    declaration = Declaration(
        ctx.spool_folder, provider, month, ident, message_name(CODE, provider, municipality, ident), broken
    )
    ctx.declarations[key] = declaration
    months = ctx.by_provider.get(provider)
    if months is None:
        months = ctx.by_provider[provider] = [None] * 13
    months[month] = declaration
    return declaration


def on_sessions(
    ctx: Context,
    declaration: Declaration,
    bsn: str,
    ref: str,
    begin: int,
    end: int,
    hours: int,
    full_month: bool,
    chain: str = "",
) -> None:
    """Delivery records of one line of individual care in hours (period as day ordinals).

    Now and then the line joins a group (ZP101), but only a clean line whose chain carries no other
    anomaly: `chain` names the anomaly of the line, of its duplicate or credit, or of its allocation.
    """
    sessions = declaration.sessions
    if sessions is None:
        month = ctx.months[declaration.month]
        sessions = declaration.sessions = Sessions(
            ctx.session_file(declaration.provider),
            declaration.provider,
            ctx.municipality,
            month.first,
            month.last,
        )
    if not chain and full_month:
        group = declaration.group
        if group:
            if all(member[0] != bsn for member in group):
                group.append((bsn, ref, hours))
                if len(group) == GROUP_SIZE:
                    _write_group(ctx, declaration, sessions)
                return
        elif ctx.selector.group.take():
            group.append((bsn, ref, hours))
            return
    sessions.write(bsn, begin, end, hours)


def _write_group(ctx: Context, declaration: Declaration, sessions: Sessions) -> None:
    """One staff member sees GROUP_SIZE clients together; each is claimed as individual care (ZP101)."""
    month = ctx.months[declaration.month]
    day = month.first + timedelta(days=declaration.count % month.days)
    sessions.group([member[0] for member in declaration.group], day)
    for bsn, ref, hours in declaration.group:
        sessions.write_group_member(bsn, hours, day)
        ctx.label(declaration.name, ref, "group_as_individual", RULES["group_as_individual"])
    declaration.group.clear()


def emit_municipality(ctx: Context) -> None:
    """Write every declaration of the current municipality (with malformed first attempts) and clear them."""
    folder = ctx.outbox.folder(CODE)
    municipality = ctx.municipality
    for key in sorted(ctx.declarations):
        declaration = ctx.declarations[key]
        month = ctx.months[declaration.month]
        for bsn, _, hours in declaration.group:  # an unfinished group is just individual care
            declaration.sessions.write(bsn, month.first_ord, month.last_ord, hours)
        declaration.group.clear()
        period = (month.first, month.last)
        dagtekening = month.last + timedelta(days=DECLARATION_DELAY_DAYS)
        number = f"D{municipality}{ctx.year}{month.number:02d}"
        total = declaration.total
        head = declaration_head(
            declaration.provider, municipality, declaration.ident, number, period, dagtekening, total
        )
        broken_head = ""
        if declaration.broken is not None:
            wrong = total + (1 if total >= 0 else -1) if declaration.broken == "TR358" else total
            broken_head = declaration_head(
                declaration.provider,
                municipality,
                declaration.broken_ident,
                number + "F",
                period,
                dagtekening,
                wrong,
            )
            ctx.tally.messages[CODE] += 1
        declaration.write(folder, head, broken_head)
        ctx.tally.messages[CODE] += 1
    ctx.declarations.clear()
    ctx.by_provider.clear()
