"""iJw level 3: does the claim line belong to an allocation, and does it match its product and unit?"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import HOUR, MINUTE, line_check

if TYPE_CHECKING:
    from zorgpad.control.context import RuleInput

_NUMMER = Fact("toewijzing", "getal", "ToewijzingNummer van de prestatie")


@control_rule(
    code="TR338",
    retourcode="9338",
    severity="afkeur",
    title_nl="Prestatie hoort niet bij een toewijzing",
    basis="iJw 3.2 TR338 (OP302)",
    explain_nl=(
        "Er is geen toewijzing met nummer {toewijzing} van gemeente {gemeente_code} aan deze aanbieder "
        "bekend op {dagtekening}. Declareer alleen op een ontvangen toewijzing, of vraag er een aan (JW315)."
    ),
    comparison_nl="er bestaat een toewijzing met dit ToewijzingNummer voor deze gemeente en aanbieder",
    facts=(
        _NUMMER,
        Fact("gemeente_code", "tekst", "gemeente"),
        Fact("dagtekening", "datum", "dagtekening van de declaratie"),
    ),
)
def no_allocation(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    return line_check(
        ~lines.a_found,
        toewijzing=lines.toewijzing_nummer,
        gemeente_code=lines.gemeente,
        dagtekening=lines.dagtekening,
    )


@control_rule(
    code="TR384",
    retourcode="9384",
    severity="afkeur",
    title_nl="Declaratie op een verwijderde toewijzing",
    basis="iJw 3.2 TR384 (OP276)",
    explain_nl=(
        "Toewijzing {toewijzing} is door de gemeente verwijderd (RedenWijziging {reden}). "
        "Op een verwijderde toewijzing kan niet worden gedeclareerd."
    ),
    comparison_nl="RedenWijziging van de toewijzing is niet 13 (verwijderd)",
    facts=(_NUMMER, Fact("reden", "tekst", "RedenWijziging van de toewijzing")),
)
def deleted_allocation(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    hit = ibis.ifelse(lines.a_found, lines.a_reden_wijziging.fill_null("") == "13", ibis.null("boolean"))
    return line_check(hit, toewijzing=lines.toewijzing_nummer, reden=lines.a_reden_wijziging)


@control_rule(
    code="TR339",
    retourcode="9339",
    severity="afkeur",
    title_nl="Productcategorie wijkt af van de toewijzing",
    basis="iJw 3.2 TR339 (OP302)",
    explain_nl=(
        "De prestatie heeft productcategorie {gedeclareerd}, maar toewijzing {toewijzing} is voor "
        "categorie {toegewezen}. Declareer de toegewezen categorie."
    ),
    comparison_nl="ProductCategorie prestatie = ProductCategorie toewijzing (als die gevuld is)",
    facts=(
        _NUMMER,
        Fact("gedeclareerd", "tekst", "ProductCategorie van de prestatie"),
        Fact("toegewezen", "tekst", "ProductCategorie van de toewijzing"),
    ),
)
def category_mismatch(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.a_found & lines.a_product_categorie.notnull()
    differs = ~lines.a_alike & (lines.product_categorie != lines.a_product_categorie)
    hit = ibis.ifelse(applies, differs, ibis.null("boolean"))
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        gedeclareerd=lines.product_categorie,
        toegewezen=lines.a_product_categorie,
    )


@control_rule(
    code="TR340",
    retourcode="9340",
    severity="afkeur",
    title_nl="Productcode wijkt af van de toewijzing",
    basis="iJw 3.2 TR340 (OP302)",
    explain_nl=(
        "De prestatie heeft productcode {gedeclareerd}, maar toewijzing {toewijzing} is voor "
        "product {toegewezen}. Declareer het toegewezen product."
    ),
    comparison_nl="ProductCode prestatie = ProductCode toewijzing (als die gevuld is)",
    facts=(
        _NUMMER,
        Fact("gedeclareerd", "tekst", "ProductCode van de prestatie"),
        Fact("toegewezen", "tekst", "ProductCode van de toewijzing"),
    ),
)
def code_mismatch(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.a_found & lines.a_product_code.notnull()
    differs = ~lines.a_alike & (lines.product_code.fill_null("") != lines.a_product_code)
    hit = ibis.ifelse(applies, differs, ibis.null("boolean"))
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        gedeclareerd=lines.product_code,
        toegewezen=lines.a_product_code,
    )


@control_rule(
    code="TR341",
    retourcode="9341",
    severity="afkeur",
    title_nl="Eenheid past niet bij de toewijzing",
    basis="iJw 3.2 TR341 (OP267, IV081)",
    explain_nl=(
        "De prestatie is gedeclareerd in eenheid {gedeclareerd}, maar toewijzing {toewijzing} is in "
        "eenheid {toegewezen}. Gebruik de eenheid van de toewijzing (minuten mag bij een toewijzing in uren)."
    ),
    comparison_nl="Eenheid prestatie = Eenheid toewijzing, of 01 (minuut) bij een toewijzing in 04 (uur)",
    facts=(
        _NUMMER,
        Fact("gedeclareerd", "tekst", "Eenheid van de prestatie"),
        Fact("toegewezen", "tekst", "Eenheid van de toewijzing"),
    ),
)
def unit_mismatch(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.a_found & lines.a_eenheid.notnull()
    fits = (lines.eenheid == lines.a_eenheid) | ((lines.eenheid == MINUTE) & (lines.a_eenheid == HOUR))
    hit = ibis.ifelse(applies, ~lines.a_alike & ~fits, ibis.null("boolean"))
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        gedeclareerd=lines.eenheid,
        toegewezen=lines.a_eenheid,
    )


@control_rule(
    code="TR304",
    retourcode="8187",
    severity="afkeur",
    title_nl="Prestatie hoort niet bij deze cliënt",
    basis="iJw 3.2 TR304 (OP276)",
    explain_nl=(
        "Toewijzing {toewijzing} is voor een andere cliënt dan de cliënt (BSN) bij wie deze prestatie is "
        "gedeclareerd. Declareer de prestatie bij de cliënt van de toewijzing, of controleer het BSN. "
        "De gemeente wijst alle prestaties van deze cliënt in de declaratie af (8187 bij de cliënt, 0233 "
        "bij de prestaties)."
    ),
    comparison_nl="cliënt (BSN) van de prestatie = cliënt van de toewijzing (vergeleken als pseudoniem)",
    facts=(
        _NUMMER,
        Fact("client", "tekst", "cliënt van de prestatie (pseudoniem)"),
        Fact("toegewezen_client", "tekst", "cliënt van de toewijzing (pseudoniem)"),
    ),
)
def other_client(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    differs = ~lines.a_alike & (lines.client_key != lines.a_client_key)
    hit = ibis.ifelse(lines.a_found, differs, ibis.null("boolean"))
    return line_check(
        hit, toewijzing=lines.toewijzing_nummer, client=lines.client_key, toegewezen_client=lines.a_client_key
    )
