"""JW323 Declaratie (a provider's claim) and JW325 Declaratie-antwoord (the municipality's verdict).

All amounts are integer eurocents.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from zorgpad.ijw.model.base import IjwModel, RetourCodes, Wrapped
from zorgpad.ijw.model.common import (
    BedragMetDC,
    BerichtIdentificatie,
    GeslotenPeriode,
    Header,
    Referentie,
    TotaalBedragMetDC,
    XsdVersie,
)
from zorgpad.ijw.model.message import MessageModel


class Prestatie(IjwModel):
    """One claim line: a delivered product over a period, with volume, tariff and amount."""

    product_referentie: Referentie
    toewijzing_nummer: int
    product_categorie: str
    product_code: str
    product_periode: GeslotenPeriode
    geleverd_volume: int
    eenheid: str
    product_tarief: int | None = None
    ingediend_bedrag: BedragMetDC


class DeclaratieClient(IjwModel):
    """A client in a claim with their claim lines."""

    bsn: str
    prestaties: Annotated[tuple[Prestatie, ...], Wrapped("Prestatie"), Field(min_length=1)]


class Declaratie(IjwModel):
    """The body of a JW323: number, period, date, total and the clients with their lines."""

    declaratie_nummer: str
    declaratie_periode: GeslotenPeriode
    declaratie_dagtekening: date
    totaal_ingediend_bedrag: TotaalBedragMetDC
    clienten: Annotated[tuple[DeclaratieClient, ...], Wrapped("Client"), Field(min_length=1)]


class Declaratiebericht(MessageModel):
    """JW323: a provider's claim for a period."""

    code: ClassVar[str] = "JW323"
    header: Header
    declaratie: Declaratie


class DeclaratieAntwoordHeader(Header):
    """The JW325 header: identifies the answered JW323 and carries the message-level retour codes."""

    declaratie_identificatie: BerichtIdentificatie
    xslt_versie: str | None = None
    xsd_versie_declaratie: XsdVersie
    retour_codes: RetourCodes


class PrestatieAntwoord(Prestatie):
    """A JW325 claim line: the JW323 line with the verdict's retour codes."""

    retour_codes: RetourCodes


class DeclaratieAntwoordClient(IjwModel):
    """A client in a JW325 with the verdict on each of their lines."""

    bsn: str
    prestaties: Annotated[tuple[PrestatieAntwoord, ...], Wrapped("Prestatie"), Field(min_length=1)]
    retour_codes: RetourCodes


class DeclaratieAntwoord(IjwModel):
    """The body of a JW325: the claimed and the granted totals, and the verdict per line."""

    declaratie_nummer: str
    totaal_ingediend_bedrag: TotaalBedragMetDC
    totaal_toegekend_bedrag: TotaalBedragMetDC
    clienten: Annotated[tuple[DeclaratieAntwoordClient, ...], Wrapped("Client")] = ()
    retour_codes: RetourCodes


class DeclaratieAntwoordbericht(MessageModel):
    """JW325: the municipality's answer to a JW323 (header-only when the JW323 is rejected whole)."""

    code: ClassVar[str] = "JW325"
    header: DeclaratieAntwoordHeader
    declaratie_antwoord: DeclaratieAntwoord | None = None
