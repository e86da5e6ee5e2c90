"""iJw level 3: does the ProductPeriode lie within the allocation and the declaration period?"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import (
    is_month_end,
    is_month_start,
    line_check,
    month_end,
    month_start,
)

if TYPE_CHECKING:
    from zorgpad.control.context import RuleInput

_BEGIN = Fact("begin", "datum", "begindatum ProductPeriode")
_EIND = Fact("eind", "datum", "einddatum ProductPeriode")
_INGANG = Fact("ingang", "datum", "ingangsdatum toewijzing")
_TW_EIND = Fact("tw_eind", "datum", "einddatum toewijzing")
_NUMMER = Fact("toewijzing", "getal", "ToewijzingNummer")
_NA = ibis.null("boolean")


@control_rule(
    code="TR307",
    retourcode="9307",
    severity="afkeur",
    title_nl="Prestatie begint vóór de toewijzing",
    basis="iJw 3.2 TR307 (OP279)",
    explain_nl=(
        "De prestatie begint op {begin}, vóór de ingangsdatum {ingang} van toewijzing {toewijzing}. "
        "Declareer alleen zorg binnen de toegewezen periode."
    ),
    comparison_nl="begindatum ProductPeriode ≥ ingangsdatum toewijzing",
    facts=(_NUMMER, _BEGIN, _INGANG),
)
def begins_before(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    hit = ibis.ifelse(lines.a_found, lines.product_periode_begin < lines.a_ingangsdatum, _NA)
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        begin=lines.product_periode_begin,
        ingang=lines.a_ingangsdatum,
    )


@control_rule(
    code="TR308",
    retourcode="9308",
    severity="afkeur",
    title_nl="Prestatie eindigt na de toewijzing",
    basis="iJw 3.2 TR308 (OP279)",
    explain_nl=(
        "De prestatie loopt tot {eind}, na de einddatum {tw_eind} van toewijzing {toewijzing}. "
        "Declareer alleen zorg binnen de toegewezen periode."
    ),
    comparison_nl="einddatum ProductPeriode ≤ einddatum toewijzing (als die gevuld is)",
    facts=(_NUMMER, _EIND, _TW_EIND),
)
def ends_after(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.a_found & lines.a_einddatum.notnull()
    hit = ibis.ifelse(applies, lines.product_periode_eind > lines.a_einddatum, _NA)
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        eind=lines.product_periode_eind,
        tw_eind=lines.a_einddatum,
    )


@control_rule(
    code="TR387",
    retourcode="9387",
    severity="afkeur",
    title_nl="ProductPeriode begint niet op de eerste van de maand",
    basis="iJw 3.2 TR387 (OP368)",
    explain_nl=(
        "De prestatie begint op {begin}. Een ProductPeriode begint op de eerste dag van de maand "
        "({maandbegin}), behalve als de toewijzing later in die maand ingaat (ingangsdatum {ingang}): "
        "dan begint zij op die ingangsdatum."
    ),
    comparison_nl="begindatum = eerste van de maand, of = ingangsdatum als die later in de maand ligt",
    facts=(_BEGIN, Fact("maandbegin", "datum", "eerste dag van de maand"), _INGANG),
)
def not_month_start(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    first = month_start(lines.product_periode_begin)
    later_start = (lines.a_ingangsdatum > first) & (lines.a_ingangsdatum <= month_end(first))
    # When the allocation starts later in the month the period begins on that day exactly (the
    # rule's text), so a period beginning before it is wrong here too, besides TR307. The common
    # case (the 1st, the allocation not starting later that month) needs one comparison.
    begin, ingang = lines.product_periode_begin, lines.a_ingangsdatum
    starts_later_that_month = (
        (ingang > begin) & (ingang.month() == begin.month()) & (ingang.year() == begin.year())
    )
    wrong_start = ibis.ifelse(
        is_month_start(begin), starts_later_that_month, ~later_start | (begin != ingang)
    )
    hit = ibis.ifelse(lines.a_found, wrong_start, _NA)
    return line_check(hit, begin=lines.product_periode_begin, maandbegin=first, ingang=lines.a_ingangsdatum)


@control_rule(
    code="TR388",
    retourcode="9388",
    severity="afkeur",
    title_nl="ProductPeriode eindigt niet op de laatste van de maand",
    basis="iJw 3.2 TR388 (OP368)",
    explain_nl=(
        "De prestatie eindigt op {eind}. Een ProductPeriode eindigt op de laatste dag van de maand "
        "({maandeinde}), behalve als de toewijzing eerder in die maand eindigt (einddatum {tw_eind})."
    ),
    comparison_nl="einddatum = laatste van de maand, of de toewijzing eindigt eerder in die maand",
    facts=(_EIND, Fact("maandeinde", "datum", "laatste dag van de maand"), _TW_EIND),
)
def not_month_end(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    last = month_end(lines.product_periode_eind)
    earlier_end = (
        lines.a_einddatum.notnull() & (lines.a_einddatum < last) & (lines.a_einddatum >= month_start(last))
    )
    wrong_end = ibis.ifelse(is_month_end(lines.product_periode_eind), False, ~earlier_end.fill_null(False))
    hit = ibis.ifelse(lines.a_found, wrong_end, _NA)
    return line_check(hit, eind=lines.product_periode_eind, maandeinde=last, tw_eind=lines.a_einddatum)


@control_rule(
    code="TR319",
    retourcode="9319",
    severity="afkeur",
    title_nl="ProductPeriode na de declaratieperiode",
    basis="iJw 3.2 TR319 (OP280)",
    explain_nl=(
        "De prestatie loopt tot {eind}, maar de declaratie gaat over de periode tot en met {decl_eind}. "
        "Declareer een maand pas in de declaratie over die maand of later."
    ),
    comparison_nl="einddatum ProductPeriode ≤ einddatum DeclaratiePeriode",
    facts=(_EIND, Fact("decl_eind", "datum", "einddatum DeclaratiePeriode")),
)
def after_declaration_period(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    hit = lines.product_periode_eind > lines.declaratie_periode_eind
    return line_check(hit, eind=lines.product_periode_eind, decl_eind=lines.declaratie_periode_eind)
