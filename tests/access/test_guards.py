"""The cross-message rules on what the municipality sends (TR355, TR359, TR360, TR365, TR375, TR379,
TR385, TR411, TR412): each guard refuses the message that breaks it and lets its near miss go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from access.builder import build_store
from zorgpad.access.guards import jw301_problems, jw319_problems
from zorgpad.ijw.model.antwoord import Antwoord, Antwoordbericht
from zorgpad.ijw.model.common import Omvang, Product
from zorgpad.ijw.model.toewijzing import ToegewezenProduct, Toewijzing
from zorgpad.ijw.writer import header
from zorgpad.store.database import Store

GEMEENTE, AANBIEDER = "0202", "12345678"
VOT = {
    "ref": "VOT1",
    "client": "A",
    "product": "45A48",
    "ingang": "2025-06-01",
    "einde": "2025-12-31",
    "volume": 3,
    "eenheid": "04",
    "frequentie": "2",
    "gemeente": GEMEENTE,
    "aanbieder": AANBIEDER,
    "dagtekening": "2025-05-20",
}
ALLOCATION = {
    "nummer": 7001,
    "client": "A",
    "product": "45A48",
    "ingang": "2025-01-01",
    "einde": "2025-12-31",
    "volume": 3,
    "eenheid": "04",
    "frequentie": "2",
    "gemeente": GEMEENTE,
    "aanbieder": AANBIEDER,
}
DAY = dt.date(2025, 5, 25)


def _store(tmp_path: Path, **given: Any) -> Store:
    return Store.open(build_store(given, tmp_path), read_only=True)


def _answer(reference: str, antwoord: str = "1") -> Antwoordbericht:
    body = Antwoord(
        referentie_aanbieder=reference,
        verzoek_antwoord=antwoord,
        reden_afwijzing_verzoek="1" if antwoord == "1" else None,
    )
    return Antwoordbericht(header=header("JW319", GEMEENTE, AANBIEDER, "ZP1", DAY), antwoord=body)


def _codes(problems: list[str]) -> set[str]:
    return {problem.split(":")[0] for problem in problems}


@pytest.mark.parametrize(
    ("given", "reference", "antwoord", "expected"),
    [
        ({"requests": [VOT]}, "ANDERS", "1", {"TR355"}),
        ({"requests": [VOT]}, "VOT1", "1", set()),
        ({"requests": [VOT], "allocations": [{**ALLOCATION, "ref": "VOT1"}]}, "VOT1", "1", {"TR359"}),
        (
            {
                "requests": [VOT],
                "answers": [
                    {
                        "ref": "VOT1",
                        "antwoord": "2",
                        "gemeente": GEMEENTE,
                        "aanbieder": AANBIEDER,
                        "dagtekening": "2025-05-21",
                    }
                ],
            },
            "VOT1",
            "2",
            {"TR360"},
        ),
        (
            {
                "requests": [VOT],
                "answers": [
                    {
                        "ref": "VOT1",
                        "antwoord": "2",
                        "gemeente": GEMEENTE,
                        "aanbieder": AANBIEDER,
                        "dagtekening": "2025-05-21",
                    }
                ],
            },
            "VOT1",
            "1",
            set(),
        ),
        (
            {
                "requests": [VOT],
                "answers": [
                    {
                        "ref": "VOT1",
                        "antwoord": "1",
                        "gemeente": GEMEENTE,
                        "aanbieder": AANBIEDER,
                        "dagtekening": "2025-05-21",
                    }
                ],
            },
            "VOT1",
            "1",
            {"TR365"},
        ),
    ],
    ids=["TR355", "TR355-bijna", "TR359", "TR360", "TR360-bijna-definitief", "TR365"],
)
def test_jw319_guards(
    tmp_path: Path, given: dict[str, Any], reference: str, antwoord: str, expected: set[str]
) -> None:
    with _store(tmp_path, **given) as store:
        assert _codes(jw319_problems(store.connection, _answer(reference, antwoord))) == expected


def _allocation(product: ToegewezenProduct) -> Toewijzing:
    from access.builder import ADDRESS, bsn_for
    from zorgpad.ijw.model.common import Achternaam, Geboortedatum, VolledigeNaam
    from zorgpad.ijw.model.toewijzing import Contact, ToewijzingClient

    client = ToewijzingClient(
        bsn=bsn_for("A"),
        geboortedatum=Geboortedatum(datum=dt.date(2012, 5, 1)),
        geslacht="1",
        naam=VolledigeNaam(geslachtsnaam=Achternaam(achternaam="Jansen"), voorletters="A", naam_gebruik="1"),
        contactgegevens=(Contact(soort="01", adres=ADDRESS),),
        toegewezen_producten=(product,),
    )
    return Toewijzing(header=header("JW301", GEMEENTE, AANBIEDER, "ZP2", DAY), client=client)


def _product(number: int, **changes: Any) -> ToegewezenProduct:
    values: dict[str, Any] = {
        "toewijzing_nummer": number,
        "product": Product(categorie="45", code="45A48"),
        "toewijzingsdatum": DAY,
        "toewijzingstijd": dt.time(10, 0),
        "ingangsdatum": dt.date(2025, 6, 1),
        "einddatum": dt.date(2025, 12, 31),
        "omvang": Omvang(volume=3, eenheid="04", frequentie="2"),
    }
    values.update(changes)
    return ToegewezenProduct(**values)


@pytest.mark.parametrize(
    ("given", "product", "honoured", "expected"),
    [
        ({"requests": [VOT]}, _product(8001, referentie_aanbieder="VOT1"), {"VOT1"}, set()),
        ({"requests": [VOT]}, _product(8001, referentie_aanbieder="VOT1"), set(), {"TR379"}),
        (
            {"requests": [VOT], "allocations": [{**ALLOCATION, "ref": "VOT1"}]},
            _product(8001, referentie_aanbieder="VOT1"),
            {"VOT1"},
            {"TR379"},
        ),
        ({}, _product(8001, omvang=None, budget=50000), set(), {"TR411"}),
        ({}, _product(8001, product=Product(categorie="45"), omvang=None, budget=50000), set(), set()),
        (
            {"allocations": [{**ALLOCATION, "product": "45", "budget": 500000}]},
            _product(7001),
            set(),
            {"TR412"},
        ),
        (
            {"allocations": [{**ALLOCATION, "product": "45", "budget": 500000}]},
            _product(7001, product=Product(categorie="45")),
            set(),
            set(),
        ),
    ],
    ids=[
        "TR379-bijna",
        "TR379-niet-gehonoreerd",
        "TR379-tweede-keer",
        "TR411",
        "TR411-bijna",
        "TR412",
        "TR412-bijna",
    ],
)
def test_jw301_guards(
    tmp_path: Path, given: dict[str, Any], product: ToegewezenProduct, honoured: set[str], expected: set[str]
) -> None:
    with _store(tmp_path, **given) as store:
        found = jw301_problems(store.connection, _allocation(product), frozenset(honoured))
    assert _codes(found) == expected


def test_tr375_an_allocation_sent_without_a_product_is_not_sent_again_with_one(tmp_path: Path) -> None:
    given = {"allocations": [{**ALLOCATION, "product": "", "budget": 500000}]}
    with _store(tmp_path, **given) as store:
        with_product = jw301_problems(store.connection, _allocation(_product(7001)), frozenset())
        budget_only = _product(7001, product=None, omvang=None, budget=500000)
        still_empty = jw301_problems(store.connection, _allocation(budget_only), frozenset())
    assert _codes(with_product) == {"TR375", "TR412"}
    assert _codes(still_empty) == set()


def _claim_line(con: Any, referentie: str, debet_credit: str, vorige: str | None = None) -> None:
    """A claim line on allocation 7001 (only the columns the TR385 guard reads)."""
    con.execute(
        "INSERT INTO claim_lines (message_id, position, gemeente, aanbieder, toewijzing_nummer, "
        "referentie_nummer, vorig_referentie_nummer, debet_credit) VALUES (?, ?, ?, ?, 7001, ?, ?, ?)",
        [f"decl-{referentie}", 0, GEMEENTE, AANBIEDER, referentie, vorige, debet_credit],
    )


def _removal() -> Toewijzing:
    """Allocation 7001 removed: RedenWijziging 13 with Ingangsdatum = Einddatum (CS335)."""
    day = dt.date(2025, 1, 1)
    return _allocation(_product(7001, ingangsdatum=day, einddatum=day, reden_wijziging="13"))


@pytest.mark.parametrize(
    ("lines", "answered", "expected"),
    [
        ([("P1", "D", None)], False, {"TR385"}),
        ([("P1", "D", None), ("P2", "C", "P1")], False, set()),
        ([("P1", "D", None)], True, set()),
        ([], False, set()),
    ],
    ids=["TR385", "TR385-bijna-gecrediteerd", "TR385-bijna-afgewezen", "TR385-bijna-geen-prestaties"],
)
def test_tr385_an_allocation_with_granted_claim_lines_is_never_removed(
    tmp_path: Path, lines: list[tuple[str, str, str | None]], answered: bool, expected: set[str]
) -> None:
    import duckdb

    db = build_store({"allocations": [ALLOCATION]}, tmp_path)
    con = duckdb.connect(str(db))
    for referentie, debet_credit, vorige in lines:
        _claim_line(con, referentie, debet_credit, vorige)
    if answered:  # a JW325 rejected the line: it was not granted
        con.execute(
            "INSERT INTO claim_answers (message_id, position, gemeente, aanbieder, referentie_nummer) "
            "VALUES ('antwoord', 0, ?, ?, 'P1')",
            [GEMEENTE, AANBIEDER],
        )
    con.close()
    with Store.open(db, read_only=True) as store:
        assert _codes(jw301_problems(store.connection, _removal(), frozenset())) == expected
