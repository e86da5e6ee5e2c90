"""Types shared by every message: the base-schema ``CDT_`` types and the message header.

Amounts are integer eurocents, as iJw itself counts them; codes stay strings in their XSD lexical
form (``"04"``, not ``4``).
"""

from __future__ import annotations

from datetime import date

from zorgpad.ijw.model.base import BasisModel, IjwModel, OptionalRetourCodes


class BerichtIdentificatie(BasisModel):
    """CDT_BerichtIdentificatie: the sender's name or number for one delivery, and its date."""

    identificatie: str
    dagtekening: date


class XsdVersie(BasisModel):
    """CDT_XsdVersie: the versions of the base and message XSDs the message was built with (IV034)."""

    basisschema_xsd_versie: str
    bericht_xsd_versie: str


class Geboortedatum(BasisModel):
    """CDT_Geboortedatum: a birth date and how much of it is known (DatumGebruik, COD170)."""

    datum: date
    datum_gebruik: str | None = None


class Achternaam(BasisModel):
    """CDT_Achternaam: a surname with its prefix (``de``, ``van``)."""

    achternaam: str
    voorvoegsel: str | None = None


class VolledigeNaam(BasisModel):
    """CDT_VolledigeNaam: the full name of a person, with partner name and name usage (COD700)."""

    geslachtsnaam: Achternaam
    partnernaam: Achternaam | None = None
    voornamen: str | None = None
    voorletters: str | None = None
    naam_gebruik: str


class VerkorteNaam(BasisModel):
    """CDT_VerkorteNaam: the short name of a person (surname, first names or initials)."""

    geslachtsnaam: Achternaam
    voornamen: str | None = None
    voorletters: str | None = None


class Communicatie(BasisModel):
    """CDT_Communicatie: a special form of communication (COD747) and its language."""

    vorm: str
    taal: str | None = None


class Huis(BasisModel):
    """CDT_Huis: house number, letter and addition of an address."""

    huisnummer: int
    huisletter: str | None = None
    huisnummer_toevoeging: str | None = None
    aanduiding_woonadres: str | None = None


class Adres(BasisModel):
    """CDT_Adres: an address."""

    huis: Huis | None = None
    postcode: str | None = None
    straatnaam: str | None = None
    plaatsnaam: str | None = None
    land_code: str | None = None


class Telefoon(BasisModel):
    """CDT_Telefoon: one phone number with its country prefix."""

    telefoonnummer: str
    landnummer: str


class Telefoonnummers(BasisModel):
    """CDT_Telefoonnummers: one or two phone numbers."""

    telefoon01: Telefoon
    telefoon02: Telefoon | None = None


class OpenPeriode(BasisModel):
    """CDT_OpenPeriode: a period with a start and/or an end date (both inclusive)."""

    begindatum: date | None = None
    einddatum: date | None = None


class GeslotenPeriode(BasisModel):
    """CDT_GeslotenPeriode: a period with both a start and an end date (both inclusive)."""

    begindatum: date
    einddatum: date


class Product(BasisModel):
    """CDT_Product: a product category (JZ020) and optionally a product code."""

    categorie: str
    code: str | None = None


class Omvang(BasisModel):
    """CDT_Omvang: volume, unit (WJ756) and frequency (WMO757) of care."""

    volume: int
    eenheid: str
    frequentie: str


class Verwijzer(BasisModel):
    """CDT_Verwijzer: who referred the client (COD327), by name or AGB code."""

    type: str
    naam: str | None = None
    zorgverlener_code: str | None = None


class Referentie(BasisModel):
    """CDT_Referentie: the provider's reference of a claim line and, for a credit, of the earlier line."""

    referentie_nummer: str
    vorig_referentie_nummer: str | None = None


class BedragMetDC(BasisModel):
    """CDT_BedragMetDC: an amount in eurocents with its debit/credit indicator (COD043)."""

    bedrag: int
    debet_credit: str


class TotaalBedragMetDC(BasisModel):
    """CDT_TotaalBedragMetDC: a total amount in eurocents with its debit/credit indicator (COD043)."""

    totaal_bedrag: int
    debet_credit: str


class Header(IjwModel):
    """The header of every heen message (JW301, 305, 307, 315, 317, 319, 323).

    Afzender and Ontvanger are a municipality code or an AGB code depending on the direction.
    """

    bericht_code: str
    bericht_versie: int
    bericht_subversie: int
    afzender: str
    ontvanger: str
    bericht_identificatie: BerichtIdentificatie
    xsd_versie: XsdVersie


class RetourHeader(Header):
    """The header of a retour message (JW302, 306, 308, 316, 318, 320).

    It repeats the heen message's header and adds the retour's own identification and versions.
    `retour_codes` is filled when the whole message is rejected at header level.
    """

    identificatie_retour: str
    dagtekening_retour: date
    xslt_versie: str | None = None
    xsd_versie_retour: XsdVersie
    retour_codes: OptionalRetourCodes = ()
