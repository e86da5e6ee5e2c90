"""Clients, referral, triage and trajectories of one municipality, as allocations with their dates.

A trajectory's duration is drawn from the CBS bands weighted by (duration + 1 year), and its start
uniformly over the window in which it overlaps the year: then the trajectories ending in the year
follow the bands exactly, as in a steady state [CBS-85096][I].
"""

from __future__ import annotations

from datetime import date, timedelta

from zorgpad.synth import calibration as cal
from zorgpad.synth.context import Context
from zorgpad.synth.facts import MunicipalityFacts, ProductFacts
from zorgpad.synth.identity import bsn_from_index, person
from zorgpad.synth.model import Allocation, Client, Trajectory

YEAR_DAYS = 365
DOMAINS_ORDER = ("psychisch", "gedrag", "opvoeding", "ontwikkeling", "zelfredzaamheid", "veiligheid", "leren")


def _weighted(ctx: Context, options: tuple[tuple[str, float], ...]) -> str:
    pick = ctx.rng.random() * sum(w for _, w in options)
    for value, weight in options:
        pick -= weight
        if pick <= 0:
            return value
    return options[-1][0]


# Band weights proportional to share x (mean duration + 1 year), see the module docstring.
_BANDS = tuple((lo, hi, p * ((lo + hi) / 2 + YEAR_DAYS)) for _, lo, hi, p in cal.DURATION_BANDS)
_BANDS_TOTAL = sum(w for _, _, w in _BANDS)


def draw_duration(ctx: Context) -> int:
    pick = ctx.rng.random() * _BANDS_TOTAL
    lo, hi = _BANDS[-1][:2]
    for band_lo, band_hi, weight in _BANDS:
        pick -= weight
        if pick <= 0:
            lo, hi = band_lo, band_hi
            break
    while True:  # density within the band proportional to (d + 1 year): rejection sampling
        days = ctx.rng.randint(lo, hi)
        if ctx.rng.random() * (hi + YEAR_DAYS) <= days + YEAR_DAYS:
            return days


def prevalence(ctx: Context, municipality: MunicipalityFacts) -> float:
    if municipality.prevalence is not None:
        return municipality.prevalence
    # [CBS-JM24][NIEUWS-2024]: 5-20 %, national 10.6 %.
    return ctx.rng.triangular(cal.PREVALENCE_MIN, cal.PREVALENCE_MAX, cal.PREVALENCE_MODE)


def new_client(ctx: Context, municipality: MunicipalityFacts) -> Client:
    birth, sex, prefix, surname, initials = person(ctx.rng, date(ctx.year, 7, 1))
    ctx.client_index += 1
    house = ctx.rng.randint(1, 250)
    postcode = f"{1000 + (int(municipality.code) * 37 + ctx.client_index) % 9000}{'ABCDEFGHJK'[house % 10]}B"
    return Client(
        bsn_from_index(ctx.client_index),
        birth,
        sex,
        prefix,
        surname,
        initials,
        municipality.code,
        house,
        postcode,
    )


def fits_duration(product: ProductFacts, days: int) -> bool:
    """A product that is never renewed (crisis) only takes trajectories within one allocation."""
    return product.renewable or days <= 28 * product.max_allocation_months


def triage(ctx: Context, municipality: str, referrer: str, days: int) -> tuple[ProductFacts, str, int] | None:
    """Care need -> product: stay with probability STAY_SHARE [CBS-JH21-2]; domain and complexity fit."""
    key = (municipality, referrer)
    candidates = ctx.referable.get(key)
    if candidates is None:
        candidates = ctx.referable[key] = tuple(
            p for p in ctx.facts.products_in(municipality) if referrer in p.allowed_referrers
        )
    products = [p for p in candidates if p.renewable or fits_duration(p, days)]
    if not products:
        return None
    stay = ctx.rng.random() < cal.STAY_SHARE
    pool = [p for p in products if p.with_stay == stay] or products
    product = pool[ctx.rng.randrange(len(pool))]
    domain = product.domains[ctx.rng.randrange(len(product.domains))]
    return product, domain, product.complexity


def choose_provider(ctx: Context, product: ProductFacts, municipality: str, excluded: set[str]) -> str | None:
    """Round-robin over the contracted providers, so every contract gets clients [I]."""
    providers = [a for a in ctx.facts.providers_for(product.code, municipality) if a not in excluded]
    if not providers:
        return None
    ctx.rr_index[(product.code, municipality)] += 1
    return providers[ctx.rr_index[(product.code, municipality)] % len(providers)]


def draw_referrer(ctx: Context) -> str:
    """COD327 referrer of a trajectory [CBS-85096]."""
    return _weighted(ctx, tuple((code, share) for code, _, share in cal.REFERRER_SHARES))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def plan_trajectory(
    ctx: Context, client: Client, busy: dict[str, tuple[date, date]], never_light: str | None, referrer: str
) -> Trajectory | None:
    municipality = client.municipality
    days = draw_duration(ctx)
    found = triage(ctx, municipality, referrer, days)
    if found is None:
        return None
    product, domain, complexity = found
    year_start, year_end = ctx.year_start, ctx.year_end
    start = (
        year_start - timedelta(days=days - 1) + timedelta(days=ctx.rng.randint(0, days - 1 + YEAR_DAYS - 1))
    )
    # Care (and every message about it) starts after birth: a baby's trajectory starts later.
    start = max(start, client.birth + timedelta(weeks=cal.WAIT_WEEKS_MAX + 4))
    if start > year_end:
        return None
    end = start + timedelta(days=days - 1)
    excluded = {a for a, (b, e) in busy.items() if b <= end and start <= e}
    if never_light is not None and product.code in ctx.facts.lighter_codes_of(never_light):
        excluded.add(never_light)  # ZP111: this provider never delivers its lighter products
    provider = choose_provider(ctx, product, municipality, excluded)
    if provider is None:
        return None
    busy[provider] = (start, end)
    wait = timedelta(weeks=ctx.rng.triangular(cal.WAIT_WEEKS_MIN, cal.WAIT_WEEKS_MAX, cal.WAIT_WEEKS_MODE))
    term = timedelta(days=product.referral_term_days)
    wait = min(wait, term - timedelta(days=14))  # clean by construction: care starts within the term
    referral_date = start - wait
    ctx.trajectory_index += 1
    trajectory = Trajectory(
        ident=f"T{ctx.trajectory_index:08d}",
        client=client,
        provider=provider,
        referrer=referrer,
        referral_date=referral_date,
        referral_term_end=None if referrer in ("01", "06") else referral_date + term,
        domain=domain,
        complexity=complexity,
        start=start,
        end=end,
    )
    _allocations(ctx, trajectory, product)
    end = trajectory.end
    days = (end - start).days + 1
    tally = ctx.tally
    tally.trajectories[municipality] += 1
    tally.referrers[referrer] += 1
    tally.with_stay += product.with_stay
    if year_start <= end <= year_end:
        for label, lo, hi, _ in cal.DURATION_BANDS:
            if lo <= days <= hi:
                tally.ended_bands[label] += 1
    return trajectory


def _allocations(ctx: Context, trajectory: Trajectory, product: ProductFacts) -> None:
    """Cut the trajectory into allocations of at most the product's maximum length; sometimes step."""
    current, begin, kind = product, trajectory.start, "instroom"
    while begin <= trajectory.end:
        stop = min(trajectory.end, add_months(begin, current.max_allocation_months) - timedelta(days=1))
        allocation = Allocation(
            number=ctx.allocation_number(trajectory.client.municipality),
            client=trajectory.client,
            provider=trajectory.provider,
            product=current,
            start=begin,
            end=stop,
            monthly_volume=0,
            decided_on=begin - timedelta(days=cal.ANSWER_DAYS),
            kind=kind,
        )
        trajectory.allocations.append(allocation)
        if not current.renewable:  # a crisis ends: the trajectory ends with this allocation
            trajectory.end = stop
            break
        begin = stop + timedelta(days=1)
        kind = "verlenging"
        if begin <= trajectory.end and ctx.rng.random() < cal.STEP_SHARE * 2:
            step = _step(ctx, trajectory, current)
            if step is not None:
                current, kind = step


def _step(ctx: Context, trajectory: Trajectory, current: ProductFacts) -> tuple[ProductFacts, str] | None:
    municipality, provider = trajectory.client.municipality, trajectory.provider
    for code in current.lighter_alternatives:
        if ctx.facts.has_product(code) and ctx.facts.is_contracted(provider, code, municipality):
            trajectory.complexity = ctx.facts.product(code).complexity
            return ctx.facts.product(code), "afschaling"
    heavier = [
        p
        for p in ctx.facts.products
        if current.code in p.lighter_alternatives and ctx.facts.is_contracted(provider, p.code, municipality)
    ]
    if heavier:
        trajectory.complexity = heavier[0].complexity
        return heavier[0], "opschaling"
    return None
