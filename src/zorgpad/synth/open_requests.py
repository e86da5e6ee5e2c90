"""Requests received in the last days of the year and not answered yet: open on 31 December.

A municipality answers a JW315 within 5 working days (OP274); what a provider sends in the last days of
December is still open when the simulated period ends. Now and then a client with care in the year
asks for one more product: a JW315 dated in the last OPEN_REQUEST_DAYS days of the year for care that
starts in January, with the access team's referral record (`toegang/verwijzingen.csv`, soort
`instroom`, no ToewijzingNummer yet). No JW301, JW319, JW305 or claim line follows, so there is
nothing in truth.csv either. The product is one the client has no allocation of, so the record never
counts as the referral of the client's claim lines.
"""

from __future__ import annotations

from datetime import timedelta

from zorgpad.synth import calibration as cal
from zorgpad.synth.context import Context, csv_field
from zorgpad.synth.delivery import size
from zorgpad.synth.messages_xml import write_jw315
from zorgpad.synth.model import Allocation, Client, Trajectory
from zorgpad.synth.trajectories import add_months, choose_provider, draw_duration, triage

# Referrers whose referral reaches the municipality as a provider's request (not the access team, 01).
_REQUESTING = tuple((code, share) for code, _, share in cal.REFERRER_SHARES if code != "01")
_REQUESTING_TOTAL = sum(share for _, share in _REQUESTING)
_ONE_DAY = timedelta(days=1)


def _referrer(ctx: Context) -> str:
    pick = ctx.rng.random() * _REQUESTING_TOTAL
    for code, share in _REQUESTING:
        pick -= share
        if pick <= 0:
            return code
    return _REQUESTING[-1][0]


def maybe_open_request(
    ctx: Context, client: Client, trajectories: list[Trajectory], never_light: str | None
) -> None:
    """With probability OPEN_REQUEST_SHARE, write one unanswered JW315 of `client` (see module doc)."""
    rnd = ctx.rng.random
    if not trajectories or rnd() >= cal.OPEN_REQUEST_SHARE:
        return
    municipality, held = client.municipality, {a.product.code for t in trajectories for a in t.allocations}
    for _attempt in range(4):  # a product the client already has, or no provider: drawn again
        referrer = _referrer(ctx)
        days = draw_duration(ctx)
        found = triage(ctx, municipality, referrer, days)
        if found is None or found[0].code in held:
            continue
        product, domain, complexity = found
        excluded = (
            {never_light} if never_light is not None and product.code in ctx.never_light_codes else set()
        )
        provider = choose_provider(ctx, product, municipality, excluded)
        if provider is not None:
            break
    else:
        return
    asked = ctx.year_end - timedelta(days=int(rnd() * cal.OPEN_REQUEST_DAYS))
    start = asked + timedelta(days=cal.ANSWER_DAYS + 3)  # as for answered requests (delivery.py)
    end = min(start + timedelta(days=days - 1), add_months(start, product.max_allocation_months) - _ONE_DAY)
    allocation = Allocation(0, client, provider, product, start, end, 0, start, "instroom")
    allocation.frequency = product.frequency
    size(allocation)
    allocation.request_ref = ctx.reference(provider, "V")
    referral_date = asked - timedelta(days=int(rnd() * 14))
    term_end = (
        "" if referrer == "06" else (referral_date + timedelta(days=product.referral_term_days)).isoformat()
    )
    ctx.trajectory_index += 1
    ctx.referrals.write(
        f"T{ctx.trajectory_index:08d},{municipality},{client.bsn},{provider},,{product.code},instroom,{referrer},"
        f"{referral_date.isoformat()},{term_end},{csv_field(domain)},{complexity},geen,{start.isoformat()},"
        f"{end.isoformat()}\n"
    )
    ctx.send(
        "JW315", provider, municipality, lambda i: write_jw315(i, asked, allocation, referrer, "01234567")
    )
    ctx.tally.open_requests += 1
