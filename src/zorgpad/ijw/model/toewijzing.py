"""JW301 Toewijzing (a municipality allocates care to a provider) and its retour JW302."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, ClassVar

from pydantic import Field

from zorgpad.ijw.model.base import IjwModel, RetourCodes, Wrapped
from zorgpad.ijw.model.common import (
    Adres,
    Communicatie,
    Geboortedatum,
    Header,
    Omvang,
    OpenPeriode,
    Product,
    RetourHeader,
    Telefoonnummers,
    VolledigeNaam,
)
from zorgpad.ijw.model.message import MessageModel


class Contact(IjwModel):
    """An address of the client or of a relation (COD757 says which kind)."""

    soort: str
    adres: Adres | None = None
    organisatie: str | None = None
    telefoon: Telefoonnummers | None = None
    emailadres: str | None = None
    periode: OpenPeriode | None = None


class Relatie(IjwModel):
    """A relation of the client (parent, guardian, ...; COD472) with their contact details."""

    nummer: str
    volgorde: int | None = None
    soort: str
    geboortedatum: Geboortedatum | None = None
    geslacht: str | None = None
    naam: VolledigeNaam
    contact: Contact


class ToegewezenProduct(IjwModel):
    """One allocated product: number, product, period, volume or budget."""

    toewijzing_nummer: int
    referentie_aanbieder: str | None = None
    product: Product | None = None
    toewijzingsdatum: date
    toewijzingstijd: time
    ingangsdatum: date
    einddatum: date | None = None
    reden_wijziging: str | None = None
    omvang: Omvang | None = None
    budget: int | None = None
    commentaar: str | None = None


class ToewijzingClient(IjwModel):
    """The client of a JW301 with relations, contacts and allocated products."""

    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VolledigeNaam
    communicatie: Communicatie | None = None
    juridische_status: str | None = None
    wettelijke_vertegenwoordiging: str | None = None
    commentaar: str | None = None
    relaties: Annotated[tuple[Relatie, ...], Wrapped("Relatie")] = ()
    contactgegevens: Annotated[tuple[Contact, ...], Wrapped("Contact"), Field(min_length=1)]
    toegewezen_producten: Annotated[
        tuple[ToegewezenProduct, ...], Wrapped("ToegewezenProduct"), Field(min_length=1)
    ]


class Toewijzing(MessageModel):
    """JW301: a municipality's allocation of youth care to a provider."""

    code: ClassVar[str] = "JW301"
    header: Header
    client: ToewijzingClient


class ContactRetour(Contact):
    """A JW302 contact: the JW301 contact with its retour codes."""

    retour_codes: RetourCodes


class RelatieRetour(Relatie):
    """A JW302 relation: the JW301 relation with its retour codes."""

    contact: ContactRetour
    retour_codes: RetourCodes


class ToegewezenProductRetour(ToegewezenProduct):
    """A JW302 allocated product: the JW301 product with its retour codes."""

    retour_codes: RetourCodes


class ToewijzingClientRetour(ToewijzingClient):
    """The JW302 client: the JW301 client, every part with its retour codes."""

    relaties: Annotated[tuple[RelatieRetour, ...], Wrapped("Relatie")] = ()
    contactgegevens: Annotated[tuple[ContactRetour, ...], Wrapped("Contact"), Field(min_length=1)]
    toegewezen_producten: Annotated[
        tuple[ToegewezenProductRetour, ...], Wrapped("ToegewezenProduct"), Field(min_length=1)
    ]
    retour_codes: RetourCodes


class ToewijzingRetour(MessageModel):
    """JW302: the provider's retour on a JW301 (header-only when rejected as a whole)."""

    code: ClassVar[str] = "JW302"
    header: RetourHeader
    client: ToewijzingClientRetour | None = None
