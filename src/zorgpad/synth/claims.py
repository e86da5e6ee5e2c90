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
from zorgpad.synth.claims_xml import prestatie, product_part
from zorgpad.synth.context import Context
from zorgpad.synth.emit import declaration_for, on_sessions
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
    return ((last.toordinal() - last.weekday()) - (first.toordinal() - first.weekday())) // 7 + 1


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
    part = ctx.product_parts.get(product.code)
    if part is None:
        part = ctx.product_parts[product.code] = product_part(product.category, product.code)
    tariffs = ctx.facts.tariffs(provider, product.code, municipality)
    number = str(allocation.number)
    unit, frequency, volume_per = product.unit, allocation.frequency, allocation.volume
    monthly = allocation.monthly_volume
    room = capacity(allocation)
    labelled_kind = allocation.anomaly
    labelled_from = allocation.labelled_from
    uniform, reference, quota = ctx.rng.uniform, ctx.reference, ctx.selector.line
    declarations = ctx.declarations
    low, high = cal.DELIVERY_SHARE_MIN, cal.DELIVERY_SHARE_MAX
    sessions = product.individual_sessions and unit == "04"
    lines = amount_total = 0
    m_first = 1 if a_start < ctx.year_start else a_start.month
    m_last = 12 if a_end > ctx.year_end else a_end.month
    for month in ctx.months[m_first : m_last + 1]:
        begin = a_start if a_start > month.first else month.first
        end = a_end if a_end < month.last else month.last
        begin_iso = begin.isoformat() if begin is a_start else month.first_iso
        end_iso = end.isoformat() if end is a_end else month.last_iso
        days = (end - begin).days + 1
        if frequency == "2":
            period_cap = volume_per * iso_weeks(begin, end)
            expected = volume_per * days / 7
        else:
            period_cap = monthly if frequency == "4" else room
            expected = monthly * days / month.days
        if unit == "14":
            volume = min(period_cap, days)
        elif labelled_kind == "beyond_max_volume":
            volume = period_cap
        else:
            volume = max(1, min(period_cap, round(expected * uniform(low, high))))
        volume = min(volume, room)  # never past the allocation's total (TR322)
        if volume <= 0:
            break
        room -= volume
        tariff = tariffs[month.number - 1]
        kind = ""
        if labelled_kind is not None and (labelled_from is None or begin >= labelled_from):
            kind = labelled_kind
        ref = reference(provider, "P")
        declaration = declarations.get((provider, month.number)) or declaration_for(
            ctx, provider, month.number
        )
        line: Line | None = None
        extra = None
        if kind or labelled_kind is not None:
            line = Line(ref, "", number, begin_iso, end_iso, volume, tariff, volume * tariff, "D")
        else:
            level = quota.level + quota.rate
            if level >= 1.0:
                level -= 1.0
                line, kind, extra = _line_anomaly(
                    ctx, allocation, ref, month.number, begin, end, volume, period_cap, room
                )
            quota.level = level
            if line is None:
                # The clean line: rendered straight from its parts.
                amount = volume * tariff
                declaration.add(
                    bsn,
                    prestatie(
                        ref, "", number, part, begin_iso, end_iso, volume, unit, str(tariff), amount, "D"
                    ),
                    amount,
                )
                lines += 1
                amount_total += amount
                if sessions:
                    on_sessions(ctx, declaration, bsn, ref, begin, end, volume, days == month.days)
                continue
        amount = line.amount
        declaration.add(bsn, _render(line, part, unit), amount)
        lines += 1
        amount_total += amount
        if kind:
            ctx.label(declaration.name, line.ref, kind, RULES[kind])
        if sessions:
            on_sessions(ctx, declaration, bsn, line.ref, begin, end, line.volume, days == month.days, kind)
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
    begin: date,
    end: date,
    volume: int,
    period_cap: int,
    slack: int,
) -> tuple[Line | None, str, tuple[int, Line, str] | None]:
    """Turn this line (or a companion line) into the next line anomaly in turn that fits it.

    Returns (changed line or None when none fits, its kind, companion (month, line, kind) or None).
    `slack` is what the allocation's total still allows after this line.
    """
    info = ctx.months[month]
    product = allocation.product
    tariff = ctx.facts.tariffs(allocation.provider, product.code, allocation.client.municipality)[month - 1]
    begin_iso = begin.isoformat() if begin > info.first else info.first_iso
    end_iso = end.isoformat() if end < info.last else info.last_iso
    line = Line(ref, "", str(allocation.number), begin_iso, end_iso, volume, tariff, volume * tariff, "D")
    # ZP105 stays clean: what the product's maximum allows in this period.
    product_cap = None
    if product.max_volume is not None and product.max_volume[1] in ("week", "maand"):
        amount, per = product.max_volume
        product_cap = amount * (iso_weeks(begin, end) if per == "week" else 1)
    over = period_cap + 1
    fits = {
        "claim_before_allocation": begin == allocation.start and begin > info.first,
        "claim_after_allocation": end == allocation.end and end < info.last,
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
