"""The header of any iJw message, read defensively (it may come from an invalid message)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from zorgpad.store.extract.xml import child, flat

# Message types whose Afzender is the municipality. Retours copy the heen header unchanged (IV028),
# so a JW302 still names the municipality as sender, and a JW306 the provider.
GEMEENTE_SENDS = frozenset({"JW301", "JW302", "JW319", "JW320", "JW325"})


@dataclass(frozen=True)
class Header:
    berichtcode: str | None
    sender: str | None
    receiver: str | None
    identificatie: str | None
    dagtekening: str | None
    basisschema_xsd_versie: str | None
    bericht_xsd_versie: str | None
    identificatie_retour: str | None
    dagtekening_retour: str | None
    gemeente: str | None
    aanbieder: str | None


def read_header(root: etree._Element, message_type: str) -> Header:
    header = child(root, "Header")
    values = flat(header) if header is not None else {}
    sender, receiver = values.get("Afzender"), values.get("Ontvanger")
    gemeente, aanbieder = (sender, receiver) if message_type in GEMEENTE_SENDS else (receiver, sender)
    if message_type == "JW325":
        retour_id = values.get("DeclaratieIdentificatie/Identificatie")
        retour_day = values.get("DeclaratieIdentificatie/Dagtekening")
    else:
        retour_id = values.get("IdentificatieRetour")
        retour_day = values.get("DagtekeningRetour")
    return Header(
        berichtcode=values.get("BerichtCode"),
        sender=sender,
        receiver=receiver,
        identificatie=values.get("BerichtIdentificatie/Identificatie"),
        dagtekening=values.get("BerichtIdentificatie/Dagtekening"),
        basisschema_xsd_versie=values.get("XsdVersie/BasisschemaXsdVersie"),
        bericht_xsd_versie=values.get("XsdVersie/BerichtXsdVersie"),
        identificatie_retour=retour_id,
        dagtekening_retour=retour_day,
        gemeente=gemeente,
        aanbieder=aanbieder,
    )
