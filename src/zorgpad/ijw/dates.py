"""Dates the XSD accepts but zorgpad cannot hold: a finding of their own, never a silent NULL.

`xs:date` allows any year of four or more digits, and negative years (`10000-01-01`, `-0001-05-01`);
Python's `date`, and so the store and every later step, holds only the years 1 to 9999. A message
with such a date is schema-valid, but nothing after validation could read its dates: it gets a
``DATUM`` finding and counts as invalid (like a level-2 failure), so it never reaches the analytic
tables, and control never meets a missing date it cannot judge.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.reader import Document
from zorgpad.ijw.rules.locate import Locator
from zorgpad.ijw.schemas import xsd_dir
from zorgpad.ijw.values import value_of

DATE_RULE = "DATUM"
_XS = "{http://www.w3.org/2001/XMLSchema}"
_DATE_TYPE = "LDT_Datum"  # the one date type of iJw 3.2: xs:date without a time zone


@cache
def date_element_names() -> frozenset[str]:
    """Local names of every element the vendored schemas type as a date (Begindatum, Dagtekening, ...)."""
    names: set[str] = set()
    for xsd in sorted(xsd_dir().glob("*.xsd")):
        root = etree.parse(str(xsd), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        for element in root.iter(f"{_XS}element"):
            type_name = (element.get("type") or "").rpartition(":")[2]
            if type_name == _DATE_TYPE and element.get("name"):
                names.add(str(element.get("name")))
    return frozenset(names)


def unholdable_date_findings(document: Document) -> tuple[Finding, ...]:
    """A ``DATUM`` finding for every date value outside the years 1 to 9999; run after the XSD passed."""
    names = date_element_names()
    locator = Locator()
    findings: list[Finding] = []
    for element in document.root.iter():
        if not isinstance(element.tag, str) or len(element):
            continue
        if element.tag.rpartition("}")[2] not in names:
            continue
        value = (value_of(element) or "").strip()
        if _holdable(value):
            continue
        shown = value if len(value) <= 20 else value[:20] + "…"
        reference = _line_reference(element)
        where = f" (prestatie met ReferentieNummer {reference})" if reference else ""
        findings.append(
            Finding(
                rule=DATE_RULE,
                retourcode=None,
                xpath=locator.xpath(element),
                message=(
                    f"De datum '{shown}'{where} is volgens het XSD geldig, maar valt buiten de jaren 1 tot "
                    "en met 9999 die zorgpad kan verwerken. Het bericht wordt niet verwerkt; vraag de "
                    "afzender om een bestaande datum."
                ),
            )
        )
    return tuple(findings)


def _line_reference(element: etree._Element) -> str | None:
    """The ReferentieNummer of the declaration line (Prestatie) the date belongs to, if it is in one."""
    for ancestor in element.iterancestors():
        if str(ancestor.tag).rpartition("}")[2] != "Prestatie":
            continue
        for candidate in ancestor.iter():
            if isinstance(candidate.tag, str) and candidate.tag.rpartition("}")[2] == "ReferentieNummer":
                text = (value_of(candidate) or "").strip()
                return text[:20] or None
        return None
    return None


def _holdable(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
