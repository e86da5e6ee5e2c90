"""JW315 verzoek om toewijzing and JW317 verzoek om wijziging, with products of every shape."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from ijw.gen.base import (
    Draw,
    agb_code,
    bsn,
    consecutive_periods,
    dagtekening,
    dates_before,
    identificatie,
    message_header,
    needs_end,
    product_shape,
    verkorte_naam,
)
from zorgpad.ijw import codelists
from zorgpad.ijw.model import VerzoekOmToewijzing, VerzoekOmWijziging
from zorgpad.ijw.model.common import Geboortedatum, Verwijzer
from zorgpad.ijw.model.verzoek import (
    AangevraagdProduct,
    NieuwProduct,
    OngewijzigdProduct,
    TeWijzigenProduct,
    Verzoek,
    VerzoekClient,
    WijzigingClient,
)


def _ended(draw: Draw, shape: dict[str, Any], start: date, end: date | None) -> date | None:
    if end is None and needs_end(shape):
        return start + timedelta(days=draw(st.integers(0, 365)))
    return end


@st.composite
def verzoek_om_toewijzing(draw: Draw) -> VerzoekOmToewijzing:
    day = draw(dagtekening)
    first = draw(st.dates(day, day + timedelta(days=60)))
    products = []
    for i, (start, end) in enumerate(consecutive_periods(draw, first, draw(st.integers(1, 3)), False)):
        shape = product_shape(draw, i)
        referrer = draw(st.sampled_from(["01", "02"]))
        products.append(
            AangevraagdProduct(
                referentie_aanbieder=f"REF{draw(identificatie)}-{i}",  # TR383: unique per message
                toewijzing_ingangsdatum=start,
                toewijzing_einddatum=_ended(draw, shape, start, end),
                # CD066-CD068: a GP (02) with an AGB code and no name; a municipality (01) with neither.
                verwijzer=Verwijzer(
                    type=referrer, zorgverlener_code=draw(agb_code) if referrer == "02" else None
                ),
                **shape,
            )
        )
    client = VerzoekClient(
        bsn=draw(bsn()),
        geboortedatum=Geboortedatum(datum=draw(dates_before(day, 17))),
        geslacht=draw(st.sampled_from(codelists.geslacht())),
        naam=verkorte_naam(draw),
        aangevraagde_producten=tuple(products),
    )
    return VerzoekOmToewijzing(header=message_header(draw, "JW315", False, day), client=client)


def _to_change(draw: Draw, index: int, start: date) -> TeWijzigenProduct:
    # A TeWijzigenProduct carries no Product: either a new Omvang or a new Budget (CD077/CD078).
    shape = product_shape(draw, index)
    size: dict[str, Any] = {key: shape[key] for key in ("omvang", "budget") if key in shape}
    return TeWijzigenProduct(
        toewijzing_nummer=3000 + index,  # TR101: unique per message
        gewenste_ingangsdatum=start,
        einddatum=_ended(draw, size, start, draw(st.none() | st.just(start + timedelta(days=30)))),
        **size,
    )


@st.composite
def verzoek_om_wijziging(draw: Draw) -> VerzoekOmWijziging:
    day = draw(dagtekening)
    start = draw(st.dates(day, day + timedelta(days=60)))
    unchanged = tuple(OngewijzigdProduct(toewijzing_nummer=2000 + i) for i in range(draw(st.integers(0, 2))))
    to_change = tuple(_to_change(draw, i, start) for i in range(draw(st.integers(0, 2))))
    # TR380: a new product starts after the Dagtekening; TR410/TR101: new products do not stack.
    first_new = draw(st.dates(day + timedelta(days=1), day + timedelta(days=60)))
    count = draw(st.integers(0, 2))
    new = []
    for i, (begin, end) in enumerate(consecutive_periods(draw, first_new, count, always_end=False)):
        shape = product_shape(draw, i)
        new.append(
            NieuwProduct(gewenste_ingangsdatum=begin, einddatum=_ended(draw, shape, begin, end), **shape)
        )
    # TR352: at least one existing allocation is named; TR353: at least one change or new product.
    if not unchanged and not to_change:
        unchanged = (OngewijzigdProduct(toewijzing_nummer=2000),)
    if not to_change and not new:
        to_change = (_to_change(draw, 0, start),)
    verzoek = Verzoek(
        referentie_aanbieder=f"VOW{draw(identificatie)}",
        reden_verzoek=draw(st.sampled_from(codelists.reden_verzoek())),
        ongewijzigde_producten=unchanged,
        te_wijzigen_producten=to_change,
        nieuwe_producten=tuple(new),
    )
    client = WijzigingClient(bsn=draw(bsn()), verzoek=verzoek)
    return VerzoekOmWijziging(header=message_header(draw, "JW317", False, day), client=client)
