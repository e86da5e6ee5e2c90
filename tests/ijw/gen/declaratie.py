"""JW323 declaratie (debet and credit lines, every category) and its answer JW325."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from ijw.gen.base import Draw, bsn, categorie, dagtekening, identificatie, message_header, product_code
from zorgpad.ijw import codelists
from zorgpad.ijw.model import DeclaratieAntwoordbericht, Declaratiebericht
from zorgpad.ijw.model.common import BedragMetDC, GeslotenPeriode, Referentie, TotaalBedragMetDC
from zorgpad.ijw.model.declaratie import (
    Declaratie,
    DeclaratieAntwoord,
    DeclaratieAntwoordClient,
    DeclaratieAntwoordHeader,
    DeclaratieClient,
    Prestatie,
    PrestatieAntwoord,
)
from zorgpad.ijw.writer import header

EURO = "83"


def month(draw: Draw, day: date) -> GeslotenPeriode:
    """A whole calendar month from 2025 that ends before `day` (CS100, CS340, TR137)."""
    last = day.replace(day=1) - timedelta(days=1)
    offset = draw(st.integers(0, (last.year - 2025) * 12 + last.month - 1))
    begin = date(2025 + offset // 12, offset % 12 + 1, 1)
    end = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return GeslotenPeriode(begindatum=begin, einddatum=end)


def signed(amount: BedragMetDC) -> int:
    return -amount.bedrag if amount.debet_credit == "C" else amount.bedrag


def total(amount: int) -> TotaalBedragMetDC:
    """A signed total as the standard writes it: 0 is debet (CS325), a negative total is credit."""
    return TotaalBedragMetDC(totaal_bedrag=abs(amount), debet_credit="C" if amount < 0 else "D")


def prestatie(draw: Draw, period: GeslotenPeriode, number: int) -> Prestatie:
    eenheid = draw(st.sampled_from(codelists.eenheid()))
    volume = draw(st.integers(1, 200))
    tarief = None if eenheid == EURO else draw(st.integers(0, 20_000))  # CD087
    amount = volume if tarief is None else volume * tarief  # CS339
    # CD060: a credit line names the line it credits (from an earlier message: TR316), each once
    # (TR315); an amount of 0 is always debet (CS325).
    credit = amount > 0 and draw(st.booleans())
    category = draw(categorie)
    return Prestatie(
        product_referentie=Referentie(
            referentie_nummer=f"RN{number}", vorig_referentie_nummer=f"EERDER{number}" if credit else None
        ),
        toewijzing_nummer=5000 + number,  # TR416: one debet line per allocation and period
        product_categorie=category,
        product_code=product_code(category, number % 100),
        product_periode=period,
        geleverd_volume=volume,
        eenheid=eenheid,
        product_tarief=tarief,
        ingediend_bedrag=BedragMetDC(bedrag=amount, debet_credit="C" if credit else "D"),
    )


@st.composite
def declaratie(draw: Draw) -> Declaratiebericht:
    day = draw(dagtekening)
    period = month(draw, day)
    clients, number = [], 0
    for client_bsn in draw(st.lists(bsn(), min_size=1, max_size=3, unique=True)):  # TR101
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            lines.append(prestatie(draw, period, number))
            number += 1
        clients.append(DeclaratieClient(bsn=client_bsn, prestaties=tuple(lines)))
    body = Declaratie(
        declaratie_nummer=draw(identificatie),
        declaratie_periode=period,
        declaratie_dagtekening=day,
        # TR358: debet lines added, credit lines subtracted.
        totaal_ingediend_bedrag=total(sum(signed(p.ingediend_bedrag) for c in clients for p in c.prestaties)),
        clienten=tuple(clients),
    )
    return Declaratiebericht(header=message_header(draw, "JW323", False, day), declaratie=body)


@st.composite
def declaratie_antwoord(draw: Draw) -> DeclaratieAntwoordbericht:
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
    claimed_signed = -claimed.totaal_bedrag if claimed.debet_credit == "C" else claimed.totaal_bedrag
    rejected = sum(signed(p.ingediend_bedrag) for c in clients for p in c.prestaties)
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
        totaal_toegekend_bedrag=total(claimed_signed - rejected),
        clienten=clients,
        retour_codes=("0200",),
    )
    return DeclaratieAntwoordbericht(header=head, declaratie_antwoord=body)
