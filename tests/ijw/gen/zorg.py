"""JW305 start zorg, JW307 stop zorg and JW319 antwoordbericht."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from ijw.gen.base import (
    Draw,
    bsn,
    categorie,
    dagtekening,
    dates_before,
    gemeente,
    identificatie,
    message_header,
    product_code,
    verkorte_naam,
)
from zorgpad.ijw import codelists
from zorgpad.ijw.model import Antwoordbericht, StartZorg, StopZorg
from zorgpad.ijw.model.antwoord import Antwoord, Woonplaatsbeginsel
from zorgpad.ijw.model.common import Geboortedatum, Product
from zorgpad.ijw.model.startstop import StartClient, StartProduct, StopClient, StopProduct


def _start_stop_fields(draw: Draw, day: date, index: int) -> dict[str, Any]:
    start = draw(st.dates(date(2025, 1, 1), day))  # TR134: not after the Dagtekening
    category = draw(categorie)
    return {
        "toewijzing_nummer": 1000 + index,
        "product": Product(categorie=category, code=draw(st.none() | st.just(product_code(category, index)))),
        "toewijzing_ingangsdatum": start,
        "begindatum": start,
        "status_aanlevering": draw(st.sampled_from(["1", "3"])),  # CS058: 2 is not used
    }


def _client_fields(draw: Draw, day: date) -> dict[str, Any]:
    return {
        "bsn": draw(bsn()),
        "geboortedatum": Geboortedatum(datum=draw(dates_before(day, 17))),
        "geslacht": draw(st.sampled_from(codelists.geslacht())),
        "naam": verkorte_naam(draw),
    }


@st.composite
def start_zorg(draw: Draw) -> StartZorg:
    day = draw(dagtekening)
    products = tuple(StartProduct(**_start_stop_fields(draw, day, i)) for i in range(draw(st.integers(1, 3))))
    client = StartClient(**_client_fields(draw, day), start_producten=products)
    return StartZorg(header=message_header(draw, "JW305", False, day), client=client)


@st.composite
def stop_zorg(draw: Draw) -> StopZorg:
    day = draw(dagtekening)
    products = []
    for i in range(draw(st.integers(1, 3))):
        fields = _start_stop_fields(draw, day, i)
        products.append(
            StopProduct(
                **fields,
                reden_beeindiging=draw(st.sampled_from(codelists.reden_beeindiging())),
                einddatum=draw(st.dates(fields["begindatum"], day)),  # TR018, TR134
            )
        )
    client = StopClient(**_client_fields(draw, day), stop_producten=tuple(products))
    return StopZorg(header=message_header(draw, "JW307", False, day), client=client)


@st.composite
def antwoordbericht(draw: Draw) -> Antwoordbericht:
    day = draw(dagtekening)
    answer = draw(st.sampled_from(codelists.verzoek_antwoord()))
    # CD085/CD086: a refusal (1) names its reason; "in onderzoek" (2) does not. TR377/TR409: the
    # Woonplaatsbeginsel comes with reason 8 and only then.
    reason = draw(st.sampled_from(codelists.reden_afwijzing_verzoek())) if answer == "1" else None
    antwoord = Antwoord(
        referentie_aanbieder=f"REF{draw(identificatie)}",
        verzoek_antwoord=answer,
        reden_afwijzing_verzoek=reason,
        woonplaatsbeginsel=Woonplaatsbeginsel(gemeente=draw(gemeente)) if reason == "8" else None,
    )
    return Antwoordbericht(header=message_header(draw, "JW319", True, day), antwoord=antwoord)
