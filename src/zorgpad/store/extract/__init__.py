"""From a parsed, valid iJw message to rows in the batch's column buffers, per message type."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from zorgpad.store.extract import care, claims
from zorgpad.store.extract.context import MessageContext
from zorgpad.store.extract.retours import retours

Extractor = Callable[[etree._Element, MessageContext], None]

EXTRACTORS: dict[str, tuple[Extractor, ...]] = {
    "JW301": (care.allocations,),
    "JW315": (care.allocation_requests,),
    "JW317": (care.change_requests,),
    "JW319": (care.request_answers,),
    "JW305": (care.starts,),
    "JW307": (care.stops,),
    "JW323": (claims.declarations,),
    "JW325": (claims.declaration_answers, retours),
    "JW302": (retours,),
    "JW306": (retours,),
    "JW308": (retours,),
    "JW316": (retours,),
    "JW318": (retours,),
    "JW320": (retours,),
}


def extract(root: etree._Element, ctx: MessageContext) -> None:
    """Append the message's rows to the analytic tables of `ctx.batch`."""
    for extractor in EXTRACTORS[ctx.message_type]:
        extractor(root, ctx)


__all__ = ["EXTRACTORS", "MessageContext", "extract"]
