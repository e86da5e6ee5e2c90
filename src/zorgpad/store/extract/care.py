"""Allocation traffic: JW301 toewijzing, JW315/JW317 requests, JW319 answers, JW305/JW307 start/stop."""

from __future__ import annotations

from lxml import etree

from zorgpad.store.extract.context import MessageContext
from zorgpad.store.extract.xml import child, children, flat, path, text


def _omvang(values: dict[str, str | None]) -> tuple[str | None, str | None, str | None]:
    return values.get("Omvang/Volume"), values.get("Omvang/Eenheid"), values.get("Omvang/Frequentie")


def allocations(root: etree._Element, ctx: MessageContext) -> None:
    """JW301: one row per ToegewezenProduct, every version kept (IV013 picks the latest)."""
    client = child(root, "Client")
    key = ctx.client_key(text(client, "Bsn"))
    head = ctx.header
    table = ctx.batch["allocations"]
    for position, product in enumerate(children(child(client, "ToegewezenProducten"), "ToegewezenProduct")):
        v = flat(product)
        table.append(
            (
                ctx.message_id,
                position,
                head.gemeente,
                head.aanbieder,
                key,
                head.dagtekening,
                v.get("ToewijzingNummer"),
                v.get("ReferentieAanbieder"),
                v.get("Product/Categorie"),
                v.get("Product/Code"),
                v.get("Toewijzingsdatum"),
                v.get("Toewijzingstijd"),
                v.get("Ingangsdatum"),
                v.get("Einddatum"),
                v.get("RedenWijziging"),
                *_omvang(v),
                v.get("Budget"),
            )
        )


def allocation_requests(root: etree._Element, ctx: MessageContext) -> None:
    """JW315: one row per AangevraagdProduct, with its Verwijzer."""
    client = child(root, "Client")
    key = ctx.client_key(text(client, "Bsn"))
    head = ctx.header
    table = ctx.batch["allocation_requests"]
    requested = children(child(client, "AangevraagdeProducten"), "AangevraagdProduct")
    for position, product in enumerate(requested):
        v = flat(product)
        table.append(
            (
                ctx.message_id,
                position,
                head.gemeente,
                head.aanbieder,
                key,
                head.dagtekening,
                v.get("ReferentieAanbieder"),
                v.get("BeschikkingNummer"),
                v.get("BeschikkingIngangsdatum"),
                v.get("Product/Categorie"),
                v.get("Product/Code"),
                v.get("ToewijzingIngangsdatum"),
                v.get("ToewijzingEinddatum"),
                *_omvang(v),
                v.get("Budget"),
                v.get("Verwijzer/Type"),
                v.get("Verwijzer/Naam"),
                v.get("Verwijzer/ZorgverlenerCode"),
                v.get("Raamcontract"),
            )
        )


_CHANGE_KINDS = (
    ("OngewijzigdeProducten", "OngewijzigdProduct", "ongewijzigd"),
    ("TeWijzigenProducten", "TeWijzigenProduct", "te_wijzigen"),
    ("NieuweProducten", "NieuwProduct", "nieuw"),
)


def change_requests(root: etree._Element, ctx: MessageContext) -> None:
    """JW317: the Verzoek's unchanged, to-change and new products, one row each."""
    client = child(root, "Client")
    key = ctx.client_key(text(client, "Bsn"))
    request = child(client, "Verzoek")
    reference, reason = text(request, "ReferentieAanbieder"), text(request, "RedenVerzoek")
    head = ctx.header
    table = ctx.batch["change_requests"]
    position = 0
    for group, element, kind in _CHANGE_KINDS:
        for product in children(child(request, group), element):
            v = flat(product)
            table.append(
                (
                    ctx.message_id,
                    position,
                    head.gemeente,
                    head.aanbieder,
                    key,
                    head.dagtekening,
                    reference,
                    reason,
                    kind,
                    v.get("ToewijzingNummer"),
                    v.get("Product/Categorie"),
                    v.get("Product/Code"),
                    v.get("GewensteIngangsdatum"),
                    v.get("Einddatum"),
                    *_omvang(v),
                    v.get("Budget"),
                )
            )
            position += 1


def request_answers(root: etree._Element, ctx: MessageContext) -> None:
    """JW319: the answer to a request, linked only by ReferentieAanbieder."""
    answer = child(root, "Antwoord")
    head = ctx.header
    ctx.batch["request_answers"].append(
        (
            ctx.message_id,
            head.gemeente,
            head.aanbieder,
            head.dagtekening,
            text(answer, "ReferentieAanbieder"),
            text(answer, "VerzoekAntwoord"),
            text(answer, "RedenAfwijzingVerzoek"),
            text(answer, "Woonplaatsbeginsel", "Gemeente"),
        )
    )


def _start_stop(root: etree._Element, ctx: MessageContext, group: str, element: str) -> None:
    client = child(root, "Client")
    key = ctx.client_key(text(client, "Bsn"))
    head = ctx.header
    is_stop = element == "StopProduct"
    table = ctx.batch["stops" if is_stop else "starts"]
    for position, product in enumerate(children(path(client, group), element)):
        v = flat(product)
        row = (
            ctx.message_id,
            position,
            head.gemeente,
            head.aanbieder,
            key,
            head.dagtekening,
            v.get("ToewijzingNummer"),
            v.get("Product/Categorie"),
            v.get("Product/Code"),
            v.get("ToewijzingIngangsdatum"),
            v.get("Begindatum"),
            v.get("StatusAanlevering"),
        )
        table.append((*row, v.get("RedenBeeindiging"), v.get("Einddatum")) if is_stop else row)


def starts(root: etree._Element, ctx: MessageContext) -> None:
    """JW305: one row per StartProduct."""
    _start_stop(root, ctx, "StartProducten", "StartProduct")


def stops(root: etree._Element, ctx: MessageContext) -> None:
    """JW307: one row per StopProduct."""
    _start_stop(root, ctx, "StopProducten", "StopProduct")
