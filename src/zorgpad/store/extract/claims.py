"""Declarations: JW323 (the hot path: millions of lines) and JW325 answers.

The JW323 path reads each Prestatie's children once into a small dict and appends plain strings to
the column lists; conversion to dates and integers happens per batch, column at a time.
"""

from __future__ import annotations

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, message_type
from zorgpad.ijw.values import value_of
from zorgpad.store.extract.context import MessageContext
from zorgpad.store.extract.xml import child, children, codes, flat, text

# The leaves of a Prestatie, in `claim_lines` column order. Their local names are unique within a
# Prestatie, so one pass over its descendants, looking each tag up in a dict, fills a line.
_LEAVES = (
    ("ijw", "ReferentieNummer"),
    ("ijw", "VorigReferentieNummer"),
    ("m", "ToewijzingNummer"),
    ("m", "ProductCategorie"),
    ("m", "ProductCode"),
    ("ijw", "Begindatum"),
    ("ijw", "Einddatum"),
    ("m", "GeleverdVolume"),
    ("m", "Eenheid"),
    ("m", "ProductTarief"),
    ("ijw", "Bedrag"),
    ("ijw", "DebetCredit"),
)
_JW323 = message_type("JW323").namespace
_SLOTS = {
    f"{{{_JW323 if space == 'm' else NS_BASIS}}}{name}": slot for slot, (space, name) in enumerate(_LEAVES)
}
_AMOUNT, _SIGN = 10, 11


def _signed(amount: str | None, debet_credit: str | None) -> int | None:
    if amount is None:
        return None
    value = int(amount.strip())
    return -value if debet_credit == "C" else value


def _prestatie(v: dict[str, str | None], client_key: str | None) -> tuple[object, ...]:
    amount, sign = v.get("IngediendBedrag/Bedrag"), v.get("IngediendBedrag/DebetCredit")
    return (
        client_key,
        v.get("ProductReferentie/ReferentieNummer"),
        v.get("ProductReferentie/VorigReferentieNummer"),
        v.get("ToewijzingNummer"),
        v.get("ProductCategorie"),
        v.get("ProductCode"),
        v.get("ProductPeriode/Begindatum"),
        v.get("ProductPeriode/Einddatum"),
        v.get("GeleverdVolume"),
        v.get("Eenheid"),
        v.get("ProductTarief"),
        amount,
        sign,
        _signed(amount, sign),
    )


def declarations(root: etree._Element, ctx: MessageContext) -> None:
    """JW323: one `declarations` row and one `claim_lines` row per Prestatie."""
    declaration = child(root, "Declaratie")
    d = flat(declaration) if declaration is not None else {}
    head = ctx.header
    number = d.get("DeclaratieNummer")
    period_begin, period_end = d.get("DeclaratiePeriode/Begindatum"), d.get("DeclaratiePeriode/Einddatum")
    declared_on = d.get("DeclaratieDagtekening")
    lines = ctx.batch["claim_lines"]
    head_values = (
        head.gemeente,
        head.aanbieder,
        head.dagtekening,
        number,
        period_begin,
        period_end,
        declared_on,
    )
    slots = _SLOTS
    position = 0
    for client in children(child(declaration, "Clienten"), "Client"):
        key = ctx.client_key(text(client, "Bsn"))
        for prestatie in children(child(client, "Prestaties"), "Prestatie"):
            leaves: list[str | None] = [None] * len(_LEAVES)
            for element in prestatie.iterdescendants():
                slot = slots.get(element.tag)
                if slot is not None:
                    leaves[slot] = value_of(element)
            signed = _signed(leaves[_AMOUNT], leaves[_SIGN])
            lines.append((ctx.message_id, position, *head_values, key, *leaves, signed))
            position += 1
    ctx.batch["declarations"].append(
        (
            ctx.message_id,
            head.gemeente,
            head.aanbieder,
            head.identificatie,
            head.dagtekening,
            number,
            period_begin,
            period_end,
            declared_on,
            d.get("TotaalIngediendBedrag/TotaalBedrag"),
            d.get("TotaalIngediendBedrag/DebetCredit"),
            position,
        )
    )


def declaration_answers(root: etree._Element, ctx: MessageContext) -> None:
    """JW325: the answer's totals and codes, and one `claim_answers` row per returned Prestatie."""
    answer = child(root, "DeclaratieAntwoord")
    a = flat(answer) if answer is not None else {}
    head = ctx.header
    number = a.get("DeclaratieNummer")
    ctx.batch["declaration_answers"].append(
        (
            ctx.message_id,
            head.gemeente,
            head.aanbieder,
            head.dagtekening,
            head.identificatie_retour,
            number,
            a.get("TotaalIngediendBedrag/TotaalBedrag"),
            a.get("TotaalIngediendBedrag/DebetCredit"),
            a.get("TotaalToegekendBedrag/TotaalBedrag"),
            a.get("TotaalToegekendBedrag/DebetCredit"),
            codes(child(root, "Header")),
            codes(answer) if answer is not None else [],
        )
    )
    table = ctx.batch["claim_answers"]
    position = 0
    for client in children(child(answer, "Clienten"), "Client"):
        key = ctx.client_key(text(client, "Bsn"))
        client_codes = codes(client)
        for prestatie in children(child(client, "Prestaties"), "Prestatie"):
            values = _prestatie(flat(prestatie), key)
            row = (ctx.message_id, position, head.gemeente, head.aanbieder, number, *values)
            table.append((*row, codes(prestatie), client_codes))
            position += 1
