"""From a planned trajectory to messages, access records and spooled claim lines."""

from __future__ import annotations

from datetime import date, timedelta

from zorgpad.synth import calibration as cal
from zorgpad.synth.claims import months_touched, spool_claims
from zorgpad.synth.context import Context, csv_field
from zorgpad.synth.facts import OUTPUT_UNIT
from zorgpad.synth.messages_xml import (
    write_jw301,
    write_jw305,
    write_jw307,
    write_jw315,
    write_jw317,
    write_jw319,
)
from zorgpad.synth.model import Allocation, Trajectory
from zorgpad.synth.trajectories import add_months


def monthly_volume(allocation: Allocation) -> int:
    """Allocated volume per month, within every maximum of the product (clean by construction)."""
    product = allocation.product
    volume = cal.MONTHLY_VOLUME[product.unit]
    if product.max_volume is not None:
        amount, per = product.max_volume
        if per == "maand":
            volume = min(volume, amount)
        elif per == "week":
            volume = min(volume, amount * 4)
        elif per == "jaar":
            volume = min(volume, amount // 12)
        elif per == "toewijzing":
            volume = min(volume, amount // months_touched(allocation.start, allocation.end))
    return max(1, volume)


def size(allocation: Allocation) -> None:
    """Volume per month and, for the allocation's Frequentie, the Volume in its Omvang."""
    allocation.monthly_volume = monthly = monthly_volume(allocation)
    if allocation.frequency == "2":
        weekly = max(1, round(monthly * 12 / 52))
        if allocation.product.max_volume is not None:  # per week (from_catalog allows nothing else)
            weekly = min(weekly, allocation.product.max_volume[0])
        allocation.volume = weekly
    elif allocation.frequency == "6" and allocation.product.unit == OUTPUT_UNIT:
        allocation.volume = 1  # one result for the whole allocation (a diagnosis: its report)
    elif allocation.frequency == "6":
        allocation.volume = monthly * months_touched(allocation.start, allocation.end)
    else:
        allocation.volume = monthly


def _allocation_anomaly(ctx: Context, trajectory: Trajectory, allocation: Allocation, last: bool) -> None:
    """At most one allocation-level anomaly, only where it can be the sole fault."""
    product, year_start = allocation.product, date(ctx.year, 1, 1)
    if allocation.end < year_start or allocation.start > date(ctx.year, 10, 31):
        return
    if (
        allocation.kind == "instroom"
        and trajectory.referral_term_end is not None
        and allocation.start >= year_start
        and ctx.selector.take("expired_referral")
    ):
        trajectory.referral_date = allocation.start - timedelta(days=product.referral_term_days + 30)
        trajectory.referral_term_end = trajectory.referral_date + timedelta(days=product.referral_term_days)
        allocation.anomaly = "expired_referral"
        return
    if product.prior_provision is not None and ctx.selector.take("prior_provision"):
        allocation.anomaly = "prior_provision"
        return
    lighter = [c for c in product.lighter_alternatives if ctx.facts.has_product(c)]
    if lighter and ctx.selector.take("lighter_alternative_fits"):
        allocation.anomaly = "lighter_alternative_fits"
        return
    per = product.max_volume[1] if product.max_volume else None
    monthly = allocation.frequency == "4"
    if per in ("week", "maand") and monthly and ctx.selector.take("beyond_max_volume"):
        amount = product.max_volume[0] if product.max_volume else 0
        allocation.monthly_volume = allocation.volume = (amount * 6 if per == "week" else amount) + 2
        allocation.anomaly = "beyond_max_volume"
        return
    if last and allocation.start >= year_start and ctx.selector.take("beyond_max_duration"):
        allocation.labelled_from = add_months(allocation.start, product.max_allocation_months)
        allocation.end = max(allocation.end, add_months(allocation.start, product.max_allocation_months + 3))
        size(allocation)  # a total maximum is spread anew
        allocation.anomaly = "beyond_max_duration"


def _access_row(ctx: Context, trajectory: Trajectory, allocation: Allocation) -> None:
    product = allocation.product
    domain = trajectory.domain if trajectory.domain in product.domains else product.domains[0]
    complexity = product.complexity
    if allocation.anomaly == "lighter_alternative_fits":
        lighter = ctx.facts.product(next(c for c in product.lighter_alternatives if ctx.facts.has_product(c)))
        domain, complexity = lighter.domains[0], lighter.complexity
    first = allocation.kind == "instroom"
    prior = product.prior_provision if allocation.anomaly == "prior_provision" else "geen"
    term_end = trajectory.referral_term_end
    client = allocation.client
    ctx.referrals.write(
        f"{trajectory.ident},{client.municipality},{client.bsn},{allocation.provider},{allocation.number},"
        f"{product.code},{allocation.kind},{trajectory.referrer},"
        f"{trajectory.referral_date.isoformat() if first else ''},"
        f"{term_end.isoformat() if first and term_end else ''},{csv_field(domain)},{complexity},"
        f"{csv_field(prior or '')},{allocation.start.isoformat()},{allocation.end.isoformat()}\n"
    )


def _frequency(ctx: Context, allocation: Allocation) -> None:
    """The allocation's Frequentie (WEEKLY_SHARE per week where allowed) and its volumes."""
    weekly = allocation.product.weekly and ctx.rng.random() < cal.WEEKLY_SHARE
    allocation.frequency = "2" if weekly else allocation.product.frequency
    size(allocation)


def deliver(ctx: Context, trajectory: Trajectory) -> None:
    """Write every message of the trajectory, its access rows, and spool its claim lines.

    Allocations before or after the year only get their access row: they leave no traffic in it.
    """
    previous: Allocation | None = None
    year_start, year_end = ctx.year_start, ctx.year_end
    last = trajectory.allocations[-1]
    for allocation in trajectory.allocations:
        if allocation.end < year_start or allocation.start > year_end:
            _access_row(ctx, trajectory, allocation)
            previous = allocation
            continue
        _frequency(ctx, allocation)
        _allocation_anomaly(ctx, trajectory, allocation, allocation is last)
        ctx.tally.frequencies[allocation.frequency] += 1
        _access_row(ctx, trajectory, allocation)
        if ctx.write_messages:
            if previous is not None and previous.volume == 0:
                _frequency(ctx, previous)  # before the year, but its Omvang is in a JW301 or JW317 now
            _messages(ctx, trajectory, allocation, previous)
        spool_claims(ctx, allocation)
        previous = allocation


def _messages(
    ctx: Context, trajectory: Trajectory, allocation: Allocation, previous: Allocation | None
) -> None:
    rng, client, send = ctx.rng, allocation.client, ctx.send
    gemeente, provider = client.municipality, allocation.provider
    if allocation.kind == "instroom" and trajectory.referrer != "01":
        allocation.request_ref = ref = ctx.reference(provider, "V")
        asked = allocation.start - timedelta(days=cal.ANSWER_DAYS + 3)
        send(
            "JW315",
            provider,
            gemeente,
            lambda i: write_jw315(i, asked, allocation, trajectory.referrer, "01234567"),
        )
        if rng.random() < cal.REQUEST_INVESTIGATED_SHARE:
            send(
                "JW319",
                gemeente,
                provider,
                lambda i: write_jw319(i, asked + timedelta(days=2), gemeente, provider, ref, False),
            )
    if allocation.kind in ("opschaling", "afschaling") and previous is not None:
        allocation.request_ref = ctx.reference(provider, "W")
        asked = allocation.start - timedelta(days=14)
        request = allocation.request_ref
        send("JW317", provider, gemeente, lambda i: write_jw317(i, asked, request, previous, allocation))
    elif previous is not None and rng.random() < cal.CHANGE_REJECTED_SHARE * cal.STEP_SHARE:
        ref = ctx.reference(provider, "W")
        asked = previous.start + timedelta(days=20)
        if asked < previous.end:
            send("JW317", provider, gemeente, lambda i: write_jw317(i, asked, ref, previous, allocation))
            send(
                "JW319",
                gemeente,
                provider,
                lambda i: write_jw319(i, asked + timedelta(days=5), gemeente, provider, ref, True),
            )
    actual = [allocation]
    decided = allocation.decided_on
    if previous is not None and previous.end >= decided:
        actual.insert(0, previous)  # OP087: every actuele allocation of this client at this provider
    send("JW301", gemeente, provider, lambda i: write_jw301(i, decided, actual))
    started = allocation.start + timedelta(days=3)
    send("JW305", provider, gemeente, lambda i: write_jw305(i, started, allocation, allocation.start))
    if allocation.end <= ctx.year_end:
        last = allocation is trajectory.allocations[-1]
        reason = _stop_reason(ctx) if last else ("37" if allocation.kind != "verlenging" else "31")
        stopped = allocation.end + timedelta(days=3)
        send(
            "JW307",
            provider,
            gemeente,
            lambda i: write_jw307(i, stopped, allocation, allocation.start, allocation.end, reason),
        )
    ctx.care.after_messages(ctx, trajectory, allocation, previous, ctx.last_ident("JW305", provider))


def _stop_reason(ctx: Context) -> str:
    pick = ctx.rng.random()
    for code, share in cal.STOP_REASONS:
        pick -= share
        if pick <= 0:
            return code
    return cal.STOP_REASONS[0][0]
