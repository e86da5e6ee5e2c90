"""Policy rules from the access team's records (`referrals`): referral missing or past its term
(ZP106), care a prior provision pays for first (ZP107), a lighter alternative that fits (ZP110).

A referral record belongs to a claim line when it is for the same client and lists the line's product.
The access records keep the prior-provision check and the triage (domain, complexity) as extra columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.policy import COMPLEXITY_RANK
from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import line_result
from zorgpad.control.rules.policy_contract import with_products

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

# Columns of the access records that the store keeps in `extra` (JSON).
PRIOR_PROVISION = "voorliggende_voorziening"
COMPLEXITY = "complexiteit"
ALLOCATION = "toewijzingnummer"
DOMAIN = "zorgbehoefte_domein"
NO_PRIOR_PROVISION = ("", "geen")


def _extra(referrals: ir.Table, name: str) -> ir.StringValue:
    return referrals.extra.cast("json")[name].str


def _referrals_per_line(ri: RuleInput) -> ir.Table:
    referrals = ri.table("referrals")
    ranks = ibis.cases(
        *((_extra(referrals, COMPLEXITY).isin([k, str(v)]), v) for k, v in COMPLEXITY_RANK.items()),
        else_=ibis.null("int64"),
    )
    refs = referrals.select(
        r_client=referrals.client_key,
        r_products=referrals.products,
        r_date=referrals.referral_date,
        r_term=referrals.term_end,
        r_prior=_extra(referrals, PRIOR_PROVISION),
        r_rank=ranks,
        r_allocation=(
            referrals.toewijzing_nummer
            if "toewijzing_nummer" in referrals.columns
            else _extra(referrals, ALLOCATION).cast("int64")
        ),
        r_domain=_extra(referrals, DOMAIN),
    )
    lines = ri.lines.select(
        "message_id", "position", "client_key", "toewijzing_nummer", "product_code", "product_periode_eind"
    )
    # Every access record of the client counts for "is there a referral"; the record for this very
    # product decides its term, triage and prior-provision check (later steps of a trajectory carry none).
    joined = lines.join(refs, lines.client_key == refs.r_client)
    same = ibis.ifelse(
        joined.r_allocation.notnull(),
        joined.r_allocation == joined.toewijzing_nummer,
        joined.r_products.contains(joined.product_code),
    )
    dated = joined.r_date.notnull() & (joined.r_date <= joined.product_periode_eind)
    return joined.group_by("message_id", "position").aggregate(
        r_rows=same.cast("int64").sum(),
        r_any_date=joined.r_date.max(where=dated),
        r_date=joined.r_date.max(where=dated & same),
        r_term=joined.r_term.max(where=dated & same),
        r_prior=joined.r_prior.max(where=same & ~joined.r_prior.isin(NO_PRIOR_PROVISION)),
        r_rank=joined.r_rank.min(where=same),
        r_domain=joined.r_domain.min(where=same),
    )


def _lines(ri: RuleInput) -> ir.Table:
    return with_products(ri).left_join(_referrals_per_line(ri), ["message_id", "position"])


@control_rule(
    code="ZP106",
    retourcode="9307",
    severity="afkeur",
    title_nl="Verwijzing ontbreekt of was verlopen",
    basis="verwijsbeleid van de regio (catalogus: termijn van een verwijzing); toegangsgegevens",
    explain_nl=(
        "Voor deze zorg is een geldige verwijzing nodig. De laatste verwijzing is van {verwijsdatum} en was "
        "geldig tot {geldig_tot}; de toewijzing ging in op {ingang}. Zorg dat de zorg start binnen de "
        "termijn van de verwijzing, of vraag een nieuwe verwijzing."
    ),
    comparison_nl="er is een verwijzing voor cliënt en product, en de toewijzing gaat in vóór het einde "
    "van haar termijn",
    facts=(
        Fact("verwijsdatum", "datum", "datum van de verwijzing"),
        Fact("geldig_tot", "datum", "verwijzing geldig tot"),
        Fact("ingang", "datum", "ingangsdatum toewijzing"),
    ),
    needs_policy=True,
    needs=("referrals",),
)
def referral_expired(ri: RuleInput) -> ir.Table:
    lines = _lines(ri)
    missing = lines.r_any_date.isnull()
    expired = lines.r_term.notnull() & (lines.a_ingangsdatum > lines.r_term)
    applies = lines.a_found & (lines.r_rows > 0) & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, missing | expired.fill_null(False), ibis.null("boolean"))
    return line_result(
        lines,
        hit,
        verwijsdatum=lines.r_date.fill_null(lines.r_any_date),
        geldig_tot=lines.r_term,
        ingang=lines.a_ingangsdatum,
    )


@control_rule(
    code="ZP107",
    retourcode=None,
    severity="signaal",
    title_nl="Voorliggende voorziening betaalt eerst",
    basis="productstructuur: voorliggende voorziening per product (seed 000, knelpunt 12); toegangsgegevens",
    explain_nl=(
        "Bij product {product} gaat {wet} voor ({reden}). Volgens de toegangsgegevens is {gevonden} voor "
        "deze cliënt beschikbaar. Controleer of de jeugdhulp terecht uit de Jeugdwet wordt betaald."
    ),
    comparison_nl="bij een product met een voorliggende voorziening meldt de toegang geen "
    "voorliggende voorziening",
    facts=(
        Fact("product", "tekst", "productcode"),
        Fact("wet", "tekst", "voorliggende wet"),
        Fact("reden", "tekst", "reden"),
        Fact("gevonden", "tekst", "voorliggende voorziening volgens de toegang"),
    ),
    needs_policy=True,
    needs=("referrals",),
)
def prior_provision(ri: RuleInput) -> ir.Table:
    lines = _lines(ri)
    applies = lines.p_prior_law.notnull() & (lines.r_rows > 0)
    hit = ibis.ifelse(applies, lines.r_prior.notnull(), ibis.null("boolean"))
    return line_result(
        lines,
        hit,
        product=lines.product_code,
        wet=lines.p_prior_law,
        reden=lines.p_prior_reason,
        gevonden=lines.r_prior,
    )


@control_rule(
    code="ZP110",
    retourcode=None,
    severity="signaal",
    title_nl="Een lichter product past bij de zorgvraag",
    basis="productstructuur: lichtere alternatieven (seed 000, knelpunt 6 'inzetten op lichtere zorgvormen')",
    explain_nl=(
        "Product {product} is bedoeld voor complexiteit {complexiteit_product}; de toegang schatte de "
        "complexiteit van deze cliënt als {complexiteit_client} (domein {domein}). "
        "Het lichtere product {lichter} past daarbij."
    ),
    comparison_nl="complexiteit cliënt (toegang) ≥ complexiteit product, "
    "of er is geen passend lichter product",
    facts=(
        Fact("product", "tekst", "productcode"),
        Fact("complexiteit_product", "tekst", "complexiteit product"),
        Fact("complexiteit_client", "getal", "complexiteit cliënt (1 laag, 2 midden, 3 hoog)"),
        Fact("domein", "tekst", "zorgbehoefte-domein (toegang)"),
        Fact("lichter", "tekst", "lichter alternatief"),
    ),
    needs_policy=True,
    needs=("referrals",),
)
def lighter_fits(ri: RuleInput) -> ir.Table:
    assert ri.policy is not None
    lines = _lines(ri)
    products = ri.policy.products
    alternatives = ri.policy.alternatives.join(
        products.select(
            lighter_code=products.product_code, l_rank=products.complexity_rank, l_domains=products.domains
        ),
        "lighter_code",
    )
    fitting = lines.join(
        alternatives,
        [
            lines.product_code == alternatives.product_code,
            alternatives.l_rank >= lines.r_rank,
            alternatives.l_domains.contains(lines.r_domain),
        ],
    )
    found = fitting.group_by("message_id", "position").aggregate(lichter=fitting.lighter_code.min())
    joined = lines.left_join(found, ["message_id", "position"])
    applies = joined.r_rank.notnull() & joined.p_complexity_rank.notnull()
    # Lighter fits: triage points below this product's complexity or outside its domains.
    heavier = (joined.r_rank < joined.p_complexity_rank) | ~joined.p_domains.contains(
        joined.r_domain
    ).fill_null(False)
    hit = ibis.ifelse(applies, heavier & joined.lichter.notnull(), ibis.null("boolean"))
    return line_result(
        joined,
        hit,
        product=joined.product_code,
        complexiteit_product=joined.p_complexity,
        complexiteit_client=joined.r_rank,
        domein=joined.r_domain,
        lichter=joined.lichter,
    )
