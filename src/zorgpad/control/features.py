"""The columns that widen the claim lines into the judged-lines table, each declared once.

Every feature is computed from the whole store and joined to the lines by key. Side tables are small:
they hold only the keys where something can be found (a ReferentieNummer used twice, a credit, an
allocation that may be debited twice for a period or whose declared total could exceed what was
allocated), found with hash aggregates instead of windows over all lines. Per-line features from the
catalogue, the delivery records and the access records are aggregates per claim line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.context import ALLOCATION_KEY, LINE_KEY
from zorgpad.control.rules._common import HOUR, MINUTE, round_half_up_div
from zorgpad.store import summaries
from zorgpad.store.summaries import period_bit

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

# Columns of the access records that the store may keep in `extra` (JSON) rather than as columns.
PRIOR_PROVISION = "voorliggende_voorziening"
COMPLEXITY = "complexiteit"
ALLOCATION = "toewijzingnummer"
DOMAIN = "zorgbehoefte_domein"
NO_PRIOR_PROVISION = ("", "geen")
# A delivery record counts as group when it says so, or when one staff member saw several clients at once.
GROUP_SETTING = "groep"


def widen(ri: RuleInput, lines: ir.Table) -> ir.Table:
    """The claim lines (with their allocation) plus every feature the inputs allow."""
    lines = _history(ri, lines)
    if ri.policy is not None:
        lines = _policy(ri, lines)
    if ri.has_rows("sessions"):
        lines = _left(lines, _sessions_per_line(ri, lines), LINE_KEY)
    if ri.has_rows("referrals"):
        lines = _left(lines, _referrals_per_line(ri, lines), LINE_KEY)
        if ri.has_rows("allocation_requests"):
            lines = _left(lines, _requested_referrer(ri), ("client_key", "product_code"))
        else:
            lines = lines.mutate(q_referrer=ibis.null("string"))
    return lines


def _left(
    lines: ir.Table, side: ir.Table, keys: tuple[str, ...], on: dict[str, str] | None = None
) -> ir.Table:
    """Left join a side table on keys (side key columns may be named differently via `on`)."""
    mapping = on or {key: key for key in keys}
    renamed = side.rename({f"_k_{key}": mapping[key] for key in keys})
    joined = lines.left_join(renamed, [lines[key] == renamed[f"_k_{key}"] for key in keys])
    extra = [name for name in side.columns if name not in mapping.values()]
    return joined.select(*lines.columns, *extra)


# -- history (TR314, TR323, TR389, TR390) -------------------------------------------------------------
def _reference_history(ri: RuleInput) -> ir.Table:
    """Per aanbieder and ReferentieNummer, only where there is history: the first declaration using a
    ReferentieNummer used more than once (`h_ref_first_seq`) and the first credit of it (`h_credited_seq`).
    One small table, so the lines need one join for both."""

    def build() -> ir.Table:
        # Kept by the store at ingest; else counted here over every stored line.
        kept = ri.kept_summary(summaries.REUSED)
        twice = kept if kept is not None else summaries.reused_references(ri.table("claim_lines"))
        claims = ri.all_claims().semi_join(twice, ["aanbieder", "referentie_nummer"])
        uses = claims.group_by("aanbieder", "referentie_nummer").aggregate(
            h_ref_first_seq=claims.decl_seq.min()
        )
        first = _first_credits(ri)
        credited = first.select(
            _a=first.aanbieder, _r=first.vorig_referentie_nummer, h_credited_seq=first.c_first
        )
        both = uses.outer_join(
            credited, [uses.aanbieder == credited._a, uses.referentie_nummer == credited._r]
        )
        return both.select(
            aanbieder=both.aanbieder.fill_null(both._a),
            referentie_nummer=both.referentie_nummer.fill_null(both._r),
            h_ref_first_seq=both.h_ref_first_seq,
            h_credited_seq=both.h_credited_seq,
        )

    return ri.side("reference_history", build)


def _first_credits(ri: RuleInput) -> ir.Table:
    """Per aanbieder and VorigReferentieNummer, the first valid declaration crediting it (`c_first`)."""

    def build() -> ir.Table:
        # Kept by the store at ingest; else found here among every stored line.
        kept = ri.kept_summary(summaries.CREDITED)
        credited = kept if kept is not None else summaries.credited_references(ri.table("claim_lines"))
        decl = ri.declarations.select("message_id", "decl_seq")
        c = credited.join(decl, "message_id")
        return c.group_by("aanbieder", "vorig_referentie_nummer").aggregate(c_first=c.decl_seq.min())

    return ri.side("first_credits", build)


def _returned(ri: RuleInput) -> ir.Table:
    def build() -> ir.Table:
        answers = ri.table("claim_answers")
        return answers.select("aanbieder", "referentie_nummer").distinct().mutate(h_returned=True)

    return ri.side("returned", build)


def _history(ri: RuleInput, lines: ir.Table) -> ir.Table:
    lines = _left(lines, _reference_history(ri), ("aanbieder", "referentie_nummer"))
    first = _first_credits(ri)
    on_vorig = first.select("aanbieder", "vorig_referentie_nummer", h_vorig_first_seq=first.c_first)
    lines = _left(lines, on_vorig, ("aanbieder", "vorig_referentie_nummer"))
    # A line without an allocation version counts in its allocation's running total unless rejected.
    in_risky = ((lines.a_flags & summaries.RISKY_BIT) != 0) | ~lines.a_found
    lines = lines.mutate(
        in_risky=in_risky,
        # A debet of an allocation period that may be debited twice (TR389's candidates); the bit is
        # only computed for the lines of such allocations: a CASE evaluates no more.
        in_twice_period=ibis.ifelse(
            lines.a_flags == 0, False, (lines.a_flags & period_bit(lines.product_periode_begin)) != 0
        ),
    ).drop("a_flags")
    if ri.has_rows("claim_answers"):
        lines = _left(lines, _returned(ri), ("aanbieder", "referentie_nummer"))
        return lines.mutate(h_returned=lines.h_returned.fill_null(False))
    return lines.mutate(h_returned=ibis.literal(False))


# -- phase 2: the lines whose verdict depends on the phase-1 verdicts of other lines -----------------
def allocation_flags(ri: RuleInput) -> ir.Table:
    """ToewijzingNummers whose lines phase 2 must look at, with their `f_flags` (see
    `summaries.allocation_flags`): kept by the store at ingest, else computed here from every stored line
    and the valid allocation versions (also lines of rejected messages: that can only widen the set)."""
    kept = ri.kept_summary(summaries.FLAGS)
    if kept is not None:
        return kept.select(f_toewijzing=kept.toewijzing_nummer, f_flags=kept.flags)

    def build() -> ir.Table:
        bounds = summaries.allocation_bounds(ri._versions())
        # Amounts only where some allocation has a budget: without one no running amount can exceed it.
        budgets = _has_budget(ri, bounds)
        sums = summaries.debet_sums(ri.table("claim_lines"), amounts=budgets)
        flags = summaries.allocation_flags(sums, bounds, amounts=budgets)
        return flags.select(f_toewijzing=flags.toewijzing_nummer, f_flags=flags.flags)

    return ri.side("allocation_flags", build)


def _has_budget(ri: RuleInput, bounds: ir.Table) -> bool:
    found = bounds.filter(bounds.budget.notnull()).limit(1).count()
    return bool(ri.read(found).as_py())


PHASE2_COLUMNS = (
    *ALLOCATION_KEY,
    "in_risky",
    "p1_rejected",
    "debet_credit",
    "geleverd_volume",
    "ingediend_bedrag",
    "decl_seq",
    "product_periode_begin",
    "product_categorie",
    "product_code",
    "referentie_nummer",
    "vorig_referentie_nummer",
    "h_credited_seq",
    "h_returned",
)


def phase2_columns(ri: RuleInput, candidates: ir.Table) -> ir.Table:
    """Per candidate line: cumulative volume and amount of granted lines (TR322, TR369), an earlier
    granted debet for a credit (TR323), and an earlier granted debet not credited in time (TR389).

    `candidates`: the candidate lines of the judged-lines table with a boolean `p1_rejected` (phase 1)."""
    # Only the columns phase 2 reads: the candidates carry every column of the judged lines, and
    # joins over all of them cost Ibis more to compile than DuckDB to run.
    lines = candidates.select(*LINE_KEY, *(c for c in PHASE2_COLUMNS if c not in LINE_KEY))
    # Running totals only where they can exceed the allocation (the window sorts what it covers).
    risky = lines.filter(lines.in_risky)
    sign = ibis.ifelse(risky.debet_credit == "C", -1, 1)
    volume = sign * ibis.ifelse(risky.p1_rejected, 0, risky.geleverd_volume)
    amount = sign * ibis.ifelse(risky.p1_rejected, 0, risky.ingediend_bedrag)
    window = ibis.window(
        group_by=[risky[k] for k in ALLOCATION_KEY],
        order_by=[
            risky.decl_seq,
            ibis.ifelse(risky.debet_credit == "C", 0, 1),
            risky.product_periode_begin,
            risky.position,
        ],
        preceding=None,
        following=0,
    )
    cumulative = risky.select(
        *LINE_KEY, cum_volume=volume.sum().over(window), cum_amount=amount.sum().over(window)
    )
    granted = lines.filter((lines.debet_credit == "D") & ~lines.p1_rejected & ~lines.h_returned)
    earlier = granted.select(
        _a=granted.aanbieder,
        _ref=granted.referentie_nummer,
        _seq=granted.decl_seq,
        _credited=granted.h_credited_seq,
        _g=granted.gemeente,
        _n=granted.toewijzing_nummer,
        _begin=granted.product_periode_begin,
        _cat=granted.product_categorie,
        _code=granted.product_code.fill_null(""),
    )
    c = lines.filter(lines.debet_credit == "C")
    credit_links = c.join(
        earlier,
        [c.aanbieder == earlier._a, c.vorig_referentie_nummer == earlier._ref, earlier._seq < c.decl_seq],
    )
    found_debet = credit_links.select(*LINE_KEY).distinct().mutate(p2_granted_debet=ibis.literal(True))
    d = lines.filter(lines.debet_credit == "D")
    pairs = d.join(
        earlier,
        [
            d.aanbieder == earlier._a,
            d.gemeente == earlier._g,
            d.toewijzing_nummer == earlier._n,
            d.product_periode_begin == earlier._begin,
            d.product_categorie == earlier._cat,
            d.product_code.fill_null("") == earlier._code,
            earlier._seq < d.decl_seq,
            earlier._credited.isnull() | (earlier._credited > d.decl_seq),
        ],
    )
    open_debet = pairs.group_by(*LINE_KEY).aggregate(p2_open_debet=pairs._ref.min())
    result = _left(lines.select(*LINE_KEY), cumulative, LINE_KEY)
    result = _left(result, found_debet, LINE_KEY)
    result = _left(result, open_debet, LINE_KEY)
    return result.mutate(p2_granted_debet=result.p2_granted_debet.fill_null(False))


# -- the catalogue ------------------------------------------------------------------------------------
def _policy(ri: RuleInput, lines: ir.Table) -> ir.Table:
    assert ri.policy is not None
    products = ri.policy.products
    renamed = products.select(**{f"p_{name}": products[name] for name in products.columns})
    # The product as the catalogue version valid on the line's date has it (limits are dated too).
    dated = lines.left_join(
        renamed,
        [
            lines.product_code == renamed.p_product_code,
            renamed.p_cat_from.isnull() | (renamed.p_cat_from <= lines.product_periode_begin),
            renamed.p_cat_to.isnull() | (lines.product_periode_begin <= renamed.p_cat_to),
        ],
    )
    lines = dated.select(*lines.columns, *(c for c in renamed.columns if c != "p_product_code"))
    lines = lines.mutate(
        p_minutes_per_unit=ibis.ifelse((lines.eenheid == MINUTE) & (lines.p_unit == HOUR), 60, 1)
    )
    lines = _left(lines, _tariffs_per_line(ri, lines), LINE_KEY)
    lines = _left(lines, _contracted(ri, lines), LINE_KEY)
    lines = lines.mutate(k_contracted=lines.k_contracted.fill_null(False))
    lines = _left(lines, _year_volumes(ri), LINE_KEY)
    return _left(lines, _group_patterns(ri), ("aanbieder", "product_code", "client_key"))


def expected_tariffs(ri: RuleInput, lines: ir.Table) -> ir.Table:
    """Per claim line, every tariff the region accepts on its date: contract tariffs where the
    provider has them for the product in the line's municipality, else the catalogue's (blended or per
    staff level); as `PricedCatalog.tariffs_for`. The hourly tariff is converted to a minute tariff when
    the line is in minutes (IV081)."""
    assert ri.policy is not None
    lines = lines.select(
        "message_id", "position", "aanbieder", "gemeente", "product_code", "product_periode_begin", "eenheid"
    )
    t = ri.policy.tariffs
    tariffs = t.select(
        t_code=t.product_code, t_agb=t.aanbieder, t_gemeente=t.gemeente, t_from=t.valid_from,
        t_to=t.valid_to, staff_level=t.staff_level, level_rank=t.level_rank, t_tarief=t.tarief,
    )  # fmt: skip
    p = ri.policy.products
    units = p.select(u_code=p.product_code, u_unit=p.unit).distinct()
    joined = lines.join(
        tariffs,
        [
            lines.product_code == tariffs.t_code,
            tariffs.t_from <= lines.product_periode_begin,
            tariffs.t_to.isnull() | (lines.product_periode_begin <= tariffs.t_to),
            tariffs.t_agb.isnull()
            | ((tariffs.t_agb == lines.aanbieder) & (tariffs.t_gemeente == lines.gemeente)),
        ],
    ).left_join(units, lines.product_code == units.u_code)
    # Contract tariffs replace the catalogue's: keep the provider's own rows when it has any.
    own = joined.t_agb.notnull().cast("int64")
    joined = joined.mutate(_own=own, _has_own=own.max().over(group_by=[joined.message_id, joined.position]))
    joined = joined.filter(joined._own == joined._has_own)
    per_minute = (joined.eenheid == MINUTE) & (joined.u_unit == HOUR)
    return joined.select(
        "message_id",
        "position",
        "staff_level",
        "level_rank",
        tarief=ibis.ifelse(per_minute, round_half_up_div(joined.t_tarief, 60), joined.t_tarief),
    )


def _tariffs_per_line(ri: RuleInput, lines: ir.Table) -> ir.Table:
    """The accepted tariffs (`t_known`) and, where the claimed tariff is one of a staff level, that
    level (`t_claimed_rank`, `t_claimed_level`; ZP109)."""
    expected = expected_tariffs(ri, lines)
    claimed = lines.select("message_id", "position", _tarief=lines.product_tarief)
    joined = expected.join(claimed, list(LINE_KEY))
    matches = (joined.tarief == joined._tarief) & joined.level_rank.notnull()
    return joined.group_by(*LINE_KEY).aggregate(
        t_known=joined.tarief.collect(distinct=True),
        t_claimed_rank=joined.level_rank.min(where=matches),
        t_claimed_level=joined.staff_level.min(where=matches),
    )


def _contracted(ri: RuleInput, lines: ir.Table) -> ir.Table:
    assert ri.policy is not None
    contracts = ri.policy.contracts
    joined = lines.join(
        contracts,
        [
            lines.aanbieder == contracts.aanbieder,
            lines.product_code == contracts.product_code,
            lines.gemeente == contracts.gemeente,
            contracts.valid_from <= lines.product_periode_begin,
            contracts.valid_to.isnull() | (lines.product_periode_begin <= contracts.valid_to),
        ],
    )
    return joined.select(*LINE_KEY).distinct().mutate(k_contracted=ibis.literal(True))


def _year_volumes(ri: RuleInput) -> ir.Table:
    """Declared volume per client, aanbieder and product in the calendar year up to and including each
    line (credits negative), in the product's unit; only for products with a yearly maximum (ZP105)."""

    def build() -> ir.Table:
        assert ri.policy is not None
        products = ri.policy.products
        yearly = (
            products.filter(products.max_volume_per == "jaar")
            .select(_code=products.product_code, _unit=products.unit)
            .distinct()
        )
        claims = ri.all_claims()
        lines = claims.join(yearly, claims.product_code == yearly._code)
        per_unit = ibis.ifelse((lines.eenheid == MINUTE) & (lines._unit == HOUR), 60, 1)
        signed = ibis.ifelse(lines.debet_credit == "C", -lines.geleverd_volume, lines.geleverd_volume)
        window = ibis.window(
            group_by=[
                lines.client_key,
                lines.aanbieder,
                lines.product_code,
                lines.product_periode_begin.year(),
            ],
            order_by=[lines.decl_seq, lines.product_periode_begin, lines.position],
            preceding=None,
            following=0,
        )
        return lines.select(*LINE_KEY, v_year_cum=(signed / per_unit).sum().over(window))

    return ri.side("year_volumes", build)


def _group_patterns(ri: RuleInput) -> ir.Table:
    """ZP102: per aanbieder, individual product and client, with how many other clients (`g_clients` counts
    the client too) it shares the same monthly volume in at least three months in which that volume varies,
    and over how many months at most (`g_months`). A weekly group billed as individual care leaves exactly
    this in the claims: every member the same hours each month, changing with the group weeks of the month.
    The months outside the group (before a member joined, after it left) do not hide it; a fixed allocation
    (the same volume every month) explains a constant volume and is not counted."""

    def build() -> ir.Table:
        assert ri.policy is not None
        products = ri.policy.products
        individual = (
            products.filter(products.setting == "individueel").select(_code=products.product_code).distinct()
        )
        claims = ri.all_claims()
        lines = claims.join(individual, claims.product_code == individual._code)
        signed = ibis.ifelse(lines.debet_credit == "C", -lines.geleverd_volume, lines.geleverd_volume)
        keys = ["aanbieder", "product_code", "client_key"]
        monthly = lines.group_by(*keys, "product_periode_begin").aggregate(_volume=signed.sum())
        monthly = monthly.filter(monthly._volume > 0)
        other = monthly.select(
            _agb=monthly.aanbieder, _code=monthly.product_code, _partner=monthly.client_key,
            _month=monthly.product_periode_begin, _vol=monthly._volume,
        )  # fmt: skip
        pairs = monthly.join(
            other,
            [monthly.aanbieder == other._agb, monthly.product_code == other._code,
             monthly.product_periode_begin == other._month, monthly._volume == other._vol,
             monthly.client_key != other._partner],
        )  # fmt: skip
        per_pair = pairs.group_by(*keys, "_partner").aggregate(
            _shared=pairs.count(), _volumes=pairs._volume.nunique()
        )
        together = per_pair.filter((per_pair._shared >= 3) & (per_pair._volumes >= 2))
        per_client = together.group_by(*keys).aggregate(
            g_clients=together._partner.nunique() + 1, g_months=together._shared.max()
        )
        return per_client.select(*keys, "g_clients", "g_months")

    return ri.side("group_patterns", build)


# -- delivery records (ZP101, ZP103, ZP109) -----------------------------------------------------------
def _sessions_per_line(ri: RuleInput, lines: ir.Table) -> ir.Table:
    """Per claim line: the client's sessions with that provider within the ProductPeriode, summed."""
    sessions = ri.table("sessions")
    together = sessions.group_by("aanbieder", "staff_id", "session_date", "start_time").aggregate(
        _clients=sessions.client_key.nunique()
    )
    marked = sessions.join(together, ["aanbieder", "staff_id", "session_date", "start_time"])
    marked = marked.mutate(
        _group=((marked.setting.lower() == GROUP_SETTING) | (marked._clients > 1)).cast("int64")
    )
    if ri.policy is not None:
        levels = ri.policy.levels.rename(_level="staff_level", _rank="level_rank")
        marked = marked.left_join(levels, marked.staff_level == levels._level).drop("_level")
    else:
        marked = marked.mutate(_rank=ibis.null("int64"))
    narrow = lines.select(
        "message_id", "position", "aanbieder", "client_key", "product_code",
        "product_periode_begin", "product_periode_eind",
    )  # fmt: skip
    joined = narrow.join(
        marked,
        [
            narrow.aanbieder == marked.aanbieder,
            narrow.client_key == marked.client_key,
            marked.session_date >= narrow.product_periode_begin,
            marked.session_date <= narrow.product_periode_eind,
            marked.product_code.isnull() | (marked.product_code == narrow.product_code),
        ],
    )
    return joined.group_by("message_id", "position").aggregate(
        s_sessions=joined.count(),
        s_minutes=joined.minutes.sum(),
        s_group_sessions=joined._group.sum(),
        s_group_minutes=(joined.minutes * joined._group).sum(),
        s_max_rank=joined._rank.max(),
        s_levels=joined.staff_level.collect(distinct=True).sort().join(", "),
    )


# -- access records (ZP106, ZP107, ZP110) -------------------------------------------------------------
def _extra(referrals: ir.Table, name: str) -> ir.StringValue:
    return referrals.extra.cast("json")[name].str


def _column_or_extra(referrals: ir.Table, column: str, name: str) -> ir.StringValue:
    """A triage value from its own column where the store has one, else from `extra` (JSON)."""
    if column in referrals.columns:
        return referrals[column].cast("string").fill_null(_extra(referrals, name))
    return _extra(referrals, name)


def _requested_referrer(ri: RuleInput) -> ir.Table:
    """ZP112: per client and product, the referrer type of a JW315 that needs a referral (if any)."""
    from zorgpad.control.policy import REFERRAL_DOCUMENT_TYPES

    def build() -> ir.Table:
        requests = ri.table("allocation_requests")
        needs = requests.verwijzer_type.isin(REFERRAL_DOCUMENT_TYPES)
        return requests.group_by("client_key", "product_code").aggregate(
            q_referrer=requests.verwijzer_type.min(where=needs)
        )

    return ri.side("requested_referrer", build)


def _referrals_per_line(ri: RuleInput, lines: ir.Table) -> ir.Table:
    """Per claim line: the client's access records. Every record of the client counts for "is there a
    referral"; the record for this very product (or allocation) decides its term, triage and
    prior-provision check (later steps of a trajectory carry none)."""
    from zorgpad.control.policy import COMPLEXITY_RANK

    referrals = ri.table("referrals")
    complexity = _column_or_extra(referrals, "complexity", COMPLEXITY)
    ranks = ibis.cases(
        *((complexity.isin([k, str(v)]), v) for k, v in COMPLEXITY_RANK.items()),
        else_=ibis.null("int64"),
    )
    allocation = (
        referrals.toewijzing_nummer.fill_null(_extra(referrals, ALLOCATION).cast("int64"))
        if "toewijzing_nummer" in referrals.columns
        else _extra(referrals, ALLOCATION).cast("int64")
    )
    refs = referrals.select(
        r_client=referrals.client_key,
        r_products=referrals.products,
        r_date=referrals.referral_date,
        r_term=referrals.term_end,
        r_prior=_column_or_extra(referrals, "prior_provision", PRIOR_PROVISION),
        r_rank=ranks,
        r_allocation=allocation,
        r_domain=_column_or_extra(referrals, "care_need_domain", DOMAIN),
        r_referrer=referrals.referrer_type,
    )
    narrow = lines.select(
        "message_id", "position", "client_key", "toewijzing_nummer", "product_code", "product_periode_eind"
    )
    joined = narrow.join(refs, narrow.client_key == refs.r_client)
    same = ibis.ifelse(
        joined.r_allocation.notnull(),
        joined.r_allocation == joined.toewijzing_nummer,
        joined.r_products.contains(joined.product_code),
    )
    dated = joined.r_date.notnull() & (joined.r_date <= joined.product_periode_eind)
    per_line = joined.group_by("message_id", "position", "product_code").aggregate(
        r_rows=same.cast("int64").sum(),
        r_any_date=joined.r_date.max(where=dated),
        r_date=joined.r_date.max(where=dated & same),
        r_term=joined.r_term.max(where=dated & same),
        r_prior=joined.r_prior.max(where=same & ~joined.r_prior.isin(NO_PRIOR_PROVISION)),
        r_rank=joined.r_rank.min(where=same),
        r_domain=joined.r_domain.min(where=same),
        r_referrer=joined.r_referrer.min(where=same),
        r_client_rows=joined.count(),
    )
    if ri.policy is None:
        return per_line.drop("product_code").mutate(l_lighter=ibis.null("string"))
    # ZP110: a lighter alternative of the product that fits the triage (complexity and domain).
    products = ri.policy.products
    alternatives = ri.policy.alternatives.join(
        products.select(
            lighter_code=products.product_code, l_rank=products.complexity_rank, l_domains=products.domains
        ).distinct(),
        "lighter_code",
    )
    fitting = per_line.join(
        alternatives,
        [
            per_line.product_code == alternatives.product_code,
            alternatives.l_rank >= per_line.r_rank,
            alternatives.l_domains.contains(per_line.r_domain),
        ],
    )
    lighter = fitting.group_by("message_id", "position").aggregate(l_lighter=fitting.lighter_code.min())
    return _left(per_line.drop("product_code"), lighter, LINE_KEY)
