"""Retourcodes of the retour messages (JW302/306/308/316/318/320) and of JW325, one row per code.

A retour mirrors its heen message and puts `RetourCodes` on every class it judges, so one walk
over every `RetourCodes` element finds them all, whatever the message type. JW318 also carries a
loose `RetourCode` directly on its Verzoek; that is read the same way.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from zorgpad.ijw.values import value_of
from zorgpad.store.extract.context import MessageContext
from zorgpad.store.extract.xml import local, text

# The element that identifies each class, in order of preference.
_KEYS = ("ToewijzingNummer", "ReferentieAanbieder", "DeclaratieNummer", "Nummer", "Soort")


def _class_key(element: etree._Element) -> str | None:
    reference = text(element, "ProductReferentie", "ReferentieNummer")  # a Prestatie's logical key
    if reference is not None:
        return reference
    for name in _KEYS:
        value = text(element, name)
        if value is not None:
            return value
    return None


def _client_key(element: etree._Element, ctx: MessageContext) -> str | None:
    node: etree._Element | None = element
    while node is not None:
        if local(node.tag) == "Client":
            return ctx.client_key(text(node, "Bsn"))
        node = node.getparent()
    return None


def retours(root: etree._Element, ctx: MessageContext) -> None:
    table = ctx.batch["retours"]
    counter: Counter[str] = Counter()
    position_of: dict[etree._Element, int] = {}
    for element in root.iter():
        name = local(element.tag)
        # Every element gets its position among its kind, so a class's position is the same
        # whether or not earlier classes of that kind carry codes.
        position_of[element] = counter[name]
        counter[name] += 1
        parent = element.getparent()
        if name != "RetourCode" or parent is None:
            continue
        judged = parent.getparent() if local(parent.tag) == "RetourCodes" else parent
        if judged is None:
            continue
        table.append(
            (
                ctx.message_id,
                ctx.message_type,
                local(judged.tag),
                position_of[judged],
                _class_key(judged),
                _client_key(judged, ctx),
                value_of(element),
            )
        )
