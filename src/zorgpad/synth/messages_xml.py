"""The small iJw messages of a trajectory: 315, 301, 305, 307, 317 and 319, one file each.

Each `write_*` renders the message from string templates (see xmlbase.py for why that is safe) and
returns the rendered text; `Messages.send` names, writes and counts it, and now and then writes a
broken first attempt before it (labelled in truth.csv, see anomalies.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from zorgpad.synth.identity import broken_bsn
from zorgpad.synth.model import Allocation, Client
from zorgpad.synth.xmlbase import closing, esc, header


def _name(p: str, client: Client, use: bool) -> str:
    prefix = f"<ijw:Voorvoegsel>{esc(client.prefix)}</ijw:Voorvoegsel>" if client.prefix else ""
    naamgebruik = "<ijw:NaamGebruik>1</ijw:NaamGebruik>" if use else ""
    return (
        f"<{p}:Naam><ijw:Geslachtsnaam><ijw:Achternaam>{esc(client.surname)}</ijw:Achternaam>{prefix}"
        f"</ijw:Geslachtsnaam><ijw:Voorletters>{esc(client.initials)}</ijw:Voorletters>{naamgebruik}</{p}:Naam>"
    )


def _person(p: str, client: Client, use: bool) -> str:
    """Bsn, Geboortedatum, Geslacht and Naam (the start of every Client with personal data)."""
    return (
        f"<{p}:Bsn>{client.bsn}</{p}:Bsn><{p}:Geboortedatum><ijw:Datum>{client.birth.isoformat()}"
        f"</ijw:Datum></{p}:Geboortedatum><{p}:Geslacht>{client.sex}</{p}:Geslacht>{_name(p, client, use)}"
    )


def _product(p: str, name: str, allocation: Allocation) -> str:
    product = allocation.product
    return (
        f"<{p}:{name}><ijw:Categorie>{product.category}</ijw:Categorie>"
        f"<ijw:Code>{product.code}</ijw:Code></{p}:{name}>"
    )


def _omvang(p: str, allocation: Allocation) -> str:
    return (
        f"<{p}:Omvang><ijw:Volume>{allocation.volume}</ijw:Volume><ijw:Eenheid>{allocation.product.unit}"
        f"</ijw:Eenheid><ijw:Frequentie>{allocation.frequency}</ijw:Frequentie></{p}:Omvang>"
    )


def write_jw315(ident: str, on: date, allocation: Allocation, referrer: str, referrer_agb: str) -> str:
    """Verzoek om toewijzing from the provider after a referral (BRIEF §1.4)."""
    client, p = allocation.client, "jw315"
    # CD066-CD068: an AGB code for doctors, a name for a GI, nothing for the others.
    detail = ""
    if referrer in ("02", "03", "05"):
        detail = f"<ijw:ZorgverlenerCode>{referrer_agb}</ijw:ZorgverlenerCode>"
    elif referrer == "04":
        detail = "<ijw:Naam>Gecertificeerde instelling</ijw:Naam>"
    return (
        f"{header('JW315', allocation.provider, client.municipality, ident, on)}<{p}:Client>"
        f"{_person(p, client, False)}<{p}:AangevraagdeProducten><{p}:AangevraagdProduct>"
        f"<{p}:ReferentieAanbieder>{allocation.request_ref}</{p}:ReferentieAanbieder>"
        f"{_product(p, 'Product', allocation)}"
        f"<{p}:ToewijzingIngangsdatum>{allocation.start.isoformat()}</{p}:ToewijzingIngangsdatum>"
        f"<{p}:ToewijzingEinddatum>{allocation.end.isoformat()}</{p}:ToewijzingEinddatum>"
        f"{_omvang(p, allocation)}<{p}:Verwijzer><ijw:Type>{referrer}</ijw:Type>{detail}</{p}:Verwijzer>"
        f"</{p}:AangevraagdProduct></{p}:AangevraagdeProducten></{p}:Client>{closing('JW315')}"
    )


def write_jw301(ident: str, on: date, allocations: Sequence[Allocation]) -> str:
    """Toewijzing with every actuele allocation of one client at one provider (OP087)."""
    first = allocations[0]
    client, p = first.client, "jw301"
    products = []
    for allocation in allocations:
        reference = (
            f"<{p}:ReferentieAanbieder>{allocation.request_ref}</{p}:ReferentieAanbieder>"  # TR379, IV097
            if allocation.request_ref is not None
            else ""
        )
        products.append(
            f"<{p}:ToegewezenProduct><{p}:ToewijzingNummer>{allocation.number}</{p}:ToewijzingNummer>"
            f"{reference}{_product(p, 'Product', allocation)}"
            f"<{p}:Toewijzingsdatum>{allocation.decided_on.isoformat()}</{p}:Toewijzingsdatum>"
            f"<{p}:Toewijzingstijd>09:00:00</{p}:Toewijzingstijd>"
            f"<{p}:Ingangsdatum>{allocation.start.isoformat()}</{p}:Ingangsdatum>"
            f"<{p}:Einddatum>{allocation.end.isoformat()}</{p}:Einddatum>{_omvang(p, allocation)}"
            f"</{p}:ToegewezenProduct>"
        )
    return (
        f"{header('JW301', client.municipality, first.provider, ident, on)}<{p}:Client>"
        f"{_person(p, client, True)}<{p}:Contactgegevens><{p}:Contact><{p}:Soort>01</{p}:Soort>"  # TR061
        f"<{p}:Adres><ijw:Huis><ijw:Huisnummer>{client.house_number}</ijw:Huisnummer></ijw:Huis>"
        f"<ijw:Postcode>{esc(client.postcode)}</ijw:Postcode><ijw:LandCode>NL</ijw:LandCode></{p}:Adres>"
        f"</{p}:Contact></{p}:Contactgegevens><{p}:ToegewezenProducten>{''.join(products)}"
        f"</{p}:ToegewezenProducten></{p}:Client>{closing('JW301')}"
    )


def write_jw305(ident: str, on: date, allocation: Allocation, begin: date, status: str = "1") -> str:
    """Start of care; `status` is the StatusAanlevering (1 new, 3 removal of an earlier start)."""
    client, p = allocation.client, "jw305"
    return (
        f"{header('JW305', allocation.provider, client.municipality, ident, on)}<{p}:Client>"
        f"{_person(p, client, False)}<{p}:StartProducten><{p}:StartProduct>"
        f"<{p}:ToewijzingNummer>{allocation.number}</{p}:ToewijzingNummer>"
        f"{_product(p, 'Product', allocation)}"
        f"<{p}:ToewijzingIngangsdatum>{allocation.start.isoformat()}</{p}:ToewijzingIngangsdatum>"
        f"<{p}:Begindatum>{begin.isoformat()}</{p}:Begindatum>"
        f"<{p}:StatusAanlevering>{status}</{p}:StatusAanlevering></{p}:StartProduct></{p}:StartProducten>"
        f"</{p}:Client>{closing('JW305')}"
    )


def write_jw307(ident: str, on: date, allocation: Allocation, begin: date, end: date, reason: str) -> str:
    client, p = allocation.client, "jw307"
    return (
        f"{header('JW307', allocation.provider, client.municipality, ident, on)}<{p}:Client>"
        f"{_person(p, client, False)}<{p}:StopProducten><{p}:StopProduct>"
        f"<{p}:ToewijzingNummer>{allocation.number}</{p}:ToewijzingNummer>"
        f"{_product(p, 'Product', allocation)}"
        f"<{p}:ToewijzingIngangsdatum>{allocation.start.isoformat()}</{p}:ToewijzingIngangsdatum>"
        f"<{p}:Begindatum>{begin.isoformat()}</{p}:Begindatum><{p}:RedenBeeindiging>{reason}</{p}:RedenBeeindiging>"
        f"<{p}:Einddatum>{end.isoformat()}</{p}:Einddatum><{p}:StatusAanlevering>1</{p}:StatusAanlevering>"
        f"</{p}:StopProduct></{p}:StopProducten></{p}:Client>{closing('JW307')}"
    )


def write_jw317(ident: str, on: date, ref: str, current: Allocation, new: Allocation) -> str:
    """Verzoek om wijziging: end the current product the day before the new one starts (step up/down)."""
    client, p = current.client, "jw317"
    return (
        f"{header('JW317', current.provider, client.municipality, ident, on)}<{p}:Client>"
        f"<{p}:Bsn>{client.bsn}</{p}:Bsn><{p}:Verzoek><{p}:ReferentieAanbieder>{ref}</{p}:ReferentieAanbieder>"
        f"<{p}:RedenVerzoek>1</{p}:RedenVerzoek>"  # verandering clientsituatie
        f"<{p}:TeWijzigenProducten><{p}:TeWijzigenProduct>"
        f"<{p}:ToewijzingNummer>{current.number}</{p}:ToewijzingNummer>"
        f"<{p}:GewensteIngangsdatum>{current.start.isoformat()}</{p}:GewensteIngangsdatum>"
        f"<{p}:Einddatum>{(new.start - timedelta(days=1)).isoformat()}</{p}:Einddatum>{_omvang(p, current)}"
        f"</{p}:TeWijzigenProduct></{p}:TeWijzigenProducten><{p}:NieuweProducten><{p}:NieuwProduct>"
        f"{_product(p, 'Product', new)}"
        f"<{p}:GewensteIngangsdatum>{new.start.isoformat()}</{p}:GewensteIngangsdatum>"
        f"<{p}:Einddatum>{new.end.isoformat()}</{p}:Einddatum>{_omvang(p, new)}</{p}:NieuwProduct>"
        f"</{p}:NieuweProducten></{p}:Verzoek></{p}:Client>{closing('JW317')}"
    )


def write_jw319(ident: str, on: date, municipality: str, provider: str, ref: str, reject: bool) -> str:
    """Antwoordbericht: reject a request (1, reason 'past niet binnen budget') or investigate it (2)."""
    p = "jw319"
    reason = f"<{p}:RedenAfwijzingVerzoek>2</{p}:RedenAfwijzingVerzoek>" if reject else ""
    return (
        f"{header('JW319', municipality, provider, ident, on)}<{p}:Antwoord>"
        f"<{p}:ReferentieAanbieder>{ref}</{p}:ReferentieAanbieder>"
        f"<{p}:VerzoekAntwoord>{'1' if reject else '2'}</{p}:VerzoekAntwoord>{reason}</{p}:Antwoord>"
        f"{closing('JW319')}"
    )


def broken(code: str, text: str, rule: str) -> str:
    """A first attempt that fails: a BerichtCode the XSD forbids (XSD), or a BSN failing the 11-proef."""
    p = code.lower()
    if rule == "XSD":
        start = text.index(f"<{p}:BerichtCode>") + len(p) + 14
        return f"{text[:start]}999{text[start + 3 :]}"
    start = text.index(f"<{p}:Bsn>") + len(p) + 6
    return f"{text[:start]}{broken_bsn(text[start : start + 9])}{text[start + 9 :]}"
