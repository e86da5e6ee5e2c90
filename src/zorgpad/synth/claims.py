"""Monthly claim lines per allocation (BRIEF §2.4-§3.1), with line-level anomalies, into the spool.

ProductPeriode = the calendar month clipped to the allocation (TR387/TR388); the delivered volume
stays within the monthly allocation (TR321) and the cumulative one (TR322); tariff = contract tariff
(TR418); amount = volume x tariff (TR346). An anomaly changes exactly one of these facts.
"""

from __future__ import annotations

from datetime import date, timedelta

from zorgpad.synth import calibration as cal
from zorgpad.synth.anomalies import RULES
from zorgpad.synth.context import Context
from zorgpad.synth.model import Allocation
from zorgpad.synth.spool import ClaimLine

UNKNOWN_ALLOCATION_BASE = 990_000_000


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return first, last


def spool_claims(ctx: Context, allocation: Allocation) -> None:
    year, product = ctx.year, allocation.product
    months = [
        m
        for m in range(1, 13)
        if month_bounds(year, m)[0] <= allocation.end and allocation.start <= month_bounds(year, m)[1]
    ]
    if not months:
        return
    touched = (
        (allocation.end.year - allocation.start.year) * 12 + allocation.end.month - allocation.start.month + 1
    )
    capacity = allocation.monthly_volume * touched  # TR322 cumulative maximum (Frequentie 4 or 6)
    used = 0
    labelled_kind = allocation.anomaly
    for month in months:
        first, last = month_bounds(year, month)
        begin, end = max(first, allocation.start), min(last, allocation.end)
        share = ((end - begin).days + 1) / ((last - first).days + 1)
        if product.unit == "14":
            volume = min(allocation.monthly_volume, (end - begin).days + 1)
        elif labelled_kind == "beyond_max_volume":
            volume = allocation.monthly_volume
        else:
            delivered = ctx.rng.uniform(cal.DELIVERY_SHARE_MIN, cal.DELIVERY_SHARE_MAX) * share
            volume = max(1, min(allocation.monthly_volume, round(allocation.monthly_volume * delivered)))
        used += volume
        tariff = ctx.facts.tariff(allocation.provider, product.code, allocation.client.municipality, month)
        kind = ""
        if labelled_kind is not None and (
            allocation.labelled_from is None or begin >= allocation.labelled_from
        ):
            kind = labelled_kind
        line = ClaimLine(
            allocation.client.bsn, ctx.reference(allocation.provider, "P"), "", str(allocation.number),
            product.category, product.code, begin.isoformat(), end.isoformat(), volume, product.unit,
            str(tariff), volume * tariff, "D", kind, RULES[kind] if kind else "", product.individual_sessions,
        )  # fmt: skip
        if labelled_kind is None:
            line, extra = _line_anomaly(ctx, allocation, line, month, capacity - used)
            if extra is not None:
                used += extra[1].volume if extra[1].dc == "D" else 0
                ctx.spool.add(allocation.provider, extra[0], extra[1])
        ctx.spool.add(allocation.provider, month, line)


def _line_anomaly(
    ctx: Context, allocation: Allocation, line: ClaimLine, month: int, slack: int
) -> tuple[ClaimLine, tuple[int, ClaimLine] | None]:
    """Maybe turn this line (or a companion line) into exactly one labelled anomaly."""
    take = ctx.selector.take
    tariff = int(line.tariff)
    first, last = month_bounds(ctx.year, month)
    product = allocation.product
    max_volume = product.max_volume
    per_period_cap = None
    if max_volume is not None and max_volume[1] in ("week", "maand"):
        per_period_cap = max_volume[0] * (4 if max_volume[1] == "week" else 1)

    def labelled(kind: str, **changes: object) -> ClaimLine:
        values = {**line.__dict__, **changes, "kind": kind, "rule": RULES[kind]}
        return ClaimLine(**values)

    starts_here = allocation.start.year == ctx.year and allocation.start.month == month
    if starts_here and allocation.start > first and take("claim_before_allocation"):
        return labelled("claim_before_allocation", begin=first.isoformat()), None
    ends_here = allocation.end.year == ctx.year and allocation.end.month == month
    if ends_here and allocation.end < last and take("claim_after_allocation"):
        return labelled("claim_after_allocation", end=last.isoformat()), None
    over = allocation.monthly_volume + 1
    fits_cap = per_period_cap is None or over <= per_period_cap
    monthly = product.frequency == "4" and product.unit != "14"
    if monthly and fits_cap and over - line.volume <= slack and take("volume_above_allocation"):
        return labelled("volume_above_allocation", volume=over, amount=over * tariff), None
    doubled_ok = per_period_cap is None or line.volume * 2 <= per_period_cap
    if month < 12 and doubled_ok and line.volume <= slack and take("duplicate_claim"):
        copy = labelled("duplicate_claim", ref=ctx.reference(allocation.provider, "P"), sessions=False)
        return line, (month + 1, copy)
    if take("credit_without_debit"):
        credit = labelled(
            "credit_without_debit",
            ref=ctx.reference(allocation.provider, "P"),
            prev_ref=f"X{line.ref[1:]}",
            dc="C",
            sessions=False,
        )
        return line, (month, credit)
    if take("tariff_not_contract"):
        wrong = tariff + max(1, tariff // 20)
        return labelled("tariff_not_contract", tariff=str(wrong), amount=line.volume * wrong), None
    if take("amount_not_volume_x_tariff"):
        return labelled("amount_not_volume_x_tariff", amount=line.amount + 1 + ctx.rng.randrange(500)), None
    if take("unknown_allocation"):
        number = UNKNOWN_ALLOCATION_BASE + ctx.tally.anomalies["unknown_allocation"] + 1
        return labelled("unknown_allocation", allocation=str(number)), None
    return line, None
