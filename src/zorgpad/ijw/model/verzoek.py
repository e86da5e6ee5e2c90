"""JW315 Verzoek om toewijzing and JW317 Verzoek om wijziging (a provider asks), with retours."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from zorgpad.ijw.model.base import IjwModel, RetourCodes, Wrapped
from zorgpad.ijw.model.common import (
    Geboortedatum,
    Header,
    Omvang,
    Product,
    RetourHeader,
    VerkorteNaam,
    Verwijzer,
)
from zorgpad.ijw.model.message import MessageModel


class AangevraagdProduct(IjwModel):
    """One product the provider asks the municipality to allocate, with the referrer (COD327)."""

    referentie_aanbieder: str
    beschikking_nummer: int | None = None
    product: Product | None = None
    beschikking_ingangsdatum: date | None = None
    toewijzing_ingangsdatum: date
    toewijzing_einddatum: date | None = None
    omvang: Omvang | None = None
    budget: int | None = None
    verwijzer: Verwijzer
    raamcontract: str | None = None
    commentaar: str | None = None


class VerzoekClient(IjwModel):
    """The client of a JW315."""

    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VerkorteNaam
    gezagsdrager_bekend: str | None = None
    commentaar: str | None = None
    aangevraagde_producten: Annotated[
        tuple[AangevraagdProduct, ...], Wrapped("AangevraagdProduct"), Field(min_length=1)
    ]


class VerzoekOmToewijzing(MessageModel):
    """JW315: a provider asks for an allocation (e.g. after a referral by a GP)."""

    code: ClassVar[str] = "JW315"
    header: Header
    client: VerzoekClient


class OngewijzigdProduct(IjwModel):
    """A current allocation that stays as it is."""

    toewijzing_nummer: int


class TeWijzigenProduct(IjwModel):
    """A current allocation the provider wants changed (end date, volume or budget)."""

    toewijzing_nummer: int
    gewenste_ingangsdatum: date
    einddatum: date | None = None
    omvang: Omvang | None = None
    budget: int | None = None


class NieuwProduct(IjwModel):
    """A product the provider wants added."""

    product: Product | None = None
    gewenste_ingangsdatum: date
    einddatum: date | None = None
    omvang: Omvang | None = None
    budget: int | None = None


class Verzoek(IjwModel):
    """The request of a JW317: every current allocation, unchanged or to change, plus new products."""

    referentie_aanbieder: str
    reden_verzoek: str
    ongewijzigde_producten: Annotated[tuple[OngewijzigdProduct, ...], Wrapped("OngewijzigdProduct")] = ()
    te_wijzigen_producten: Annotated[tuple[TeWijzigenProduct, ...], Wrapped("TeWijzigenProduct")] = ()
    nieuwe_producten: Annotated[tuple[NieuwProduct, ...], Wrapped("NieuwProduct")] = ()


class WijzigingClient(IjwModel):
    """The client of a JW317."""

    bsn: str
    verzoek: Verzoek


class VerzoekOmWijziging(MessageModel):
    """JW317: a provider asks to change the client's current allocations."""

    code: ClassVar[str] = "JW317"
    header: Header
    client: WijzigingClient


class AangevraagdProductRetour(AangevraagdProduct):
    """A JW316 product: the JW315 product with its retour codes."""

    retour_codes: RetourCodes


class VerzoekClientRetour(VerzoekClient):
    """The JW316 client: the JW315 client with retour codes on every part."""

    aangevraagde_producten: Annotated[
        tuple[AangevraagdProductRetour, ...], Wrapped("AangevraagdProduct"), Field(min_length=1)
    ]
    retour_codes: RetourCodes


class VerzoekOmToewijzingRetour(MessageModel):
    """JW316: the municipality's retour on a JW315."""

    code: ClassVar[str] = "JW316"
    header: RetourHeader
    client: VerzoekClientRetour | None = None


class OngewijzigdProductRetour(OngewijzigdProduct):
    """A JW318 unchanged product with its retour codes."""

    retour_codes: RetourCodes


class TeWijzigenProductRetour(TeWijzigenProduct):
    """A JW318 product to change with its retour codes."""

    retour_codes: RetourCodes


class NieuwProductRetour(NieuwProduct):
    """A JW318 new product with its retour codes."""

    retour_codes: RetourCodes


class VerzoekRetour(Verzoek):
    """The JW318 request: the JW317 request with retour codes on every part."""

    ongewijzigde_producten: Annotated[
        tuple[OngewijzigdProductRetour, ...], Wrapped("OngewijzigdProduct")
    ] = ()
    te_wijzigen_producten: Annotated[tuple[TeWijzigenProductRetour, ...], Wrapped("TeWijzigenProduct")] = ()
    nieuwe_producten: Annotated[tuple[NieuwProductRetour, ...], Wrapped("NieuwProduct")] = ()
    retour_codes: RetourCodes


class WijzigingClientRetour(WijzigingClient):
    """The JW318 client."""

    verzoek: VerzoekRetour
    retour_codes: RetourCodes


class VerzoekOmWijzigingRetour(MessageModel):
    """JW318: the municipality's retour on a JW317."""

    code: ClassVar[str] = "JW318"
    header: RetourHeader
    client: WijzigingClientRetour | None = None
