"""Policy rules from the access team's records (`referrals`): referral missing or past its term
(ZP106), care a prior provision pays for first (ZP107), a lighter alternative that fits (ZP110).

A referral record belongs to a claim line when it is for the same client and lists the line's product.
The per-line access facts (`r_*`, `l_lighter`) come from `zorgpad.control.features`, which reads the
prior-provision check and the triage (domain, complexity) from their own columns or from `extra`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.policy import COMPLEXITY_RANK, NO_REFERRAL_TERM, REFERRER_NAMES
from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import line_check

if TYPE_CHECKING:
    from zorgpad.control.context import RuleInput


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
def referral_expired(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    missing = lines.r_any_date.isnull()
    # Without an end date on the record, the catalogue's term runs from the referral date (the first
    # allocation under a referral: later ones carry no referral date and are extensions).
    computed = ibis.ifelse(
        lines.r_referrer.isin(NO_REFERRAL_TERM).fill_null(False),
        ibis.null("date"),
        lines.r_date + lines.p_referral_term_months.as_interval("M"),
    )
    term = lines.r_term.fill_null(computed)
    expired = term.notnull() & (lines.a_ingangsdatum > term)
    applies = lines.a_found & (lines.r_rows > 0) & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, missing | expired.fill_null(False), ibis.null("boolean"))
    return line_check(
        hit,
        verwijsdatum=lines.r_date.fill_null(lines.r_any_date),
        geldig_tot=term,
        ingang=lines.a_ingangsdatum,
    )


@control_rule(
    code="ZP112",
    retourcode=None,
    severity="signaal",
    title_nl="Geen verwijzing bekend",
    basis="verwijsbeleid van de regio (catalogus); verzoek om toewijzing (JW315, Verwijzer) en "
    "toegangsgegevens",
    explain_nl=(
        "Het verzoek om toewijzing voor product {product} noemt als verwijzer {verwijzer}; die verwijst met "
        "een verwijzing, maar de toegangsgegevens hebben voor deze cliënt geen enkele verwijzing. Vraag de "
        "verwijzing op bij de aanbieder of de verwijzer."
    ),
    comparison_nl="een cliënt die een huisarts, jeugdarts of medisch specialist verwees, heeft een "
    "verwijzing in de toegangsgegevens",
    facts=(Fact("product", "tekst", "productcode"), Fact("verwijzer", "tekst", "soort verwijzer (JW315)")),
    needs_policy=True,
    needs=("referrals",),
)
def referral_missing(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.a_found & (lines.debet_credit == "D")
    hit = ibis.ifelse(
        applies, lines.r_client_rows.isnull() & lines.q_referrer.notnull(), ibis.null("boolean")
    )
    names = ibis.cases(
        *((lines.q_referrer == code, name) for code, name in REFERRER_NAMES.items()),
        else_=lines.q_referrer,
    )
    return line_check(hit, product=lines.product_code, verwijzer=names)


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
def prior_provision(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.p_prior_law.notnull() & (lines.r_rows > 0)
    hit = ibis.ifelse(applies, lines.r_prior.notnull(), ibis.null("boolean"))
    return line_check(
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
        Fact("complexiteit_client", "tekst", "complexiteit cliënt volgens de toegang (laag, midden, hoog)"),
        Fact("domein", "tekst", "zorgbehoefte-domein (toegang)"),
        Fact("lichter", "tekst", "lichter alternatief"),
    ),
    needs_policy=True,
    needs=("referrals",),
)
def lighter_fits(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.r_rank.notnull() & lines.p_complexity_rank.notnull()
    # Lighter fits: triage points below this product's complexity or outside its domains.
    heavier = (lines.r_rank < lines.p_complexity_rank) | ~lines.p_domains.contains(lines.r_domain).fill_null(
        False
    )
    hit = ibis.ifelse(applies, heavier & lines.l_lighter.notnull(), ibis.null("boolean"))
    return line_check(
        hit,
        product=lines.product_code,
        complexiteit_product=lines.p_complexity,
        complexiteit_client=ibis.cases(
            *((lines.r_rank == rank, name) for name, rank in COMPLEXITY_RANK.items()),
            else_=ibis.null("string"),
        ),
        domein=lines.r_domain,
        lichter=lines.l_lighter,
    )
