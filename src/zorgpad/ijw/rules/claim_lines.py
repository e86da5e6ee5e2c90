"""One pass over the Prestaties of a JW323 or JW325, shared by every declaration rule.

A declaration may hold tens of thousands of Prestaties; a dozen rules look at them. Instead of each
rule walking the tree and converting text, `claim_lines(context)` walks it once, keeps the values the
rules need in small slotted objects, and caches the result for the duration of the validation.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.rules.values import as_date, as_int


@dataclass(slots=True)
class ClaimLine:
    """The values of one Prestatie that the level-2 rules use (None when absent or unreadable).

    Only the Prestatie element itself is kept; a rule that fails looks up the child it reports.
    """

    element: etree._Element
    bsn: str
    referentie: str
    vorig: str | None
    toewijzing: str
    categorie: str
    code: str
    begin: date | None
    end: date | None
    volume: int | None
    eenheid: str
    has_tarief: bool
    amount: int | None
    debet_credit: str

    @property
    def signed_amount(self) -> int:
        """The amount with its sign: credit lines count negative (0 when unreadable)."""
        amount = self.amount or 0
        return -amount if self.debet_credit == "C" else amount

    def child(self, name: str) -> etree._Element:
        """A message-namespace child (``ProductPeriode``), or the Prestatie when it is absent."""
        found = self.element.find(f"{{{etree.QName(self.element).namespace}}}{name}")
        return self.element if found is None else found

    def vorig_element(self) -> etree._Element:
        reference = self.child("ProductReferentie")
        found = reference.find(f"{{{NS_BASIS}}}VorigReferentieNummer")
        return reference if found is None else found


def _read_all(context: RuleContext) -> tuple[ClaimLine, ...]:
    """One C-level walk over just the elements the rules read; a small state machine groups them.

    The walk yields a Client's Bsn, then each Prestatie followed by its own descendants, in
    document order; dates before the first Prestatie (the DeclaratiePeriode) are skipped.
    """
    m = f"{{{context.document.message_type.namespace}}}"
    b = f"{{{NS_BASIS}}}"
    prestatie_tag, bsn_tag, tarief_tag = m + "Prestatie", m + "Bsn", m + "ProductTarief"
    fields = {
        m + "ToewijzingNummer": "toewijzing",
        m + "ProductCategorie": "categorie",
        m + "ProductCode": "code",
        m + "Eenheid": "eenheid",
        m + "GeleverdVolume": "volume",
        b + "ReferentieNummer": "referentie",
        b + "VorigReferentieNummer": "vorig",
        b + "Begindatum": "begin",
        b + "Einddatum": "end",
        b + "Bedrag": "amount",
        b + "DebetCredit": "debet_credit",
    }
    lines: list[ClaimLine] = []
    bsn = ""
    values: dict[str, str] = {}
    current: etree._Element | None = None
    has_tarief = False

    def close() -> None:
        if current is not None:
            lines.append(_line(current, bsn, values, has_tarief))

    for element in context.root.iter(prestatie_tag, bsn_tag, tarief_tag, *fields):
        tag = element.tag
        if tag == prestatie_tag:
            close()
            current, values, has_tarief = element, {}, False
        elif tag == bsn_tag:
            close()
            current, bsn = None, (element.text or "").strip()
        elif current is not None:
            if tag == tarief_tag:
                has_tarief = True
            else:
                values[fields[str(tag)]] = (element.text or "").strip()
    close()
    return tuple(lines)


def _line(element: etree._Element, bsn: str, values: dict[str, str], has_tarief: bool) -> ClaimLine:
    get = values.get
    return ClaimLine(
        element,
        bsn,
        get("referentie", ""),
        get("vorig"),
        get("toewijzing", ""),
        get("categorie", ""),
        get("code", ""),
        as_date(get("begin")),
        as_date(get("end")),
        as_int(get("volume")),
        get("eenheid", ""),
        has_tarief,
        as_int(get("amount")),
        get("debet_credit", ""),
    )


_CACHE: weakref.WeakKeyDictionary[RuleContext, tuple[ClaimLine, ...]] = weakref.WeakKeyDictionary()


def claim_lines(context: RuleContext) -> tuple[ClaimLine, ...]:
    """Every Prestatie of the message, in document order, read once per validation."""
    lines = _CACHE.get(context)
    if lines is None:
        lines = _CACHE[context] = _read_all(context)
    return lines
