"""Hypothesis strategies for VALID iJw 3.2 messages of all fourteen types.

Valid means: the XSD (types, lengths, patterns, code lists) and the level-2 conditions of BRIEF.md §4
(11-proef BSN, coherent dates not after the Dagtekening, CD041/CD075-CD080 product shape, CD060/CD087
claim lines, CS325/CS337/CS339/CS340, TR101 no duplicate lines, TR358 totals). Retour messages are
their heen message with retour codes on every part.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st

from zorgpad.ijw import codelists
from zorgpad.ijw.model import MESSAGE_MODELS, MessageModel
from zorgpad.ijw.model.base import IjwModel, element_specs
from zorgpad.ijw.model.common import (
    Achternaam,
    Adres,
    BedragMetDC,
    BerichtIdentificatie,
    Communicatie,
    Geboortedatum,
    GeslotenPeriode,
    Header,
    Huis,
    Omvang,
    Product,
    Referentie,
    RetourHeader,
    Telefoon,
    Telefoonnummers,
    TotaalBedragMetDC,
    VerkorteNaam,
    Verwijzer,
    VolledigeNaam,
)
from zorgpad.ijw.model.declaratie import (
    Declaratie,
    DeclaratieAntwoord,
    DeclaratieAntwoordHeader,
    DeclaratieClient,
    Prestatie,
    PrestatieAntwoord,
)
from zorgpad.ijw.writer import header, retour_header, xsd_versie

M = TypeVar("M", bound=IjwModel)
Draw = Any  # hypothesis' draw callable

_CBS = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "ijw" / "data" / "cbs_gemeenten_2026.csv"
GEMEENTEN = tuple(
    row["gemeentecode"] for row in csv.DictReader(_CBS.read_text(encoding="utf-8").splitlines())
)

# Text with characters XML must escape, accents, and inner spaces; never only whitespace.
_TEXT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëöçÀ &<>'\"-"


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_ALPHABET, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=size, max_size=size)


identificatie = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
agb_code = digits(8)
gemeente = st.sampled_from(GEMEENTEN)
dagtekening = st.dates(date(2026, 1, 1), date(2026, 12, 31))


@st.composite
def bsn(draw: Draw) -> str:
    """A BSN that passes the 11-proef: (9*d1 + 8*d2 + ... + 2*d8 - d9) mod 11 == 0."""
    first = draw(digits(8).filter(lambda d: sum((9 - i) * int(c) for i, c in enumerate(d)) % 11 < 10))
    check = sum((9 - i) * int(c) for i, c in enumerate(first)) % 11
    return first + str(check)


def dates_before(day: date, years: int) -> st.SearchStrategy[date]:
    return st.dates(day - timedelta(days=365 * years), day)


def retour_codes(size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(codelists.retourcode()), min_size=1, max_size=size, unique=True).map(
        tuple
    )


def _header(draw: Draw, code: str, from_gemeente: bool, day: date) -> Header:
    gem, agb = draw(gemeente), draw(agb_code)
    sender, receiver = (gem, agb) if from_gemeente else (agb, gem)
    return header(code, sender, receiver, draw(identificatie), day)


def _verkorte_naam(draw: Draw) -> VerkorteNaam:
    return VerkorteNaam(
        geslachtsnaam=Achternaam(achternaam=draw(text(30)), voorvoegsel=draw(st.none() | text(10))),
        voornamen=draw(st.none() | text(30)),
        voorletters=draw(st.none() | st.text("ABCDEFGHIJ", min_size=1, max_size=6)),
    )


def _volledige_naam(draw: Draw) -> VolledigeNaam:
    short = _verkorte_naam(draw)
    # CS050: without Partnernaam, NaamGebruik is 1 (6 is for organisations, CS318).
    return VolledigeNaam(**short.model_dump(), naam_gebruik="1")


def _contact_fields(draw: Draw, soort: str) -> dict[str, Any]:
    # TR006/CD025/CD034/CD005/CS089: a Dutch address with house and postcode; no Periode (CD009).
    return {
        "soort": soort,
        "adres": Adres(
            huis=Huis(huisnummer=draw(st.integers(1, 99999))),
            postcode=draw(digits(4).filter(lambda d: d[0] != "0")) + draw(st.sampled_from(["AB", "XY"])),
            straatnaam=draw(text(24)),
            plaatsnaam=draw(text(40)),
            land_code="NL",
        ),
        "telefoon": (
            Telefoonnummers(telefoon01=Telefoon(telefoonnummer=draw(digits(10)), landnummer="0031"))
            if draw(st.booleans())
            else None
        ),
        "emailadres": draw(st.none() | st.just("iemand@example.nl")),
    }


def _omvang(draw: Draw) -> Omvang:
    # CS338/CS343: units 14, 16, 83, 84 go with frequency 2, 4 or 6.
    eenheid = draw(st.sampled_from(codelists.eenheid()))
    frequenties = ("2", "4", "6") if eenheid in ("14", "16", "83", "84") else codelists.frequentie()
    return Omvang(
        volume=draw(st.integers(1, 500)), eenheid=eenheid, frequentie=draw(st.sampled_from(frequenties))
    )


def _product(index: int) -> Product:
    # Distinct product codes keep TR101/TR302/TR386 (no overlapping duplicates) satisfied.
    return Product(categorie="45", code=f"45A{index:02d}")


@st.composite
def toewijzing(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.toewijzing import Contact, Relatie, ToegewezenProduct, ToewijzingClient

    day = draw(dagtekening)
    relaties = tuple(
        Relatie(
            nummer=str(i + 1),
            soort="10",
            naam=_volledige_naam(draw),
            geboortedatum=Geboortedatum(datum=draw(dates_before(day, 80))),
            contact=Contact(**_contact_fields(draw, "01")),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    products = []
    for i in range(draw(st.integers(1, 3))):
        start = draw(st.dates(date(2025, 1, 1), day))
        products.append(
            ToegewezenProduct(
                toewijzing_nummer=draw(st.integers(1, 10_000)) * 10 + i,
                product=_product(i),
                toewijzingsdatum=draw(st.dates(start - timedelta(days=30), day)),
                toewijzingstijd=draw(st.times()).replace(microsecond=0),
                ingangsdatum=start,
                einddatum=start + timedelta(days=draw(st.integers(0, 365))),  # CD076 when weekly
                omvang=_omvang(draw),  # CD041: a product code needs an Omvang
                commentaar=draw(st.none() | text(60)),
            )
        )
    vorm = draw(st.none() | st.sampled_from(codelists.codelist("LDT_Communicatievorm")))
    client = ToewijzingClient(
        bsn=draw(bsn()),
        geboortedatum=Geboortedatum(datum=draw(dates_before(day, 17))),
        geslacht=draw(st.sampled_from(codelists.geslacht())),
        naam=_volledige_naam(draw),
        communicatie=None if vorm is None else Communicatie(vorm=vorm, taal="Pools" if vorm == "1" else None),
        relaties=relaties,
        contactgegevens=(Contact(**_contact_fields(draw, "01")),),  # TR061: a BRP address
        toegewezen_producten=tuple(products),
    )
    return MESSAGE_MODELS["JW301"](header=_header(draw, "JW301", True, day), client=client)


def _start_stop_fields(draw: Draw, day: date, index: int) -> dict[str, Any]:
    start = draw(st.dates(date(2025, 1, 1), day))
    return {
        "toewijzing_nummer": 1000 + index,
        "product": _product(index),
        "toewijzing_ingangsdatum": start,
        "begindatum": start,
        "status_aanlevering": "1",  # CS058: 2 is forbidden
    }


@st.composite
def start_zorg(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.startstop import StartClient, StartProduct

    day = draw(dagtekening)
    products = tuple(StartProduct(**_start_stop_fields(draw, day, i)) for i in range(draw(st.integers(1, 3))))
    client = StartClient(
        bsn=draw(bsn()),
        geboortedatum=Geboortedatum(datum=draw(dates_before(day, 17))),
        geslacht=draw(st.sampled_from(codelists.geslacht())),
        naam=_verkorte_naam(draw),
        start_producten=products,
    )
    return MESSAGE_MODELS["JW305"](header=_header(draw, "JW305", False, day), client=client)


@st.composite
def stop_zorg(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.startstop import StopClient, StopProduct

    day = draw(dagtekening)
    products = []
    for i in range(draw(st.integers(1, 3))):
        fields = _start_stop_fields(draw, day, i)
        end = draw(st.dates(fields["begindatum"], day))
        products.append(
            StopProduct(
                **fields,
                reden_beeindiging=draw(st.sampled_from(codelists.reden_beeindiging())),
                einddatum=end,
            )
        )
    client = StopClient(
        bsn=draw(bsn()),
        geboortedatum=Geboortedatum(datum=draw(dates_before(day, 17))),
        geslacht=draw(st.sampled_from(codelists.geslacht())),
        naam=_verkorte_naam(draw),
        stop_producten=tuple(products),
    )
    return MESSAGE_MODELS["JW307"](header=_header(draw, "JW307", False, day), client=client)


@st.composite
def verzoek_om_toewijzing(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.verzoek import AangevraagdProduct, VerzoekClient

    day = draw(dagtekening)
    products = []
    for i in range(draw(st.integers(1, 3))):
        start = draw(st.dates(day, day + timedelta(days=60)))
        referrer = draw(st.sampled_from(["01", "02"]))
        products.append(
            AangevraagdProduct(
                referentie_aanbieder=f"REF{draw(identificatie)}-{i}",  # TR383: unique per message
                product=_product(i),
                toewijzing_ingangsdatum=start,
                toewijzing_einddatum=start + timedelta(days=draw(st.integers(0, 365))),
                omvang=_omvang(draw),
                # CD066-CD068: a GP (02) with an AGB code and no name; a municipality (01) with neither.
                verwijzer=Verwijzer(
                    type=referrer, zorgverlener_code=draw(agb_code) if referrer == "02" else None
                ),
            )
        )
    client = VerzoekClient(
        bsn=draw(bsn()),
        geboortedatum=Geboortedatum(datum=draw(dates_before(day, 17))),
        geslacht=draw(st.sampled_from(codelists.geslacht())),
        naam=_verkorte_naam(draw),
        aangevraagde_producten=tuple(products),
    )
    return MESSAGE_MODELS["JW315"](header=_header(draw, "JW315", False, day), client=client)


@st.composite
def verzoek_om_wijziging(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.verzoek import OngewijzigdProduct, TeWijzigenProduct, Verzoek, WijzigingClient

    day = draw(dagtekening)
    start = draw(st.dates(day, day + timedelta(days=60)))
    unchanged = tuple(OngewijzigdProduct(toewijzing_nummer=2000 + i) for i in range(draw(st.integers(0, 2))))
    to_change = tuple(
        TeWijzigenProduct(
            toewijzing_nummer=3000 + i,
            gewenste_ingangsdatum=start,
            einddatum=start + timedelta(days=draw(st.integers(0, 365))),
            omvang=_omvang(draw),
        )
        for i in range(draw(st.integers(1, 2)))
    )
    verzoek = Verzoek(
        referentie_aanbieder=f"VOW{draw(identificatie)}",
        reden_verzoek=draw(st.sampled_from(codelists.reden_verzoek())),
        ongewijzigde_producten=unchanged,
        te_wijzigen_producten=to_change,
    )
    client = WijzigingClient(bsn=draw(bsn()), verzoek=verzoek)
    return MESSAGE_MODELS["JW317"](header=_header(draw, "JW317", False, day), client=client)


@st.composite
def antwoordbericht(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.antwoord import Antwoord, Woonplaatsbeginsel

    day = draw(dagtekening)
    answer = draw(st.sampled_from(codelists.verzoek_antwoord()))
    # CD085/CD086: a refusal (1) names its reason; "in onderzoek" (2) does not.
    reason = draw(st.sampled_from(codelists.reden_afwijzing_verzoek())) if answer == "1" else None
    antwoord = Antwoord(
        referentie_aanbieder=f"REF{draw(identificatie)}",
        verzoek_antwoord=answer,
        reden_afwijzing_verzoek=reason,
        woonplaatsbeginsel=Woonplaatsbeginsel(gemeente=draw(gemeente)) if reason == "8" else None,
    )
    return MESSAGE_MODELS["JW319"](header=_header(draw, "JW319", True, day), antwoord=antwoord)


def _month(draw: Draw, day: date) -> GeslotenPeriode:
    """A whole calendar month from 2025 that ends before `day` (CS100, CS340, TR137)."""
    last = day.replace(day=1) - timedelta(days=1)
    months = (last.year - 2025) * 12 + last.month
    first = date(2025, 1, 1)
    offset = draw(st.integers(0, months - 1))
    begin = date(first.year + (first.month - 1 + offset) // 12, (first.month - 1 + offset) % 12 + 1, 1)
    end = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return GeslotenPeriode(begindatum=begin, einddatum=end)


def _prestatie(draw: Draw, period: GeslotenPeriode, number: int) -> Prestatie:
    eenheid = draw(st.sampled_from(codelists.eenheid()))
    volume = draw(st.integers(1, 200))
    tarief = None if eenheid == "83" else draw(st.integers(0, 20_000))  # CD087
    amount = volume if tarief is None else volume * tarief  # CS339 / TR346
    return Prestatie(
        product_referentie=Referentie(referentie_nummer=f"RN{number}"),  # debit only: no VorigReferentie
        toewijzing_nummer=5000 + number,  # TR416: one debit line per allocation and period
        product_categorie="45",
        product_code=f"45A{number % 100:02d}",
        product_periode=period,
        geleverd_volume=volume,
        eenheid=eenheid,
        product_tarief=tarief,
        ingediend_bedrag=BedragMetDC(bedrag=amount, debet_credit="D"),
    )


@st.composite
def declaratie(draw: Draw) -> MessageModel:
    day = draw(dagtekening)
    period = _month(draw, day)
    clients, number = [], 0
    for client_bsn in draw(st.lists(bsn(), min_size=1, max_size=3, unique=True)):
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            lines.append(_prestatie(draw, period, number))
            number += 1
        clients.append(DeclaratieClient(bsn=client_bsn, prestaties=tuple(lines)))
    total = sum(p.ingediend_bedrag.bedrag for c in clients for p in c.prestaties)  # TR358
    body = Declaratie(
        declaratie_nummer=draw(identificatie),
        declaratie_periode=period,
        declaratie_dagtekening=day,
        totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=total, debet_credit="D"),
        clienten=tuple(clients),
    )
    return MESSAGE_MODELS["JW323"](header=_header(draw, "JW323", False, day), declaratie=body)


@st.composite
def declaratie_antwoord(draw: Draw) -> MessageModel:
    from zorgpad.ijw.model.declaratie import DeclaratieAntwoordClient

    claim = draw(declaratie())
    day = claim.header.bericht_identificatie.dagtekening + timedelta(days=draw(st.integers(0, 20)))
    # TR342: only rejected lines are answered, each with a rejection code.
    rejection = st.lists(
        st.sampled_from(["9307", "9308", "0611", "9321"]), min_size=1, max_size=2, unique=True
    )
    clients = tuple(
        DeclaratieAntwoordClient(
            bsn=c.bsn,
            prestaties=tuple(
                PrestatieAntwoord(**p.model_dump(), retour_codes=tuple(draw(rejection))) for p in c.prestaties
            ),
            retour_codes=("0200",),
        )
        for c in claim.declaratie.clienten
    )
    claimed = claim.declaratie.totaal_ingediend_bedrag
    rejected = sum(p.ingediend_bedrag.bedrag for c in clients for p in c.prestaties)
    base = header("JW325", claim.header.ontvanger, claim.header.afzender, draw(identificatie), day)
    head = DeclaratieAntwoordHeader(
        **base.model_dump(),
        declaratie_identificatie=claim.header.bericht_identificatie,
        xsd_versie_declaratie=claim.header.xsd_versie,
        retour_codes=("0200",),
    )
    body = DeclaratieAntwoord(
        declaratie_nummer=claim.declaratie.declaratie_nummer,
        totaal_ingediend_bedrag=claimed,
        totaal_toegekend_bedrag=TotaalBedragMetDC(
            totaal_bedrag=claimed.totaal_bedrag - rejected, debet_credit="D"
        ),
        clienten=clients,
        retour_codes=("0200",),
    )
    return MESSAGE_MODELS["JW325"](header=head, declaratie_antwoord=body)


def with_retour_codes(draw: Draw, heen: IjwModel, target: type[M]) -> M:
    """`heen` converted to its retour class `target`, drawing retour codes for every part."""
    values: dict[str, Any] = {}
    for spec in element_specs(target):
        if spec.field == "retour_codes":
            values["retour_codes"] = draw(retour_codes())
            continue
        value = getattr(heen, spec.field)
        if spec.model is not None and value is not None and type(value) is not spec.model:
            if spec.item is None:
                value = with_retour_codes(draw, value, spec.model)
            else:
                value = tuple(with_retour_codes(draw, item, spec.model) for item in value)
        values[spec.field] = value
    return target.model_validate(values)


def _retour_of(heen_strategy: st.SearchStrategy[MessageModel], code: str) -> st.SearchStrategy[MessageModel]:
    @st.composite
    def build(draw: Draw) -> MessageModel:
        heen = draw(heen_strategy)
        cls = MESSAGE_MODELS[code]
        body_field = element_specs(cls)[1]
        heen_day = heen.header.bericht_identificatie.dagtekening
        head: RetourHeader = retour_header(
            heen.header, heen.code, draw(identificatie), heen_day + timedelta(days=1)
        )
        if draw(st.booleans()):  # rejected as a whole: header-only with retour codes
            return cls(header=head.model_copy(update={"retour_codes": ("0001",)}))
        body = getattr(heen, body_field.field)
        assert body_field.model is not None
        return cls.model_validate(
            {"header": head, body_field.field: with_retour_codes(draw, body, body_field.model)}
        )

    return build()


HEEN: dict[str, st.SearchStrategy[MessageModel]] = {
    "JW301": toewijzing(),
    "JW305": start_zorg(),
    "JW307": stop_zorg(),
    "JW315": verzoek_om_toewijzing(),
    "JW317": verzoek_om_wijziging(),
    "JW319": antwoordbericht(),
    "JW323": declaratie(),
}

MESSAGES: dict[str, st.SearchStrategy[MessageModel]] = {
    **HEEN,
    "JW302": _retour_of(HEEN["JW301"], "JW302"),
    "JW306": _retour_of(HEEN["JW305"], "JW306"),
    "JW308": _retour_of(HEEN["JW307"], "JW308"),
    "JW316": _retour_of(HEEN["JW315"], "JW316"),
    "JW318": _retour_of(HEEN["JW317"], "JW318"),
    "JW320": _retour_of(HEEN["JW319"], "JW320"),
    "JW325": declaratie_antwoord(),
}

__all__ = ["GEMEENTEN", "HEEN", "MESSAGES", "BerichtIdentificatie", "bsn", "xsd_versie"]
