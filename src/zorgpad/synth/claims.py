"""Monthly claim lines per allocation (BRIEF §2.4-§3.1), with line-level anomalies, rendered at once.

ProductPeriode = the calendar month clipped to the allocation (TR387/TR388); the delivered volume
stays within the allocation per period (TR321: per month, per ISO week touched, or the total) and in
sum (TR322); tariff = contract tariff (TR418); amount = volume x tariff (TR346). An anomaly changes
exactly one of these facts.

This is the hot path of the generator (millions of lines at national scale): a clean line costs a few
arithmetic steps, one template rendering and one append.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from zorgpad.synth import calibration as cal
from zorgpad.synth.anomalies import RULES
from zorgpad.synth.claims_xml import (
    BEGIN_END,
    DEBIT_CLOSE,
    END_VOLUME,
    PRESTATIE_OPEN,
    TARIFF_AMOUNT,
    clean_middle,
    prestatie,
    product_part,
    unit_part,
)
from zorgpad.synth.context import Context
from zorgpad.synth.emit import declaration_for, on_sessions
from zorgpad.synth.facts import OUTPUT_UNIT
from zorgpad.synth.model import Allocation

UNKNOWN_ALLOCATION_BASE = 990_000_000


class Line(NamedTuple):
    """One Prestatie before rendering (the slow path: only lines an anomaly touches)."""

    ref: str
    prev: str
    number: str
    begin: str
    end: str
    volume: int
    tariff: int
    amount: int
    dc: str


def iso_weeks(first: date, last: date) -> int:
    """ISO weeks (Monday-Sunday) the period touches (IV077)."""
    return iso_weeks_ord(first.toordinal(), last.toordinal())


def iso_weeks_ord(first: int, last: int) -> int:
    """`iso_weeks` on day ordinals (day 1 of year 1 is a Monday)."""
    return ((last - (last - 1) % 7) - (first - (first - 1) % 7)) // 7 + 1


def months_touched(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def capacity(allocation: Allocation) -> int:
    """The allocated volume over the whole allocation (TR322)."""
    if allocation.frequency == "6":
        return allocation.volume
    if allocation.frequency == "2":
        return allocation.volume * iso_weeks(allocation.start, allocation.end)
    return allocation.volume * months_touched(allocation.start, allocation.end)


def spool_claims(ctx: Context, allocation: Allocation) -> None:
    a_start, a_end = allocation.start, allocation.end
    if a_end < ctx.year_start or a_start > ctx.year_end:
        return
    product, provider = allocation.product, allocation.provider
    bsn, municipality = allocation.client.bsn, allocation.client.municipality
    pieces = ctx.product_parts.get(product.code)
    if pieces is None:
        pieces = ctx.product_parts[product.code] = (
            product_part(product.category, product.code),
            unit_part(product.unit),
        )
    part, unit_tail = pieces
    tariffs = ctx.facts.tariffs(provider, product.code, municipality)
    number = str(allocation.number)
    middle = clean_middle(number, part)
    unit, frequency, volume_per = product.unit, allocation.frequency, allocation.volume
    monthly = allocation.monthly_volume
    room = capacity(allocation)
    labelled_kind = allocation.anomaly
    labelled_from = allocation.labelled_from.toordinal() if allocation.labelled_from is not None else 0
    rnd, refs, quota = ctx.rng.random, ctx.refs, ctx.selector.line
    open_months = ctx.by_provider.get(provider)  # this provider's open declarations by month
    if open_months is None:
        open_months = ctx.by_provider[provider] = [None] * 13
    low, width = cal.DELIVERY_SHARE_MIN, cal.DELIVERY_SHARE_MAX - cal.DELIVERY_SHARE_MIN
    sessions = product.individual_sessions and unit == "04"
    by_days = unit == "14"
    weekly, total = frequency == "2", frequency == "6"
    at_cap = labelled_kind == "beyond_max_volume"
    lines = amount_total = 0
    s, e = a_start.toordinal(), a_end.toordinal()
    start_iso, end_iso_a = a_start.isoformat(), a_end.isoformat()
    m_first = 1 if a_start < ctx.year_start else a_start.month
    m_last = 12 if a_end > ctx.year_end else a_end.month
    if total and unit == OUTPUT_UNIT:
        # One output for the whole allocation, declared in the month it is delivered: the last.
        if a_end > ctx.year_end:
            return
        m_first = m_last
    for month in ctx.months[m_first : m_last + 1]:
        first, last, month_days = month.first_ord, month.last_ord, month.days
        if s > first:
            begin, begin_iso = s, start_iso
        else:
            begin, begin_iso = first, month.first_iso
        if e < last:
            end, end_iso = e, end_iso_a
        else:
            end, end_iso = last, month.last_iso
        days = end - begin + 1
        if weekly:
            period_cap = volume_per * iso_weeks_ord(begin, end)
            expected = volume_per * days / 7
        else:
            period_cap = room if total else monthly
            expected = monthly * days / month_days
        if by_days:
            volume = min(period_cap, days)
        elif at_cap:
            volume = period_cap
        else:
            volume = max(1, min(period_cap, round(expected * (low + width * rnd()))))
        if volume > room:
            volume = room  # never past the allocation's total (TR322)
        if volume <= 0:
            break
        room -= volume
        tariff = tariffs[month.number - 1]
        refs[provider] += 1
        ref = f"P{refs[provider]:010d}"
        declaration = open_months[month.number] or declaration_for(ctx, provider, month.number)
        full_month = days == month_days
        if labelled_kind is None:
            level = quota.level + quota.rate
            if level < 1.0:
                quota.level = level
                # The clean line: rendered straight from its pieces.
                amount = volume * tariff
                declaration.add(
                    bsn,
                    f"{PRESTATIE_OPEN}{ref}{middle}{begin_iso}{BEGIN_END}{end_iso}{END_VOLUME}{volume}"
                    f"{unit_tail}{tariff}{TARIFF_AMOUNT}{amount}{DEBIT_CLOSE}",
                    amount,
                )
                lines += 1
                amount_total += amount
                if sessions:
                    on_sessions(ctx, declaration, bsn, ref, begin, end, volume, full_month)
                continue
            quota.level = level - 1.0
            line, kind, extra = _line_anomaly(
                ctx, allocation, ref, month.number, begin, end, volume, period_cap, room
            )
            if line is None:
                line = Line(ref, "", number, begin_iso, end_iso, volume, tariff, volume * tariff, "D")
        else:
            kind = labelled_kind if begin >= labelled_from else ""
            extra = None
            line = Line(ref, "", number, begin_iso, end_iso, volume, tariff, volume * tariff, "D")
        amount = line.amount
        declaration.add(bsn, _render(line, part, unit), amount)
        lines += 1
        amount_total += amount
        if kind:
            ctx.label(declaration.name, line.ref, kind, RULES[kind])
        if sessions:
            # The original of a duplicate or of a credit's chain is never also part of a group (one
            # anomaly per claim chain): `chain` makes it ineligible.
            chain = kind or (extra[2] if extra is not None else "") or labelled_kind or ""
            on_sessions(ctx, declaration, bsn, line.ref, begin, end, line.volume, full_month, chain)
        if extra is not None:
            when, other, other_kind = extra
            target = declaration_for(ctx, provider, when)
            signed = other.amount if other.dc == "D" else -other.amount
            target.add(bsn, _render(other, part, unit), signed)
            lines += 1
            amount_total += signed
            ctx.label(target.name, other.ref, other_kind, RULES[other_kind])
            if other.dc == "D":
                room -= other.volume
    tally = ctx.tally
    tally.claim_lines += lines
    tally.lines_by_product[product.code] += lines
    tally.amount_by_product[product.code] += amount_total
    tally.lines_by_provider[provider] += lines
    tally.amount_by_provider[provider] += amount_total
    tally.amount_by_municipality[municipality] += amount_total


def _render(line: Line, part: str, unit: str) -> str:
    return prestatie(
        line.ref, line.prev, line.number, part, line.begin, line.end, line.volume, unit, str(line.tariff),
        line.amount, line.dc,
    )  # fmt: skip


def _line_anomaly(
    ctx: Context,
    allocation: Allocation,
    ref: str,
    month: int,
    begin: int,
    end: int,
    volume: int,
    period_cap: int,
    slack: int,
) -> tuple[Line | None, str, tuple[int, Line, str] | None]:
    """Turn this line (or a companion line) into the next line anomaly in turn that fits it.

    Returns (changed line or None when none fits, its kind, companion (month, line, kind) or None).
    `begin` and `end` are day ordinals; `slack` is what the allocation's total still allows after this line.
    """
    info = ctx.months[month]
    product = allocation.product
    tariff = ctx.facts.tariffs(allocation.provider, product.code, allocation.client.municipality)[month - 1]
    begin_iso = date.fromordinal(begin).isoformat() if begin > info.first_ord else info.first_iso
    end_iso = date.fromordinal(end).isoformat() if end < info.last_ord else info.last_iso
    line = Line(ref, "", str(allocation.number), begin_iso, end_iso, volume, tariff, volume * tariff, "D")
    # ZP105 stays clean: what the product's maximum allows in this period.
    product_cap = None
    if product.max_volume is not None and product.max_volume[1] in ("week", "maand"):
        amount, per = product.max_volume
        # ZP105: a weekly maximum pro rata over the period's days, rounded up to a whole unit.
        product_cap = (amount * (end - begin + 1) + 6) // 7 if per == "week" else amount
    over = period_cap + 1
    fits = {
        "claim_before_allocation": begin == allocation.start.toordinal() and begin > info.first_ord,
        "claim_after_allocation": end == allocation.end.toordinal() and end < info.last_ord,
        "volume_above_allocation": allocation.frequency in ("4", "2")
        and product.unit != "14"
        and (product_cap is None or over <= product_cap)
        and over - volume <= slack,
        "duplicate_claim": month < 12
        and (product_cap is None or volume * 2 <= product_cap)
        and volume <= slack,
    }
    selector = ctx.selector
    for kind in selector.line_kinds():
        if not fits.get(kind, True):
            continue
        selector.chose(kind)
        if kind == "claim_before_allocation":
            return line._replace(begin=info.first_iso), kind, None
        if kind == "claim_after_allocation":
            return line._replace(end=info.last_iso), kind, None
        if kind == "volume_above_allocation":
            return line._replace(volume=over, amount=over * tariff), kind, None
        if kind == "duplicate_claim":
            return line, "", (month + 1, line._replace(ref=ctx.reference(allocation.provider, "P")), kind)
        if kind == "credit_without_debit":
            credit = line._replace(ref=ctx.reference(allocation.provider, "P"), prev=f"X{ref[1:]}", dc="C")
            return line, "", (month, credit, kind)
        if kind == "tariff_not_contract":
            wrong = tariff + max(1, tariff // 20)
            return line._replace(tariff=wrong, amount=volume * wrong), kind, None
        if kind == "amount_not_volume_x_tariff":
            return line._replace(amount=line.amount + 1 + ctx.rng.randrange(500)), kind, None
        number = UNKNOWN_ALLOCATION_BASE + ctx.tally.anomalies["unknown_allocation"] + 1
        return line._replace(number=str(number)), kind, None
    return None, "", None
