"""JW301 toewijzing: relations, contacts, and allocated products of every shape (with RedenWijziging)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from ijw.gen.base import (
    Draw,
    bsn,
    consecutive_periods,
    contact_fields,
    dagtekening,
    dates_before,
    message_header,
    needs_end,
    product_shape,
    text,
    volledige_naam,
)
from zorgpad.ijw import codelists
from zorgpad.ijw.model import Toewijzing
from zorgpad.ijw.model.common import Communicatie, Geboortedatum
from zorgpad.ijw.model.toewijzing import Contact, Relatie, ToegewezenProduct, ToewijzingClient

DELETED = "13"  # CS335: only with Einddatum = Ingangsdatum
# CS336: 01 (administratieve correctie) is no longer used.
REDENEN = tuple(code for code in codelists.reden_wijziging() if code != "01")


def _allocation(draw: Draw, day: date, index: int, start: date, end: date | None) -> ToegewezenProduct:
    shape = product_shape(draw, index)
    reason = draw(st.none() | st.sampled_from(REDENEN))
    if reason == DELETED:
        end = start
    elif end is None and needs_end(shape):
        end = start + timedelta(days=draw(st.integers(0, 365)))
    return ToegewezenProduct(
        toewijzing_nummer=draw(st.integers(1, 10_000)) * 10 + index,  # TR101: unique per message
        toewijzingsdatum=draw(st.dates(min(start, day) - timedelta(days=30), day)),  # TR134
        toewijzingstijd=draw(st.times()).replace(microsecond=0),
        ingangsdatum=start,
        einddatum=end,
        reden_wijziging=reason,
        commentaar=draw(st.none() | text(60)),
        **shape,
    )


@st.composite
def toewijzing(draw: Draw) -> Toewijzing:
    day = draw(dagtekening)
    relaties = tuple(
        Relatie(
            nummer=str(i + 1),
            soort="10",
            naam=volledige_naam(draw),
            geboortedatum=Geboortedatum(datum=draw(dates_before(day, 80))),
            contact=Contact(**contact_fields(draw, "01")),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    first = draw(st.dates(date(2025, 1, 1), day))
    periods = consecutive_periods(draw, first, draw(st.integers(1, 3)), always_end=False)
    products = tuple(_allocation(draw, day, i, start, end) for i, (start, end) in enumerate(periods))
    vorm = draw(st.none() | st.sampled_from(codelists.codelist("LDT_Communicatievorm")))
    client = ToewijzingClient(
        bsn=draw(bsn()),
        geboortedatum=Geboortedatum(datum=draw(dates_before(day, 17))),
        geslacht=draw(st.sampled_from(codelists.geslacht())),
        naam=volledige_naam(draw),
        communicatie=None if vorm is None else Communicatie(vorm=vorm, taal="Pools" if vorm == "1" else None),
        relaties=relaties,
        contactgegevens=(Contact(**contact_fields(draw, "01")),),  # TR061: a BRP address
        toegewezen_producten=products,
    )
    return Toewijzing(header=message_header(draw, "JW301", True, day), client=client)
