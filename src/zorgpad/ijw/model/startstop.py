"""JW305 Start zorg and JW307 Stop zorg (a provider reports care starting or ending), with retours."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from zorgpad.ijw.model.base import IjwModel, RetourCodes, Wrapped
from zorgpad.ijw.model.common import Geboortedatum, Header, Product, RetourHeader, VerkorteNaam
from zorgpad.ijw.model.message import MessageModel


class StartProduct(IjwModel):
    """One product whose delivery started (StatusAanlevering COD467: new, change, delete)."""

    toewijzing_nummer: int | None = None
    product: Product | None = None
    toewijzing_ingangsdatum: date | None = None
    begindatum: date
    status_aanlevering: str


class StopProduct(IjwModel):
    """One product whose delivery ended, with the reason (RedenBeeindiging JZ588)."""

    toewijzing_nummer: int | None = None
    product: Product | None = None
    toewijzing_ingangsdatum: date | None = None
    begindatum: date
    reden_beeindiging: str
    einddatum: date
    status_aanlevering: str


class StartClient(IjwModel):
    """The client of a JW305."""

    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VerkorteNaam
    start_producten: Annotated[tuple[StartProduct, ...], Wrapped("StartProduct"), Field(min_length=1)]


class StopClient(IjwModel):
    """The client of a JW307."""

    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VerkorteNaam
    stop_producten: Annotated[tuple[StopProduct, ...], Wrapped("StopProduct"), Field(min_length=1)]


class StartZorg(MessageModel):
    """JW305: the provider reports that delivery of allocated care has started."""

    code: ClassVar[str] = "JW305"
    header: Header
    client: StartClient


class StopZorg(MessageModel):
    """JW307: the provider reports that delivery of allocated care has ended."""

    code: ClassVar[str] = "JW307"
    header: Header
    client: StopClient


class StartProductRetour(StartProduct):
    """A JW306 start product: the JW305 product with its retour codes."""

    retour_codes: RetourCodes


class StopProductRetour(StopProduct):
    """A JW308 stop product: the JW307 product with its retour codes."""

    retour_codes: RetourCodes


class StartClientRetour(StartClient):
    """The JW306 client: the JW305 client with retour codes on every part."""

    start_producten: Annotated[tuple[StartProductRetour, ...], Wrapped("StartProduct"), Field(min_length=1)]
    retour_codes: RetourCodes


class StopClientRetour(StopClient):
    """The JW308 client: the JW307 client with retour codes on every part."""

    stop_producten: Annotated[tuple[StopProductRetour, ...], Wrapped("StopProduct"), Field(min_length=1)]
    retour_codes: RetourCodes


class StartZorgRetour(MessageModel):
    """JW306: the municipality's retour on a JW305."""

    code: ClassVar[str] = "JW306"
    header: RetourHeader
    client: StartClientRetour | None = None


class StopZorgRetour(MessageModel):
    """JW308: the municipality's retour on a JW307."""

    code: ClassVar[str] = "JW308"
    header: RetourHeader
    client: StopClientRetour | None = None
