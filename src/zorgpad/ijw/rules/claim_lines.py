"""One pass over the Clients and Prestaties of a JW323 or JW325, shared by every declaration rule.

A declaration may hold tens of thousands of Prestaties; a dozen rules look at them (CD060, CS002,
TR101, TR134, TR137, TR358, ...). Instead of each rule walking the tree and converting text,
`declaration(context)` walks it once, keeps the values the rules need in small slotted objects, and
caches the result on the context for the duration of the validation.

Two readers produce the same `Declaration`:

- for a message that passed its XSD (`RuleContext.schema_valid`), `_read_by_position` relies on the
  element order the schema prescribes and reads each Prestatie's texts in one C-level iteration,
  looking at the names of only two of its elements (is there a VorigReferentieNummer, a
  ProductTarief?);
- otherwise `_read_by_name` looks at the name of every element, wherever it stands.

Only the Prestatie element itself is kept; a rule that fails looks up the child it reports.
The typed model (`zorgpad.ijw.model`) is the reference reading: `tests/ijw/test_readers_agree.py`
requires both readers, and the store's extraction, to give exactly the model's values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.rules.values import as_date, as_int
from zorgpad.ijw.values import value_of

_B = f"{{{NS_BASIS}}}"
# The body of each declaration message, the class that holds the Clienten.
BODY = {"JW323": "Declaratie", "JW325": "DeclaratieAntwoord"}


@dataclass(slots=True)
class ClaimLine:
    """The values of one Prestatie that the level-2 rules use (None when absent or unreadable).

    `group` is the element that holds the Prestatie (its Prestaties), the scope of TR101.
    """

    element: etree._Element
    group: etree._Element | None
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

    @property
    def reference_key(self) -> tuple[str, ...]:
        """The texts of the ProductReferentie, its logical key (TR101)."""
        return tuple(text for text in (self.referentie, self.vorig) if text)

    def child(self, name: str) -> etree._Element:
        """A message-namespace child (``ProductPeriode``), or the Prestatie when it is absent."""
        found = self.element.find(str(self.element.tag).rpartition("}")[0] + "}" + name)
        return self.element if found is None else found

    def period_date(self, name: str) -> etree._Element:
        """``Begindatum`` or ``Einddatum`` of the ProductPeriode (the period itself when absent)."""
        period = self.child("ProductPeriode")
        found = period.find(_B + name)
        return period if found is None else found

    def vorig_element(self) -> etree._Element:
        reference = self.child("ProductReferentie")
        found = reference.find(_B + "VorigReferentieNummer")
        return reference if found is None else found


@dataclass(frozen=True, slots=True)
class ClientEntry:
    """One Client of the declaration: the element, the element holding it, and its Bsn."""

    element: etree._Element
    group: etree._Element | None
    bsn_element: etree._Element | None
    bsn: str


@dataclass(frozen=True)
class Declaration:
    """What the declaration rules read: every Client, every Bsn element and every Prestatie."""

    clients: tuple[ClientEntry, ...]
    bsns: tuple[etree._Element, ...]
    lines: tuple[ClaimLine, ...]


class _Values:
    """Text -> value conversions memoised for one pass: a declaration repeats the same few dates."""

    def __init__(self) -> None:
        self._dates: dict[str | None, date | None] = {}

    def day(self, text: str | None) -> date | None:
        try:
            return self._dates[text]
        except KeyError:
            value = self._dates[text] = as_date(text)
            return value


def _strip(text: str | None) -> str:
    return text.strip() if text else ""


def _read_by_position(context: RuleContext) -> Declaration:
    """The XSD-valid reader: Bericht/<body>/Clienten/Client/(Bsn, Prestaties/Prestatie)."""
    m = f"{{{context.document.message_type.namespace}}}"
    vorig_tag, tarief_tag = _B + "VorigReferentieNummer", m + "ProductTarief"
    element_only = etree.Element  # as a tag filter: elements, no comments or processing instructions
    values = _Values()
    day, clients, bsns, lines = values.day, [], [], []
    body = context.root.find(m + BODY[context.document.message_type.code])
    holder = None if body is None else body.find(m + "Clienten")
    for client in () if holder is None else holder.iterchildren(element_only):
        # Client: Bsn, Prestaties (and RetourCodes in a JW325).
        bsn_element, prestaties = _first_two(client)
        bsn = _strip(value_of(bsn_element))
        clients.append(ClientEntry(client, holder, bsn_element, bsn))
        bsns.append(bsn_element)
        for prestatie in prestaties.iterchildren(element_only):
            # Prestatie, ProductReferentie, ReferentieNummer, [VorigReferentieNummer], ToewijzingNummer,
            # ProductCategorie, ProductCode, ProductPeriode, Begindatum, Einddatum, GeleverdVolume,
            # Eenheid, [ProductTarief], IngediendBedrag, Bedrag, DebetCredit (, RetourCodes ...).
            nodes = list(prestatie.iter(element_only))
            v = 1 if nodes[3].tag == vorig_tag else 0
            t = 1 if nodes[11 + v].tag == tarief_tag else 0
            # Texts stripped inline: a call per value would cost more than the rest of this loop.
            texts = [(value_of(node) or "").strip() for node in nodes[: 16 + v + t]]
            lines.append(
                ClaimLine(
                    prestatie,
                    prestaties,
                    bsn,
                    texts[2],
                    texts[3] if v else None,
                    texts[3 + v],
                    texts[4 + v],
                    texts[5 + v],
                    day(texts[7 + v]),
                    day(texts[8 + v]),
                    as_int(texts[9 + v]),
                    texts[10 + v],
                    bool(t),
                    as_int(texts[12 + v + t]),
                    texts[13 + v + t],
                )
            )
    return Declaration(tuple(clients), tuple(bsns), tuple(lines))


def _first_two(parent: etree._Element) -> tuple[etree._Element, etree._Element]:
    children = parent.iterchildren(etree.Element)
    return next(children), next(children)


def _read_by_name(context: RuleContext) -> Declaration:
    """The reader for any tree: one C-level walk over just the elements the rules read.

    The walk yields a Client's Bsn, then each Prestatie followed by its own descendants, in
    document order; dates before the first Prestatie (the DeclaratiePeriode) are skipped.
    """
    m = f"{{{context.document.message_type.namespace}}}"
    prestatie_tag, bsn_tag, tarief_tag = m + "Prestatie", m + "Bsn", m + "ProductTarief"
    fields = {
        m + "ToewijzingNummer": "toewijzing",
        m + "ProductCategorie": "categorie",
        m + "ProductCode": "code",
        m + "Eenheid": "eenheid",
        m + "GeleverdVolume": "volume",
        _B + "ReferentieNummer": "referentie",
        _B + "VorigReferentieNummer": "vorig",
        _B + "Begindatum": "begin",
        _B + "Einddatum": "end",
        _B + "Bedrag": "amount",
        _B + "DebetCredit": "debet_credit",
    }
    lines: list[ClaimLine] = []
    bsn = ""
    found: dict[str, str] = {}
    current: etree._Element | None = None
    has_tarief = False
    day = _Values().day

    def close() -> None:
        if current is not None:
            lines.append(_line(current, bsn, found, has_tarief, day))

    for element in context.root.iter(prestatie_tag, bsn_tag, tarief_tag, *fields):
        tag = element.tag
        if tag == prestatie_tag:
            close()
            current, found, has_tarief = element, {}, False
        elif tag == bsn_tag:
            close()
            current, bsn = None, _strip(value_of(element))
        elif current is not None:
            if tag == tarief_tag:
                has_tarief = True
            else:
                found[fields[str(tag)]] = _strip(value_of(element))
    close()
    clients = []
    for client in context.root.iter(m + "Client"):
        bsn_element = client.find(bsn_tag)
        text = value_of(bsn_element)
        clients.append(ClientEntry(client, client.getparent(), bsn_element, _strip(text)))
    return Declaration(tuple(clients), tuple(context.root.iter(bsn_tag)), tuple(lines))


def _line(
    element: etree._Element,
    bsn: str,
    values: dict[str, str],
    has_tarief: bool,
    to_date: Callable[[str | None], date | None],
) -> ClaimLine:
    get = values.get
    return ClaimLine(
        element,
        element.getparent(),
        bsn,
        get("referentie", ""),
        get("vorig"),
        get("toewijzing", ""),
        get("categorie", ""),
        get("code", ""),
        to_date(get("begin")),
        to_date(get("end")),
        as_int(get("volume")),
        get("eenheid", ""),
        has_tarief,
        as_int(get("amount")),
        get("debet_credit", ""),
    )


def _read(context: RuleContext) -> Declaration:
    if context.schema_valid:
        return _read_by_position(context)
    return _read_by_name(context)


def declaration(context: RuleContext) -> Declaration:
    """The Clients and Prestaties of the message, read once per validation."""
    return context.shared(_read)


def claim_lines(context: RuleContext) -> tuple[ClaimLine, ...]:
    """Every Prestatie of the message, in document order, read once per validation."""
    return declaration(context).lines
