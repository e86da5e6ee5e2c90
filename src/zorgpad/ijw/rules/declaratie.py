"""Level-2 rules on each Prestatie of a declaration (JW323) and declaration answer (JW325).

CD060, CD087, CS100, CS325, CS337, CS339 and TR335. Every rule reads the claim lines that
`claim_lines` extracted in one pass; the rules that compare Prestaties with each other or with the
totals are in `declaratie_totaal.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.claim_lines import claim_lines
from zorgpad.ijw.rules.values import (
    as_date,
    as_int,
    basis,
    clean,
    finding,
    in_message,
    minus_months,
    nl_date,
)
from zorgpad.ijw.values import find_value, value_of

FIRST_DATE = date(2021, 1, 1)  # CS100: iJw 3.x declarations start on 1 January 2021
EURO_UNIT = "83"  # Eenheid 83: euro's; the volume is then an amount in eurocents
LOOKBACK_MONTHS = 60  # TR335: "5 jaar", which the standard implements as 60 months


def declaratie(context: RuleContext) -> etree._Element | None:
    return context.root.find(in_message(context, "Declaratie"))


@level2_rule("CD060", ("JW323", "JW325"), "VorigReferentieNummer alleen en altijd bij een creditregel")
def check_previous_reference(context: RuleContext) -> Iterator[Finding]:
    for line in claim_lines(context):
        credit = line.debet_credit == "C"
        if credit and line.vorig is None:
            yield finding(
                context,
                "CD060",
                line.child("ProductReferentie"),
                f"Prestatie '{line.referentie}' is een creditregel maar heeft geen VorigReferentieNummer. "
                "Vul het ReferentieNummer in van de debetregel die u crediteert.",
            )
        elif not credit and line.vorig is not None:
            yield finding(
                context,
                "CD060",
                line.vorig_element(),
                f"Prestatie '{line.referentie}' is een debetregel en mag geen VorigReferentieNummer "
                f"('{line.vorig}') hebben; dat hoort alleen bij een creditregel. "
                "Laat het weg of maak er een creditregel van.",
            )


@level2_rule("CD087", ("JW323",), "ProductTarief alleen en altijd als Eenheid geen euro's is")
def check_tariff_presence(context: RuleContext) -> Iterator[Finding]:
    for line in claim_lines(context):
        euros = line.eenheid == EURO_UNIT
        if not euros and not line.has_tarief:
            yield finding(
                context,
                "CD087",
                line.element,
                f"Prestatie '{line.referentie}' heeft Eenheid {line.eenheid} maar geen ProductTarief. "
                "Vul het tarief per eenheid in (alleen bij Eenheid 83, euro's, blijft het leeg).",
            )
        elif euros and line.has_tarief:
            yield finding(
                context,
                "CD087",
                line.child("ProductTarief"),
                f"Prestatie '{line.referentie}' wordt in euro's gedeclareerd (Eenheid 83) en mag dan "
                "geen ProductTarief hebben. Laat het ProductTarief weg.",
            )


@level2_rule("CS339", ("JW323",), "Bij Eenheid euro's is IngediendBedrag gelijk aan GeleverdVolume")
def check_euro_amount(context: RuleContext) -> Iterator[Finding]:
    for line in claim_lines(context):
        if (
            line.eenheid == EURO_UNIT
            and line.amount is not None
            and line.volume is not None
            and line.amount != line.volume
        ):
            yield finding(
                context,
                "CS339",
                line.child("IngediendBedrag"),
                f"Prestatie '{line.referentie}' is in euro's (Eenheid 83): het GeleverdVolume "
                f"({line.volume} eurocent) moet dan gelijk zijn aan het IngediendBedrag "
                f"({line.amount} eurocent). Maak beide bedragen gelijk.",
            )


def _zero_must_be_debet(context: RuleContext, element: etree._Element, what: str) -> Finding | None:
    amount_tag = basis("TotaalBedrag") if element.find(basis("TotaalBedrag")) is not None else basis("Bedrag")
    amount = as_int(find_value(element, amount_tag))
    side = clean(find_value(element, basis("DebetCredit")))
    if amount == 0 and side != "D":
        return finding(
            context,
            "CS325",
            element,
            f"{what} is 0 en staat op {side or '(leeg)'}; een bedrag van 0 geeft u altijd op als D (debet).",
        )
    return None


_CS325_TOTALS = {
    "JW323": (("Declaratie", "TotaalIngediendBedrag"),),
    "JW325": (
        ("DeclaratieAntwoord", "TotaalIngediendBedrag"),
        ("DeclaratieAntwoord", "TotaalToegekendBedrag"),
    ),
}


@level2_rule("CS325", tuple(_CS325_TOTALS), "Een bedrag van 0 staat op debet")
def check_zero_is_debet(context: RuleContext) -> Iterator[Finding]:
    for parent_name, total_name in _CS325_TOTALS[context.document.message_type.code]:
        parent = context.root.find(in_message(context, parent_name))
        total = None if parent is None else parent.find(in_message(context, total_name))
        if total is not None and (found := _zero_must_be_debet(context, total, f"Het {total_name}")):
            yield found
    for line in claim_lines(context):
        if line.amount == 0 and line.debet_credit != "D":
            yield finding(
                context,
                "CS325",
                line.child("IngediendBedrag"),
                f"Het IngediendBedrag van prestatie '{line.referentie}' is 0 en staat op "
                f"{line.debet_credit or '(leeg)'}; een bedrag van 0 geeft u altijd op als D (debet).",
            )


def _too_early(context: RuleContext, element: etree._Element, day: date, what: str) -> Finding:
    return finding(
        context,
        "CS100",
        element,
        f"De Begindatum {nl_date(day)} van {what} ligt vóór 01-01-2021. Declaraties in dit formaat "
        "gaan over zorg vanaf 1 januari 2021; oudere perioden declareert u op de oude manier.",
    )


@level2_rule("CS100", ("JW323",), "Perioden beginnen op of na 01-01-2021")
def check_first_date(context: RuleContext) -> Iterator[Finding]:
    decl = declaratie(context)
    period = None if decl is None else decl.find(in_message(context, "DeclaratiePeriode"))
    begin = None if period is None else period.find(basis("Begindatum"))
    day = None if begin is None else as_date(value_of(begin))
    if begin is not None and day is not None and day < FIRST_DATE:
        yield _too_early(context, begin, day, "de DeclaratiePeriode")
    for line in claim_lines(context):
        if line.begin is not None and line.begin < FIRST_DATE:
            yield _too_early(
                context, line.child("ProductPeriode"), line.begin, f"prestatie '{line.referentie}'"
            )


@level2_rule("CS337", ("JW323",), "ProductPeriode binnen één kalendermaand")
def check_period_in_one_month(context: RuleContext) -> Iterator[Finding]:
    for line in claim_lines(context):
        begin, end = line.begin, line.end
        if begin is None or end is None:
            continue
        if (begin.year, begin.month) != (end.year, end.month):
            yield finding(
                context,
                "CS337",
                line.child("ProductPeriode"),
                f"De ProductPeriode van prestatie '{line.referentie}' loopt van {nl_date(begin)} tot "
                f"{nl_date(end)} en valt dus niet in één kalendermaand. Splits de prestatie per maand.",
            )


@level2_rule("TR335", ("JW323",), "ProductPeriode niet meer dan 5 jaar oud")
def check_not_too_old(context: RuleContext) -> Iterator[Finding]:
    decl = declaratie(context)
    issued = None if decl is None else as_date(find_value(decl, in_message(context, "DeclaratieDagtekening")))
    if issued is None:
        return
    limit = minus_months(issued, LOOKBACK_MONTHS)
    for line in claim_lines(context):
        if line.end is not None and line.end < limit:
            yield finding(
                context,
                "TR335",
                line.child("ProductPeriode"),
                f"De ProductPeriode van prestatie '{line.referentie}' eindigt op {nl_date(line.end)}, "
                f"meer dan 5 jaar vóór de DeclaratieDagtekening ({nl_date(issued)}). Zorg van zo lang "
                "geleden kan niet meer worden gedeclareerd.",
            )
