"""JW301 client, relation, name and address rules: each mutation breaks exactly one rule, or none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.rules import run_level2

from .mutate import to_bytes
from .mutate_toewijzing import drop, jw301, put, rule_codes, set_text

Edit = Callable[[etree._Element], object]

HOME = "Client/Contactgegevens/Contact[1]"  # Soort 03, address in Amsterdam
TEMPORARY = "Client/Contactgegevens/Contact[2]"  # Soort 04, with a Periode from 2018-02-03
PARTNER = "Client/Relaties/Relatie[1]"  # has a Partnernaam
RELATIVE = "Client/Relaties/Relatie[2]"  # no Partnernaam


def _seq(*edits: Edit) -> Edit:
    def run(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    return run


CASES: list[tuple[str, Edit, set[str]]] = [
    # CD005: LandCode if and only if Postcode.
    ("postcode without landcode", lambda r: drop(r, f"{HOME}/Adres/LandCode"), {"CD005"}),
    (
        "landcode without postcode",
        _seq(
            lambda r: drop(r, f"{TEMPORARY}/Adres/Postcode"),
            lambda r: set_text(r, f"{TEMPORARY}/Adres/LandCode", "BE"),
        ),
        {"CD005"},
    ),
    ("foreign postcode with landcode", lambda r: set_text(r, f"{TEMPORARY}/Adres/LandCode", "BE"), set()),
    # CD007: Taal if and only if Vorm 1 (tolk taal).
    ("language without interpreter", lambda r: set_text(r, "Client/Communicatie/Vorm", "2"), {"CD007"}),
    ("interpreter without language", lambda r: drop(r, "Client/Communicatie/Taal"), {"CD007"}),
    (
        "no interpreter, no language",
        _seq(
            lambda r: set_text(r, "Client/Communicatie/Vorm", "2"),
            lambda r: drop(r, "Client/Communicatie/Taal"),
        ),
        set(),
    ),
    # CD009: a Periode only on a temporary address (04).
    (
        "period on a home address",
        _seq(
            lambda r: put(r, HOME, "Periode"), lambda r: put(r, f"{HOME}/Periode", "Begindatum", "2020-01-01")
        ),
        {"CD009"},
    ),
    # CD025: a Dutch address has a house number.
    ("dutch address without house", lambda r: drop(r, f"{TEMPORARY}/Adres/Huis"), {"CD025"}),
    (
        "foreign address without house",
        _seq(
            lambda r: drop(r, f"{TEMPORARY}/Adres/Huis"),
            lambda r: set_text(r, f"{TEMPORARY}/Adres/LandCode", "BE"),
        ),
        set(),
    ),
    # CD034: BRP or residence address (01, 03) has a postcode.
    (
        "residence address without postcode",
        _seq(lambda r: drop(r, f"{HOME}/Adres/Postcode"), lambda r: drop(r, f"{HOME}/Adres/LandCode")),
        {"CD034"},
    ),
    (
        "temporary address without postcode",
        _seq(
            lambda r: drop(r, f"{TEMPORARY}/Adres/Postcode"), lambda r: drop(r, f"{TEMPORARY}/Adres/LandCode")
        ),
        set(),
    ),
    # CS089: a Dutch postcode is 1234AB.
    ("postcode with a space", lambda r: set_text(r, f"{HOME}/Adres/Postcode", "1234 AB"), {"CS089"}),
    ("postcode starting with 0", lambda r: set_text(r, f"{HOME}/Adres/Postcode", "0123AB"), {"CS089"}),
    ("postcode in lower case", lambda r: set_text(r, f"{HOME}/Adres/Postcode", "1234ab"), set()),
    # TR006: a contact has a phone number, or a house with a postcode.
    (
        "no phone, no postcode",
        _seq(
            lambda r: drop(r, f"{TEMPORARY}/Telefoon"),
            lambda r: drop(r, f"{TEMPORARY}/Adres/Postcode"),
            lambda r: drop(r, f"{TEMPORARY}/Adres/LandCode"),
        ),
        {"TR006"},
    ),
    ("no phone, full address", lambda r: drop(r, f"{TEMPORARY}/Telefoon"), set()),
    # TR061: the client has a BRP, correspondence or residence address.
    ("only a temporary address", lambda r: drop(r, HOME), {"TR061"}),
    ("correspondence address", lambda r: set_text(r, f"{HOME}/Soort", "02"), set()),
    # CS050: NaamGebruik fits the presence of a Partnernaam.
    ("partner name with name use 5", lambda r: set_text(r, f"{PARTNER}/Naam/NaamGebruik", "5"), {"CS050"}),
    ("partner name with name use 4", lambda r: set_text(r, f"{PARTNER}/Naam/NaamGebruik", "4"), set()),
    ("no partner name, name use 2", lambda r: set_text(r, f"{RELATIVE}/Naam/NaamGebruik", "2"), {"CS050"}),
    ("relation as organisation", lambda r: set_text(r, f"{RELATIVE}/Naam/NaamGebruik", "6"), set()),
    # CS318: the client is a natural person.
    ("client as organisation", lambda r: set_text(r, "Client/Naam/NaamGebruik", "6"), {"CS318"}),
    # CS003 on a contact period.
    (
        "period ends before it begins",
        lambda r: put(r, f"{TEMPORARY}/Periode", "Einddatum", "2018-02-02"),
        {"CS003"},
    ),
    ("period of one day", lambda r: put(r, f"{TEMPORARY}/Periode", "Einddatum", "2018-02-03"), set()),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES], ids=[c[0] for c in CASES])
def test_jw301_contact_rules(edit: Edit, expected: set[str]) -> None:
    root = jw301()
    edit(root)
    assert rule_codes(root) == expected


def test_explanation_names_the_values_and_the_place() -> None:
    root = jw301()
    set_text(root, f"{HOME}/Adres/Postcode", "1234 AB")
    (finding,) = run_level2(parse_bytes(to_bytes(root), "jw301.xml"))
    assert finding.rule == "CS089"
    assert finding.retourcode == "0001"
    assert finding.xpath == "/Bericht/Client/Contactgegevens/Contact[1]/Adres/Postcode"
    assert "'1234 AB'" in finding.message
