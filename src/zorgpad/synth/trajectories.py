"""Clients, referral, triage and trajectories of one municipality, as allocations with their dates.

A trajectory's duration is drawn from the CBS bands weighted by (duration + 1 year), and its start
uniformly over the window in which it overlaps the year: then the trajectories ending in the year
follow the bands exactly, as in a steady state [CBS-85096][I].
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from zorgpad.synth import calibration as cal
from zorgpad.synth.context import Context
from zorgpad.synth.facts import MunicipalityFacts, ProductFacts
from zorgpad.synth.identity import bsn_from_index, person
from zorgpad.synth.model import Allocation, Client, Trajectory

YEAR_DAYS = 365
DOMAINS_ORDER = ("psychisch", "gedrag", "opvoeding", "ontwikkeling", "zelfredzaamheid", "veiligheid", "leren")


# Band weights proportional to share x (mean duration + 1 year), see the module docstring.
_BANDS = tuple((lo, hi, p * ((lo + hi) / 2 + YEAR_DAYS)) for _, lo, hi, p in cal.DURATION_BANDS)
_BANDS_TOTAL = sum(w for _, _, w in _BANDS)
_REFERRERS = tuple((code, share) for code, _, share in cal.REFERRER_SHARES)
_REFERRERS_TOTAL = sum(share for _, share in _REFERRERS)
# Care (and every message about it) starts after birth: at least the longest wait plus 4 weeks.
_EARLIEST_AFTER_BIRTH = round(7 * (cal.WAIT_WEEKS_MAX + 4))
_ONE_DAY = timedelta(days=1)


def draw_duration(ctx: Context) -> int:
    rnd = ctx.rng.random
    pick = rnd() * _BANDS_TOTAL
    lo, hi = _BANDS[-1][:2]
    for band_lo, band_hi, weight in _BANDS:
        pick -= weight
        if pick <= 0:
            lo, hi = band_lo, band_hi
            break
    while True:  # density within the band proportional to (d + 1 year): rejection sampling
        days = lo + int(rnd() * (hi - lo + 1))
        if rnd() * (hi + YEAR_DAYS) <= days + YEAR_DAYS:
            return days


def prevalence(ctx: Context, municipality: MunicipalityFacts) -> float:
    if municipality.prevalence is not None:
        return municipality.prevalence
    # [CBS-JM24][NIEUWS-2024]: 5-20 %, national 10.6 %.
    return ctx.rng.triangular(cal.PREVALENCE_MIN, cal.PREVALENCE_MAX, cal.PREVALENCE_MODE)


def new_client(ctx: Context, municipality: MunicipalityFacts) -> Client:
    birth, sex, prefix, surname, initials = person(ctx.rng, ctx.mid_year)
    ctx.client_index += 1
    house = 1 + int(ctx.rng.random() * 250)
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


def _candidates(
    ctx: Context, municipality: str, referrer: str, days: int
) -> tuple[tuple[ProductFacts, ...], tuple[ProductFacts, ...]] | None:
    """The products a referrer may refer to here that fit `days`, as (without stay, with stay) pools.

    Which products fit depends on `days` only through the one-allocation limits of products that are
    never renewed, so the pools are cached per (municipality, referrer, limits passed): a handful.
    """
    key = (municipality, referrer)
    limits = ctx.limits.get(key)
    if limits is None:
        candidates = ctx.referable[key] = tuple(
            p for p in ctx.facts.products_in(municipality) if referrer in p.allowed_referrers
        )
        limits = ctx.limits[key] = tuple(
            sorted({28 * p.max_allocation_months for p in candidates if not p.renewable})
        )
    passed = sum(1 for limit in limits if days > limit)
    pools_key = (municipality, referrer, passed)
    if pools_key not in ctx.pools:
        products = [p for p in ctx.referable[key] if fits_duration(p, days)]
        if not products:
            ctx.pools[pools_key] = None
        else:
            without = tuple(p for p in products if not p.with_stay) or tuple(products)
            with_stay = tuple(p for p in products if p.with_stay) or tuple(products)
            ctx.pools[pools_key] = (without, with_stay)
    return ctx.pools[pools_key]


def triage(ctx: Context, municipality: str, referrer: str, days: int) -> tuple[ProductFacts, str, int] | None:
    """Care need -> product: stay with probability STAY_SHARE [CBS-JH21-2]; domain and complexity fit."""
    pools = _candidates(ctx, municipality, referrer, days)
    if pools is None:
        return None
    rnd = ctx.rng.random
    pool = pools[1] if rnd() < cal.STAY_SHARE else pools[0]
    product = pool[int(rnd() * len(pool))]
    domain = product.domains[int(rnd() * len(product.domains))]
    return product, domain, product.complexity


def choose_provider(ctx: Context, product: ProductFacts, municipality: str, excluded: set[str]) -> str | None:
    """Round-robin over the contracted providers, so every contract gets clients [I]."""
    providers = ctx.facts.providers_for(product.code, municipality)
    if excluded:
        providers = tuple(a for a in providers if a not in excluded)
    if not providers:
        return None
    key = (product.code, municipality)
    ctx.rr_index[key] += 1
    return providers[ctx.rr_index[key] % len(providers)]


def draw_referrer(ctx: Context) -> str:
    """COD327 referrer of a trajectory [CBS-85096]."""
    pick = ctx.rng.random() * _REFERRERS_TOTAL
    for code, share in _REFERRERS:
        pick -= share
        if pick <= 0:
            return code
    return _REFERRERS[-1][0]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's last day."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    if day.day <= 28:
        return date(year, month, day.day)
    last = monthrange(year, month)[1]
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
    rnd = ctx.rng.random
    # Uniform over the window in which the trajectory overlaps the year.
    first = ctx.year_start_ord - (days - 1) + int(rnd() * (days - 1 + YEAR_DAYS))
    first = max(first, client.birth.toordinal() + _EARLIEST_AFTER_BIRTH)
    if first > ctx.year_end_ord:
        return None
    start, end = date.fromordinal(first), date.fromordinal(first + days - 1)
    excluded = {a for a, (b, e) in busy.items() if b <= end and start <= e} if busy else set()
    if never_light is not None and product.code in ctx.never_light_codes:
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
        f"T{ctx.trajectory_index:08d}",
        client,
        provider,
        referrer,
        referral_date,
        None if referrer in ("01", "06") else referral_date + term,
        domain,
        complexity,
        start,
        end,
    )
    _allocations(ctx, trajectory, product)
    end = trajectory.end
    tally = ctx.tally
    tally.trajectories[municipality] += 1
    tally.referrers[referrer] += 1
    tally.with_stay += product.with_stay
    if ctx.year_start <= end <= ctx.year_end:
        days = (end - start).days + 1
        for label, lo, hi, _ in cal.DURATION_BANDS:
            if lo <= days <= hi:
                tally.ended_bands[label] += 1
                break
    return trajectory


def _allocations(ctx: Context, trajectory: Trajectory, product: ProductFacts) -> None:
    """Cut the trajectory into allocations of at most the product's maximum length; sometimes step."""
    current, begin, kind = product, trajectory.start, "instroom"
    client, provider, allocations = trajectory.client, trajectory.provider, trajectory.allocations
    answer = timedelta(days=cal.ANSWER_DAYS)
    number = ctx.allocation_number
    rnd = ctx.rng.random
    while begin <= trajectory.end:
        stop = add_months(begin, current.max_allocation_months) - _ONE_DAY
        if stop > trajectory.end:
            stop = trajectory.end
        allocations.append(
            Allocation(
                number(client.municipality), client, provider, current, begin, stop, 0, begin - answer, kind
            )
        )
        if not current.renewable:  # a crisis ends: the trajectory ends with this allocation
            trajectory.end = stop
            break
        begin = stop + _ONE_DAY
        kind = "verlenging"
        if begin <= trajectory.end and rnd() < cal.STEP_SHARE * 2:
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
