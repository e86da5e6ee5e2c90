"""Building blocks shared by the message strategies: text, codes, BSNs, headers, names, products."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from zorgpad.ijw import codelists
from zorgpad.ijw.model.common import (
    Achternaam,
    Adres,
    Header,
    Huis,
    Omvang,
    Product,
    Telefoon,
    Telefoonnummers,
    VerkorteNaam,
    VolledigeNaam,
)
from zorgpad.ijw.writer import header

Draw = st.DrawFn

_CBS = Path(__file__).resolve().parents[3] / "src" / "zorgpad" / "ijw" / "data" / "cbs_gemeenten_2026.csv"
GEMEENTEN = tuple(
    row["gemeentecode"] for row in csv.DictReader(_CBS.read_text(encoding="utf-8").splitlines())
)

# Text with characters XML must escape, accents, and inner spaces; never only whitespace.
_TEXT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëöçÀ &<>'\"-"
# CS338/CS343: these units go with frequency 2 (per week), 4 (per month) or 6 (total) only.
_UNITS_NEEDING_FREQUENCY = ("14", "16", "83", "84")


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_ALPHABET, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=size, max_size=size)


identificatie = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
agb_code = digits(8)
gemeente = st.sampled_from(GEMEENTEN)
dagtekening = st.dates(date(2026, 1, 1), date(2026, 12, 31))
categorie = st.sampled_from(codelists.product_categorie())


def elfproef_sum(first_eight: str) -> int:
    return sum((9 - i) * int(c) for i, c in enumerate(first_eight)) % 11


@st.composite
def bsn(draw: Draw) -> str:
    """A BSN that passes the 11-proef: (9*d1 + 8*d2 + ... + 2*d8 - d9) mod 11 == 0."""
    first = draw(digits(8).filter(lambda d: elfproef_sum(d) < 10))
    return first + str(elfproef_sum(first))


def dates_before(day: date, years: int) -> st.SearchStrategy[date]:
    return st.dates(day - timedelta(days=365 * years), day)


def retour_codes(size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(codelists.retourcode()), min_size=1, max_size=size, unique=True).map(
        tuple
    )


def message_header(draw: Draw, code: str, from_gemeente: bool, day: date) -> Header:
    gem, agb = draw(gemeente), draw(agb_code)
    sender, receiver = (gem, agb) if from_gemeente else (agb, gem)
    return header(code, sender, receiver, draw(identificatie), day)


def verkorte_naam(draw: Draw) -> VerkorteNaam:
    return VerkorteNaam(
        geslachtsnaam=Achternaam(achternaam=draw(text(30)), voorvoegsel=draw(st.none() | text(10))),
        voornamen=draw(st.none() | text(30)),
        voorletters=draw(st.none() | st.text("ABCDEFGHIJ", min_size=1, max_size=6)),
    )


def volledige_naam(draw: Draw) -> VolledigeNaam:
    short = verkorte_naam(draw)
    # CS050: without Partnernaam, NaamGebruik is 1 (6 is for organisations, CS318).
    return VolledigeNaam(**short.model_dump(), naam_gebruik="1")


def contact_fields(draw: Draw, soort: str) -> dict[str, Any]:
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


def omvang(draw: Draw) -> Omvang:
    eenheid = draw(st.sampled_from(codelists.eenheid()))
    frequenties = ("2", "4", "6") if eenheid in _UNITS_NEEDING_FREQUENCY else codelists.frequentie()
    return Omvang(
        volume=draw(st.integers(1, 500)), eenheid=eenheid, frequentie=draw(st.sampled_from(frequenties))
    )


def product_code(category: str, index: int) -> str:
    return f"{category}A{index:02d}"


def product_shape(draw: Draw, index: int) -> dict[str, Any]:
    """Product, Omvang and Budget of one allocated or requested product, in one of three shapes.

    specifiek: a product code with an Omvang (CD041); aspecifiek: only a category, with a Budget or
    without either (CD080/CD095/CD096: no Omvang without a code); generiek: no Product, with a Budget
    (CD079). A Budget always comes with an end date (CD075), never with an Omvang (CD077/CD078).
    """
    category = draw(categorie)
    shape = draw(st.sampled_from(["specifiek", "aspecifiek", "aspecifiek-zonder-budget", "generiek"]))
    budget = draw(st.integers(1, 99_999_999))
    if shape == "specifiek":
        return {
            "product": Product(categorie=category, code=product_code(category, index)),
            "omvang": omvang(draw),
        }
    if shape == "aspecifiek":
        return {"product": Product(categorie=category), "budget": budget}
    if shape == "aspecifiek-zonder-budget":
        return {"product": Product(categorie=category)}
    return {"budget": budget}


def consecutive_periods(
    draw: Draw, first_day: date, count: int, always_end: bool
) -> list[tuple[date, date | None]]:
    """`count` periods that follow each other without overlap (TR302/TR386/TR410: no stacking).

    Only the last may stay open (no end date) unless `always_end`.
    """
    periods: list[tuple[date, date | None]] = []
    start = first_day
    for index in range(count):
        end = start + timedelta(days=draw(st.integers(0, 120)))
        last = index == count - 1
        periods.append((start, None if last and not always_end and draw(st.booleans()) else end))
        start = end + timedelta(days=draw(st.integers(1, 30)))
    return periods


def needs_end(shape: dict[str, Any]) -> bool:
    """CD075: a Budget needs an end date; CD076: so does an Omvang per week (Frequentie 2)."""
    size = shape.get("omvang")
    return "budget" in shape or (isinstance(size, Omvang) and size.frequentie == "2")
