"""The small iJw messages of a trajectory: 315, 301, 305, 307, 317 and 319, one file each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from lxml import etree

from zorgpad.ijw.messages import MessageType
from zorgpad.synth.model import Allocation, Client
from zorgpad.synth.xmlbase import basis, message_path, new_message, sub, write_tree

MONTHLY = "4"  # WMO757 Frequentie: per maand


def _short_client(parent: etree._Element, mt: MessageType, client: Client) -> etree._Element:
    """Client with Bsn, Geboortedatum, Geslacht and a short name (305/307/315)."""
    element = sub(parent, mt, "Client")
    sub(element, mt, "Bsn", client.bsn)
    birth = sub(element, mt, "Geboortedatum")
    basis(birth, "Datum", client.birth.isoformat())
    sub(element, mt, "Geslacht", client.sex)
    name = sub(element, mt, "Naam")
    surname = basis(name, "Geslachtsnaam")
    basis(surname, "Achternaam", client.surname)
    if client.prefix:
        basis(surname, "Voorvoegsel", client.prefix)
    basis(name, "Voorletters", client.initials)
    return element


def _product(parent: etree._Element, mt: MessageType, name: str, allocation: Allocation) -> None:
    product = sub(parent, mt, name)
    basis(product, "Categorie", allocation.product.category)
    basis(product, "Code", allocation.product.code)


def _omvang(parent: etree._Element, mt: MessageType, allocation: Allocation) -> None:
    omvang = sub(parent, mt, "Omvang")
    basis(omvang, "Volume", str(allocation.monthly_volume))
    basis(omvang, "Eenheid", allocation.product.unit)
    basis(omvang, "Frequentie", MONTHLY)


def write_jw315(
    out: Path, ident: str, on: date, allocation: Allocation, referrer: str, referrer_agb: str
) -> Path:
    """Verzoek om toewijzing from the provider after a referral (BRIEF §1.4)."""
    client = allocation.client
    root, mt = new_message("JW315", allocation.provider, client.municipality, ident, on)
    element = _short_client(root, mt, client)
    products = sub(element, mt, "AangevraagdeProducten")
    requested = sub(products, mt, "AangevraagdProduct")
    sub(requested, mt, "ReferentieAanbieder", allocation.request_ref)
    _product(requested, mt, "Product", allocation)
    sub(requested, mt, "ToewijzingIngangsdatum", allocation.start.isoformat())
    sub(requested, mt, "ToewijzingEinddatum", allocation.end.isoformat())
    _omvang(requested, mt, allocation)
    verwijzer = sub(requested, mt, "Verwijzer")
    basis(verwijzer, "Type", referrer)
    # CD066-CD068: an AGB code for doctors, a name for a GI, nothing for the others.
    if referrer in ("02", "03", "05"):
        basis(verwijzer, "ZorgverlenerCode", referrer_agb)
    elif referrer == "04":
        basis(verwijzer, "Naam", "Gecertificeerde instelling")
    path = message_path(out, "JW315", allocation.provider, client.municipality, ident)
    write_tree(root, path)
    return path


def write_jw301(
    out: Path, ident: str, on: date, allocations: Sequence[Allocation], changed: dict[int, str]
) -> Path:
    """Toewijzing with every actuele allocation of one client at one provider (OP087).

    `changed` maps a ToewijzingNummer to its RedenWijziging (JZ002) when this message changes it.
    """
    first = allocations[0]
    client = first.client
    root, mt = new_message("JW301", client.municipality, first.provider, ident, on)
    element = sub(root, mt, "Client")
    sub(element, mt, "Bsn", client.bsn)
    birth = sub(element, mt, "Geboortedatum")
    basis(birth, "Datum", client.birth.isoformat())
    sub(element, mt, "Geslacht", client.sex)
    name = sub(element, mt, "Naam")
    surname = basis(name, "Geslachtsnaam")
    basis(surname, "Achternaam", client.surname)
    if client.prefix:
        basis(surname, "Voorvoegsel", client.prefix)
    basis(name, "Voorletters", client.initials)
    basis(name, "NaamGebruik", "1")
    contacts = sub(element, mt, "Contactgegevens")
    contact = sub(contacts, mt, "Contact")
    sub(contact, mt, "Soort", "01")  # BRP-adres (TR061)
    address = sub(contact, mt, "Adres")
    house = basis(address, "Huis")
    basis(house, "Huisnummer", str(client.house_number))
    basis(address, "Postcode", client.postcode)
    basis(address, "LandCode", "NL")
    products = sub(element, mt, "ToegewezenProducten")
    for allocation in allocations:
        given = sub(products, mt, "ToegewezenProduct")
        sub(given, mt, "ToewijzingNummer", str(allocation.number))
        if allocation.request_ref is not None and allocation.number not in changed:
            sub(given, mt, "ReferentieAanbieder", allocation.request_ref)  # TR379, IV097
        _product(given, mt, "Product", allocation)
        decided = on if allocation.number in changed else allocation.decided_on
        sub(given, mt, "Toewijzingsdatum", decided.isoformat())
        sub(given, mt, "Toewijzingstijd", "09:00:00")
        sub(given, mt, "Ingangsdatum", allocation.start.isoformat())
        sub(given, mt, "Einddatum", allocation.end.isoformat())
        if allocation.number in changed:
            sub(given, mt, "RedenWijziging", changed[allocation.number])
        _omvang(given, mt, allocation)
    path = message_path(out, "JW301", client.municipality, first.provider, ident)
    write_tree(root, path)
    return path


def write_jw305(out: Path, ident: str, on: date, allocation: Allocation, begin: date) -> Path:
    client = allocation.client
    root, mt = new_message("JW305", allocation.provider, client.municipality, ident, on)
    element = _short_client(root, mt, client)
    starts = sub(element, mt, "StartProducten")
    start = sub(starts, mt, "StartProduct")
    sub(start, mt, "ToewijzingNummer", str(allocation.number))
    _product(start, mt, "Product", allocation)
    sub(start, mt, "ToewijzingIngangsdatum", allocation.start.isoformat())
    sub(start, mt, "Begindatum", begin.isoformat())
    sub(start, mt, "StatusAanlevering", "1")
    path = message_path(out, "JW305", allocation.provider, client.municipality, ident)
    write_tree(root, path)
    return path


def write_jw307(
    out: Path, ident: str, on: date, allocation: Allocation, begin: date, end: date, reason: str
) -> Path:
    client = allocation.client
    root, mt = new_message("JW307", allocation.provider, client.municipality, ident, on)
    element = _short_client(root, mt, client)
    stops = sub(element, mt, "StopProducten")
    stop = sub(stops, mt, "StopProduct")
    sub(stop, mt, "ToewijzingNummer", str(allocation.number))
    _product(stop, mt, "Product", allocation)
    sub(stop, mt, "ToewijzingIngangsdatum", allocation.start.isoformat())
    sub(stop, mt, "Begindatum", begin.isoformat())
    sub(stop, mt, "RedenBeeindiging", reason)
    sub(stop, mt, "Einddatum", end.isoformat())
    sub(stop, mt, "StatusAanlevering", "1")
    path = message_path(out, "JW307", allocation.provider, client.municipality, ident)
    write_tree(root, path)
    return path


def write_jw317(out: Path, ident: str, on: date, ref: str, current: Allocation, new: Allocation) -> Path:
    """Verzoek om wijziging: end the current product the day before the new one starts (step up/down)."""
    client = current.client
    root, mt = new_message("JW317", current.provider, client.municipality, ident, on)
    element = sub(root, mt, "Client")
    sub(element, mt, "Bsn", client.bsn)
    verzoek = sub(element, mt, "Verzoek")
    sub(verzoek, mt, "ReferentieAanbieder", ref)
    sub(verzoek, mt, "RedenVerzoek", "1")  # verandering clientsituatie
    changing = sub(sub(verzoek, mt, "TeWijzigenProducten"), mt, "TeWijzigenProduct")
    sub(changing, mt, "ToewijzingNummer", str(current.number))
    sub(changing, mt, "GewensteIngangsdatum", current.start.isoformat())
    sub(changing, mt, "Einddatum", (new.start - timedelta(days=1)).isoformat())
    _omvang(changing, mt, current)
    wanted = sub(sub(verzoek, mt, "NieuweProducten"), mt, "NieuwProduct")
    _product(wanted, mt, "Product", new)
    sub(wanted, mt, "GewensteIngangsdatum", new.start.isoformat())
    sub(wanted, mt, "Einddatum", new.end.isoformat())
    _omvang(wanted, mt, new)
    path = message_path(out, "JW317", current.provider, client.municipality, ident)
    write_tree(root, path)
    return path


def write_jw319(
    out: Path, ident: str, on: date, municipality: str, provider: str, ref: str, reject: bool
) -> Path:
    """Antwoordbericht: reject a request (1, reason 'past niet binnen budget') or investigate it (2)."""
    root, mt = new_message("JW319", municipality, provider, ident, on)
    answer = sub(root, mt, "Antwoord")
    sub(answer, mt, "ReferentieAanbieder", ref)
    sub(answer, mt, "VerzoekAntwoord", "1" if reject else "2")
    if reject:
        sub(answer, mt, "RedenAfwijzingVerzoek", "2")
    path = message_path(out, "JW319", municipality, provider, ident)
    write_tree(root, path)
    return path
