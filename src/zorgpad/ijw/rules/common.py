"""Generic level-2 rules that several message types share: CS002, TR002, TR134, TR137, CS139.

TR101 (duplicate logical keys) lives in `keys.py`, because it is driven by the per-element CSV; the
shared helpers are in `values.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.claim_lines import BODY, claim_lines, declaration
from zorgpad.ijw.rules.values import (
    as_date,
    basis,
    clean,
    dagtekening,
    finding,
    in_message,
    minus_months,
    nl_date,
)
from zorgpad.ijw.values import find_value, value_of

# --- CS002: 11-proef on every Bsn -------------------------------------------------------------------


def passes_elfproef(bsn: str) -> bool:
    """The BSN 11-proef: 9·d1 + 8·d2 + ... + 2·d8 − 1·d9 is divisible by 11 (no test-BSN exception)."""
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    d = [int(c) for c in bsn]
    return (
        9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6] + 2 * d[7] - d[8]
    ) % 11 == 0


@level2_rule(
    "CS002",
    ("JW301", "JW305", "JW307", "JW315", "JW317", "JW323", "JW325"),
    "Bsn voldoet aan de 11-proef",
)
def check_bsn(context: RuleContext) -> Iterator[Finding]:
    if context.document.message_type.code in BODY:
        elements: Iterable[etree._Element] = declaration(context).bsns
    else:
        elements = context.root.iter(in_message(context, "Bsn"))
    for element in elements:
        bsn = clean(value_of(element))
        if not passes_elfproef(bsn):
            yield finding(
                context,
                "CS002",
                element,
                f"Het BSN '{bsn}' is geen geldig burgerservicenummer: het voldoet niet aan de 11-proef. "
                "Controleer of er geen cijfer verkeerd is overgenomen of verwisseld.",
            )


# --- Geboortedatum: TR002, CS139, and TR134 on dates that must not lie after the Dagtekening -------

_UNKNOWN_BIRTH = date(1900, 1, 1)


def _birth_dates(context: RuleContext) -> Iterator[tuple[etree._Element, date, str]]:
    """(Datum element, its date, DatumGebruik) of every Geboortedatum (Client and Relatie)."""
    for element in context.root.iter(in_message(context, "Geboortedatum")):
        datum = element.find(basis("Datum"))
        if datum is None:
            continue
        day = as_date(value_of(datum))
        if day is not None:
            yield datum, day, clean(find_value(element, basis("DatumGebruik")))


@level2_rule("TR002", ("JW301", "JW305", "JW307", "JW315"), "Geboortedatum hooguit 120 jaar oud")
def check_birth_age(context: RuleContext) -> Iterator[Finding]:
    today = dagtekening(context)
    if today is None:
        return
    limit = minus_months(today, 120 * 12)
    for datum, day, usage in _birth_dates(context):
        if day < limit and not (day == _UNKNOWN_BIRTH and usage == "3"):
            yield finding(
                context,
                "TR002",
                datum,
                f"De geboortedatum {nl_date(day)} ligt meer dan 120 jaar voor de dagtekening van het "
                f"bericht ({nl_date(today)}). Is de datum onbekend, vul dan 01-01-1900 met DatumGebruik 3.",
            )


def _usage_fits(usage: str, day: date) -> bool:
    """CS139: DatumGebruik 1 = day unknown, 2 = day and month unknown, 3 = date unknown."""
    if usage == "1":
        return day.day == 1
    if usage == "2":
        return (day.month, day.day) == (1, 1)
    if usage == "3":
        return day == _UNKNOWN_BIRTH
    return True


_USAGE_MEANING = {
    "1": "dag onbekend: de datum moet op de 1e van de maand staan",
    "2": "dag en maand onbekend: de datum moet 1 januari van het geboortejaar zijn",
    "3": "datum onbekend: de datum moet 01-01-1900 zijn",
}


@level2_rule("CS139", ("JW301", "JW305", "JW307", "JW315"), "DatumGebruik past bij de geboortedatum")
def check_birth_usage(context: RuleContext) -> Iterator[Finding]:
    for datum, day, usage in _birth_dates(context):
        if not _usage_fits(usage, day):
            yield finding(
                context,
                "CS139",
                datum,
                f"De geboortedatum {nl_date(day)} past niet bij DatumGebruik {usage} "
                f"({_USAGE_MEANING[usage]}). "
                "Pas de datum of het DatumGebruik aan.",
            )


# Per message: (parent element, date child, child in base schema?) checked by TR134.
_TR134_DATES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "JW301": (("Geboortedatum", "Datum", True), ("ToegewezenProduct", "Toewijzingsdatum", False)),
    "JW305": (("Geboortedatum", "Datum", True), ("StartProduct", "Begindatum", False)),
    "JW307": (("Geboortedatum", "Datum", True), ("StopProduct", "Einddatum", False)),
    "JW315": (("Geboortedatum", "Datum", True),),
    "JW323": (("DeclaratiePeriode", "Begindatum", True), ("ProductPeriode", "Begindatum", True)),
    "JW325": (("ProductPeriode", "Begindatum", True),),
}


@level2_rule("TR134", tuple(_TR134_DATES), "Datum niet na de dagtekening van het bericht")
def check_not_after_dagtekening(context: RuleContext) -> Iterator[Finding]:
    today = dagtekening(context)
    if today is None:
        return
    for parent_name, child_name, in_basis in _TR134_DATES[context.document.message_type.code]:
        dates: Iterable[tuple[etree._Element, date | None]]
        if parent_name == "ProductPeriode":  # every Prestatie's, from the shared pass
            dates = (
                (line.period_date(child_name), line.begin)
                for line in claim_lines(context)
                if line.begin is not None and line.begin > today
            )
        else:
            dates = _dates_in(context, parent_name, child_name, in_basis)
        for child, day in dates:
            if day is not None and day > today:
                yield finding(
                    context,
                    "TR134",
                    child,
                    f"De {child_name} {nl_date(day)} in {parent_name} ligt na de dagtekening van het "
                    f"bericht ({nl_date(today)}). Een bericht kan alleen gaan over data tot en met de "
                    "dag waarop het is opgemaakt.",
                )


def _parents(context: RuleContext, name: str) -> Iterator[etree._Element]:
    """Every `name` element; the DeclaratiePeriode straight from its place, without a walk."""
    if name == "DeclaratiePeriode":
        return context.root.iterfind(f"{in_message(context, 'Declaratie')}/{in_message(context, name)}")
    return context.root.iter(in_message(context, name))


def _dates_in(
    context: RuleContext, parent_name: str, child_name: str, in_basis: bool
) -> Iterator[tuple[etree._Element, date | None]]:
    """(date element, its date) of the `child_name` of every `parent_name` element."""
    child_tag = basis(child_name) if in_basis else in_message(context, child_name)
    for parent in _parents(context, parent_name):
        child = parent.find(child_tag)
        if child is not None:
            yield child, as_date(value_of(child))


def _period_ends(context: RuleContext, name: str) -> Iterator[tuple[etree._Element, date, date]]:
    """(Einddatum element, begin, end) for every `name` period element with both dates."""
    begin_tag, end_tag = basis("Begindatum"), basis("Einddatum")
    for period in _parents(context, name):
        end = period.find(end_tag)
        first = as_date(find_value(period, begin_tag))
        last = None if end is None else as_date(value_of(end))
        if end is not None and first is not None and last is not None:
            yield end, first, last


def _wrong_end(first: date, last: date, today: date | None) -> str | None:
    """Why the Einddatum `last` of a period from `first` is wrong (TR137), or None when it is right."""
    if last < first:
        return f"ligt vóór de Begindatum {nl_date(first)}"
    if today is not None and last > today:
        return (
            f"ligt na de dagtekening van het bericht ({nl_date(today)}); een periode kunt u pas "
            "indienen als hij voorbij is"
        )
    return None


_TR137_PERIODS = {"JW323": ("DeclaratiePeriode", "ProductPeriode"), "JW325": ("ProductPeriode",)}


@level2_rule("TR137", tuple(_TR137_PERIODS), "Einddatum van de periode tussen Begindatum en dagtekening")
def check_period_end(context: RuleContext) -> Iterator[Finding]:
    today = dagtekening(context)
    wrong: list[tuple[str, etree._Element, date, date, str]] = []
    for name in _TR137_PERIODS[context.document.message_type.code]:
        if name == "ProductPeriode":  # every Prestatie's, from the shared pass
            for line in claim_lines(context):
                first, last = line.begin, line.end
                if first is None or last is None or (first <= last and (today is None or last <= today)):
                    continue  # the common case, decided without a call
                if reason := _wrong_end(first, last, today):
                    wrong.append((name, line.period_date("Einddatum"), first, last, reason))
        else:
            for end, first, last in _period_ends(context, name):
                if reason := _wrong_end(first, last, today):
                    wrong.append((name, end, first, last, reason))
    for name, end, _first, last, reason in wrong:
        yield finding(
            context,
            "TR137",
            end,
            f"De Einddatum {nl_date(last)} van de {name} {reason}. Corrigeer de periode.",
        )
