"""Level-2 rules that relate Prestaties to each other or to the totals of a JW323 / JW325.

CS340 (one whole declaration month), TR358 (total = sum of lines), TR315/TR316 (credit references),
TR416 (no second debet for the same product, allocation and month), TR319 (no line after the
declaration period) and TR342 (a JW325 explains the
difference between claimed and granted with its rejected lines). Each runs in one pass over the
claim lines with dict/set lookups.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.claim_lines import ClaimLine, claim_lines
from zorgpad.ijw.rules.declaratie import declaratie
from zorgpad.ijw.rules.values import as_date, as_int, basis, clean, finding, in_message, nl_date, nl_euro
from zorgpad.ijw.values import find_value, value_of

ACCEPTED_ANSWER_CODES = frozenset({"0200", "8001"})  # 0200: processed; 8001: all approved


def _signed_total(element: etree._Element | None) -> int | None:
    """A CDT_TotaalBedragMetDC as a signed amount (credit negative); None when unreadable."""
    if element is None:
        return None
    amount = as_int(find_value(element, basis("TotaalBedrag")))
    if amount is None:
        return None
    return -amount if clean(find_value(element, basis("DebetCredit"))) == "C" else amount


@level2_rule("CS340", ("JW323",), "DeclaratiePeriode is precies één kalendermaand")
def check_whole_month(context: RuleContext) -> Iterator[Finding]:
    decl = declaratie(context)
    period = None if decl is None else decl.find(in_message(context, "DeclaratiePeriode"))
    if period is None:
        return
    begin = as_date(find_value(period, basis("Begindatum")))
    end = as_date(find_value(period, basis("Einddatum")))
    if begin is None or end is None:
        return
    next_day = end + timedelta(days=1)
    if (
        begin.day != 1
        or next_day.day != 1
        or (next_day.year * 12 + next_day.month) != (begin.year * 12 + begin.month + 1)
    ):
        yield finding(
            context,
            "CS340",
            period,
            f"De DeclaratiePeriode {nl_date(begin)} t/m {nl_date(end)} is geen hele kalendermaand. "
            "Een declaratie gaat altijd over één hele maand: van de 1e tot en met de laatste dag.",
        )


@level2_rule("TR358", ("JW323",), "TotaalIngediendBedrag is de som van de prestaties")
def check_total(context: RuleContext) -> Iterator[Finding]:
    decl = declaratie(context)
    element = None if decl is None else decl.find(in_message(context, "TotaalIngediendBedrag"))
    total = _signed_total(element)
    if element is None or total is None:
        return
    lines = claim_lines(context)
    summed = sum(line.signed_amount for line in lines)
    if summed != total:
        yield finding(
            context,
            "TR358",
            element,
            f"Het TotaalIngediendBedrag is {nl_euro(total)}, maar de {len(lines)} prestaties tellen op "
            f"tot {nl_euro(summed)} (debet opgeteld, credit afgetrokken). Pas het totaal of de "
            "bedragen aan zodat ze kloppen.",
        )


@level2_rule("TR315", ("JW323",), "Elk VorigReferentieNummer één keer per bericht")
def check_previous_unique(context: RuleContext) -> Iterator[Finding]:
    first: dict[str, ClaimLine] = {}
    for line in claim_lines(context):
        if line.vorig is None:
            continue
        previous = line.vorig
        earlier = first.setdefault(previous, line)
        if earlier is not line:
            yield finding(
                context,
                "TR315",
                line.vorig_element(),
                f"Prestatie '{line.referentie}' crediteert '{previous}', maar prestatie "
                f"'{earlier.referentie}' in dit bericht doet dat ook. Een prestatie wordt maar één keer "
                "gecrediteerd: verwijder de dubbele creditregel.",
            )


@level2_rule("TR316", ("JW323",), "Geen debetregel crediteren in hetzelfde bericht")
def check_no_credit_of_own_debet(context: RuleContext) -> Iterator[Finding]:
    lines = claim_lines(context)
    references = {line.referentie for line in lines}
    for line in lines:
        if line.vorig is not None and line.vorig in references:
            yield finding(
                context,
                "TR316",
                line.vorig_element(),
                f"Prestatie '{line.referentie}' crediteert '{line.vorig}', die in ditzelfde "
                "bericht wordt gedeclareerd. Een prestatie crediteren kan pas na het declaratie-antwoord; "
                "laat de debetregel en de creditregel hier allebei weg of corrigeer de debetregel zelf.",
            )


def _tr416_texts(line: ClaimLine) -> tuple[str | None, ...]:
    """The values the official stylesheet compares for TR416 (it compares them as strings)."""
    period = line.child("ProductPeriode")
    return tuple(
        value_of(element)
        for element in (
            period.find(basis("Begindatum")),
            period.find(basis("Einddatum")),
            line.element.find(in_prestatie(line, "ProductCategorie")),
            line.element.find(in_prestatie(line, "ToewijzingNummer")),
            line.element.find(in_prestatie(line, "ProductCode")),
        )
    )


def in_prestatie(line: ClaimLine, name: str) -> str:
    return str(line.element.tag).rpartition("}")[0] + "}" + name


@level2_rule("TR416", ("JW323",), "Eén debetregel per toewijzing, product en ProductPeriode")
def check_single_debet(context: RuleContext) -> Iterator[Finding]:
    # As the official stylesheet judges it: a debet line against the EARLIER debet lines of the same
    # Client element (its Prestaties), with the same texts of period, category, allocation and code.
    # Two Client elements with one Bsn are not compared with each other. Lines are grouped by their
    # parsed values first; only lines that collide have their raw texts compared.
    earlier: dict[tuple[object, ...], list[ClaimLine]] = {}
    for line in claim_lines(context):
        if line.debet_credit != "D":
            continue
        key = (id(line.group), line.toewijzing, line.categorie, line.code, line.begin, line.end)
        before = earlier.setdefault(key, [])
        if before:
            texts = _tr416_texts(line)
            first = next((other for other in before if _tr416_texts(other) == texts), None)
            if first is not None:
                period = f"{nl_date(line.begin)} t/m {nl_date(line.end)}" if line.begin and line.end else "?"
                yield finding(
                    context,
                    "TR416",
                    line.element,
                    f"Prestatie '{line.referentie}' is een tweede debetregel voor toewijzing "
                    f"{line.toewijzing}, product {line.categorie}/{line.code} en periode {period} "
                    f"(de eerste is '{first.referentie}'). Tel de levering op in één prestatie.",
                )
        before.append(line)


@level2_rule("TR319", ("JW323",), "ProductPeriode valt niet na de DeclaratiePeriode")
def check_not_after_declaration_period(context: RuleContext) -> Iterator[Finding]:
    # The rule export lists TR319 as cross-message (9319), but the official stylesheet checks it
    # inside the message, and that verdict is what senders and hubs see (oracle/README).
    decl = declaratie(context)
    period = None if decl is None else decl.find(in_message(context, "DeclaratiePeriode"))
    last = None if period is None else as_date(period.findtext(basis("Einddatum")))
    if last is None:
        return
    for line in claim_lines(context):
        late = [day for day in (line.begin, line.end) if day is not None and day > last]
        if late:
            yield finding(
                context,
                "TR319",
                line.child("ProductPeriode"),
                f"De ProductPeriode van prestatie '{line.referentie}' valt (deels) na de "
                f"DeclaratiePeriode, die eindigt op {nl_date(last)}. Declareer zorg pas in de "
                "declaratie over die maand of een latere.",
            )


@level2_rule("TR342", ("JW325",), "Het antwoord verklaart het verschil met de afgewezen prestaties")
def check_answer_explains_difference(context: RuleContext) -> Iterator[Finding]:
    answer = context.root.find(in_message(context, "DeclaratieAntwoord"))
    if answer is None:  # a header-only answer: the declaration was rejected as a whole
        return
    claimed_element = answer.find(in_message(context, "TotaalIngediendBedrag"))
    granted_element = answer.find(in_message(context, "TotaalToegekendBedrag"))
    claimed, granted = _signed_total(claimed_element), _signed_total(granted_element)
    if claimed is None or granted is None or granted_element is None:
        return
    codes_element = answer.find(in_message(context, "RetourCodes"))
    codes = set() if codes_element is None else {clean(value_of(c)) for c in codes_element}
    if not codes <= ACCEPTED_ANSWER_CODES:
        if granted != 0:
            yield finding(
                context,
                "TR342",
                granted_element,
                f"De declaratie is als geheel afgewezen (RetourCode {', '.join(sorted(codes))}), maar het "
                f"TotaalToegekendBedrag is {nl_euro(granted)}. Bij afwijzing van de hele declaratie "
                "is het toegekende bedrag 0.",
            )
        return
    returned = sum(line.signed_amount for line in claim_lines(context))
    if returned != claimed - granted:
        yield finding(
            context,
            "TR342",
            granted_element,
            f"Ingediend ({nl_euro(claimed)}) min toegekend ({nl_euro(granted)}) is "
            f"{nl_euro(claimed - granted)}, maar de meegestuurde afgewezen prestaties tellen op tot "
            f"{nl_euro(returned)}. Stuur precies de afgewezen prestaties mee, zodat zij het verschil "
            "verklaren.",
        )
