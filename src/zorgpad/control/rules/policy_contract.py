"""The region's policy from the catalogue: contract, maximum duration and volume (ZP104, ZP105, ZP108),
and lighter products a provider is contracted for but never delivers (ZP111)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import line_check, object_result
from zorgpad.store.periods import days_between

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

_PRODUCT = Fact("product", "tekst", "productcode")


@control_rule(
    code="ZP108",
    retourcode="0611",
    severity="afkeur",
    title_nl="Aanbieder niet gecontracteerd voor dit product",
    basis="contract (catalogus: contracten per aanbieder x product x gemeente x periode)",
    explain_nl=(
        "Aanbieder {agb} heeft op {begin} geen contract voor product {product} in gemeente {gemeente_code}. "
        "Zorg zonder contract wordt niet vergoed; neem contact op met de regio over contractering."
    ),
    comparison_nl="er is een contract voor aanbieder, product en gemeente dat de begindatum dekt",
    facts=(
        Fact("agb", "tekst", "AGB-code aanbieder"),
        _PRODUCT,
        Fact("gemeente_code", "tekst", "gemeente"),
        Fact("begin", "datum", "begindatum ProductPeriode"),
    ),
    needs_policy=True,
)
def not_contracted(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    hit = ibis.ifelse(lines.product_code.notnull(), ~lines.k_contracted, ibis.null("boolean"))
    return line_check(
        hit,
        agb=lines.aanbieder,
        product=lines.product_code,
        gemeente_code=lines.gemeente,
        begin=lines.product_periode_begin,
    )


@control_rule(
    code="ZP104",
    retourcode="9308",
    severity="afkeur",
    title_nl="Zorg langer dan de maximale duur van het product",
    basis="productstructuur: maximale duur per product (seed 000, knelpunt 4 en 9)",
    explain_nl=(
        "Product {product} wordt hoogstens {max_maanden} maanden per toewijzing ingezet. De toewijzing ging "
        "in op {start}, dus tot en met {tot}; deze prestatie begint op {begin}. Vraag bij langere zorg een "
        "nieuwe beoordeling aan."
    ),
    comparison_nl="begindatum ProductPeriode ≤ ingangsdatum toewijzing + maximale duur",
    facts=(
        _PRODUCT,
        Fact("max_maanden", "getal", "maximale duur in maanden"),
        Fact("start", "datum", "ingangsdatum toewijzing"),
        Fact("tot", "datum", "laatste dag binnen de maximale duur"),
        Fact("begin", "datum", "begindatum ProductPeriode"),
    ),
    needs_policy=True,
)
def beyond_max_duration(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    # The shorter of the product's maximum duration and the longest allocation the referral policy allows.
    months = ibis.least(
        lines.p_max_duration_months, lines.p_max_allocation_months.fill_null(lines.p_max_duration_months)
    )
    until = lines.a_ingangsdatum + months.as_interval("M") - ibis.interval(days=1)
    applies = lines.p_max_duration_months.notnull() & lines.a_found
    hit = ibis.ifelse(applies, lines.product_periode_begin > until, ibis.null("boolean"))
    return line_check(
        hit,
        product=lines.product_code,
        max_maanden=months,
        start=lines.a_ingangsdatum,
        tot=until,
        begin=lines.product_periode_begin,
    )


# Names of the periods a maximum volume is set per, as the sentence needs them.
_PER_NL = {"week": "week", "maand": "maand", "jaar": "kalenderjaar"}


@control_rule(
    code="ZP105",
    retourcode="9321",
    severity="afkeur",
    title_nl="Meer dan het maximale volume van het product",
    basis="productstructuur: maximaal volume per periode (seed 000, knelpunt 4)",
    explain_nl=(
        "Product {product} staat hoogstens {limiet} eenheden per {per} toe. Voor deze prestatie "
        "({begin} t/m {eind}, {dagen} dagen) is dat hoogstens {maximum}; gedeclareerd is {volume} "
        "(omgerekend naar de producteenheid en opgeteld waar het maximum dat vraagt: {omgerekend})."
    ),
    comparison_nl="gedeclareerd volume ≤ maximum; een maximum per week geldt naar rato van de dagen van "
    "de ProductPeriode (dagen / 7, naar boven afgerond op een hele eenheid), per maand per prestatie, "
    "per jaar opgeteld over het kalenderjaar",
    facts=(
        _PRODUCT,
        Fact("limiet", "getal", "maximum volume van het product"),
        Fact("per", "tekst", "periode van het maximum"),
        Fact("begin", "datum", "begindatum ProductPeriode"),
        Fact("eind", "datum", "einddatum ProductPeriode"),
        Fact("dagen", "getal", "dagen in de ProductPeriode"),
        Fact("maximum", "getal", "maximum voor deze prestatie"),
        Fact("volume", "getal", "geleverd volume"),
        Fact("omgerekend", "getal", "volume in producteenheid, opgeteld waar het maximum dat vraagt"),
    ),
    needs_policy=True,
)
def beyond_max_volume(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    days = days_between(lines.product_periode_begin, lines.product_periode_eind).cast("int64")
    compared = ibis.cases(
        (lines.p_max_volume_per == "jaar", lines.v_year_cum),
        else_=lines.geleverd_volume / lines.p_minutes_per_unit,
    )
    # A weekly maximum holds pro rata over the days of the period; a unit cannot be split, so the
    # share is rounded up (3 per week over March's 31 days: 13 2/7, so 14). Counting the ISO weeks a
    # month touches instead would let up to 35 % more through.
    maximum = ibis.cases(
        (lines.p_max_volume_per == "week", (lines.p_max_volume * days + 6) // 7),
        else_=lines.p_max_volume,
    )
    applies = (
        lines.p_max_volume.notnull()
        & lines.p_max_volume_per.isin(["week", "maand", "jaar"])
        & (lines.debet_credit == "D")
    )
    hit = ibis.ifelse(applies, compared > maximum, ibis.null("boolean"))
    per = ibis.cases(
        *((lines.p_max_volume_per == k, v) for k, v in _PER_NL.items()), else_=lines.p_max_volume_per
    )
    return line_check(
        hit,
        product=lines.product_code,
        limiet=lines.p_max_volume,
        per=per,
        begin=lines.product_periode_begin,
        eind=lines.product_periode_eind,
        dagen=days,
        maximum=maximum,
        volume=lines.geleverd_volume,
        omgerekend=compared.round(2),
    )


@control_rule(
    code="ZP111",
    retourcode=None,
    severity="signaal",
    title_nl="Gecontracteerd voor lichtere producten, maar levert ze nooit",
    basis="contract: verplichting lichtere producten te leveren (seed 000, knelpunt 6)",
    explain_nl=(
        "Aanbieder {agb} is gecontracteerd voor het lichtere product {licht} en declareert wel het "
        "zwaardere {zwaar} ({aantal}), maar nooit {licht}. "
        "Bespreek dit bij de contractverificatie."
    ),
    comparison_nl="aanbieder met plicht tot lichtere producten declareert het lichtere product "
    "minstens één keer",
    facts=(
        Fact("agb", "tekst", "AGB-code aanbieder"),
        Fact("zwaar", "tekst", "gedeclareerd zwaarder product"),
        Fact("licht", "tekst", "gecontracteerd lichter product"),
        Fact("aantal", "tekst", "aantal prestaties op het zwaardere product"),
    ),
    object="aanbieder",
    needs_policy=True,
)
def never_delivers_lighter(ri: RuleInput) -> ir.Table:
    assert ri.policy is not None
    contracts = ri.policy.contracts.filter(lambda c: c.must_deliver_lighter)
    contracted = contracts.select("aanbieder", "product_code").distinct()
    alternatives = ri.policy.alternatives
    pairs = contracted.join(alternatives, "product_code")
    light_contracted = contracted.select(aanbieder_l=contracted.aanbieder, code_l=contracted.product_code)
    pairs = pairs.join(
        light_contracted,
        [pairs.aanbieder == light_contracted.aanbieder_l, pairs.lighter_code == light_contracted.code_l],
    )
    products = ri.policy.products
    light_dates = products.select(
        lighter_code=products.product_code, l_from=products.valid_from, l_to=products.valid_to
    ).distinct()
    pairs = pairs.join(light_dates, "lighter_code")
    lines = ri.all_claims().filter(lambda t: t.debet_credit == "D")
    # Only the heavier product's lines from when the lighter one existed count: a product that is
    # new from 2026 cannot have been delivered in 2025.
    dated = lines.join(
        pairs,
        [
            lines.aanbieder == pairs.aanbieder,
            lines.product_code == pairs.product_code,
            pairs.l_from.isnull() | (lines.product_periode_begin >= pairs.l_from),
            pairs.l_to.isnull() | (lines.product_periode_begin <= pairs.l_to),
        ],
    )
    heavy = dated.group_by("aanbieder", "product_code", "lighter_code").aggregate(aantal=dated.count())
    delivered = lines.group_by("aanbieder", "product_code").aggregate(n=lines.count())
    light = delivered.select(
        aanbieder_d=delivered.aanbieder, code_d=delivered.product_code, n_light=delivered.n
    )
    joined = heavy.left_join(
        light, [heavy.aanbieder == light.aanbieder_d, heavy.lighter_code == light.code_d]
    )
    return object_result(
        joined,
        joined.n_light.isnull(),
        {"aanbieder": joined.aanbieder},
        agb=joined.aanbieder,
        zwaar=joined.product_code,
        licht=joined.lighter_code,
        aantal=ibis.ifelse(joined.aantal == 1, "1 prestatie", joined.aantal.cast("string") + " prestaties"),
    )
