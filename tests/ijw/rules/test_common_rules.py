"""The generic rules (CS002, TR002, TR134, CS139, TR101) on the messages other than JW323/JW325."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from zorgpad.ijw.rules.common import passes_elfproef
from zorgpad.ijw.rules.keys import key_specs
from zorgpad.ijw.rules.values import Locator, minus_months, nl_euro

from .mutate import duplicate, insert_after, load_example, remove, rule_codes, set_text, validate

Edit = Callable[[etree._Element], object]


def base(code: str) -> etree._Element:
    """A vendored example that passes validation (JW315's impossible 31 June is repaired)."""
    root = load_example(code)
    if code == "JW315":
        for number in (1, 2):
            set_text(
                root,
                f"Client/AangevraagdeProducten/AangevraagdProduct[{number}]/ToewijzingEinddatum",
                "2027-06-30",
            )
    return root


def text(path: str, value: str) -> Edit:
    return lambda root: set_text(root, path, value)


def usage(value: str, path: str = "Client/Geboortedatum/Datum") -> Edit:
    return lambda root: insert_after(root, path, "DatumGebruik", value, basis=True)


BIRTH = "Client/Geboortedatum/Datum"
RELATION_BIRTH = "Client/Relaties/Relatie[2]/Geboortedatum/Datum"

CASES: list[tuple[str, str, list[Edit], set[str]]] = [
    ("JW301 CS002", "JW301", [text("Client/Bsn", "999900007")], {"CS002"}),
    ("JW305 CS002", "JW305", [text("Client/Bsn", "111111111")], {"CS002"}),
    ("JW307 CS002", "JW307", [text("Client/Bsn", "999900016")], {"CS002"}),
    ("JW315 CS002", "JW315", [text("Client/Bsn", "000000001")], {"CS002"}),
    ("JW305 CS002 ok", "JW305", [text("Client/Bsn", "111111110")], set()),
    ("JW301 TR002 client", "JW301", [text(BIRTH, "1906-03-31")], {"TR002"}),
    ("JW301 TR002 exactly 120 years", "JW301", [text(BIRTH, "1906-04-01")], set()),
    ("JW301 TR002 relatie", "JW301", [text(RELATION_BIRTH, "1900-01-01")], {"TR002"}),
    ("JW305 TR002 unknown date", "JW305", [text(BIRTH, "1900-01-01"), usage("3")], set()),
    ("JW307 TR002", "JW307", [text(BIRTH, "1900-01-01")], {"TR002"}),
    ("JW315 TR002", "JW315", [text(BIRTH, "1905-01-01")], {"TR002"}),
    ("JW301 CS139 day unknown", "JW301", [usage("1")], {"CS139"}),
    ("JW301 CS139 day unknown ok", "JW301", [text(BIRTH, "2010-02-01"), usage("1")], set()),
    ("JW305 CS139 month unknown", "JW305", [text(BIRTH, "2010-02-01"), usage("2")], {"CS139"}),
    ("JW305 CS139 month unknown ok", "JW305", [text(BIRTH, "2010-01-01"), usage("2")], set()),
    ("JW307 CS139 all unknown", "JW307", [text(BIRTH, "2010-01-01"), usage("3")], {"CS139"}),
    ("JW315 CS139 relatie-free", "JW315", [usage("1")], {"CS139"}),
    ("JW301 TR134 birth in future", "JW301", [text(BIRTH, "2026-04-02")], {"TR134"}),
    (
        "JW301 TR134 toewijzingsdatum",
        "JW301",
        [text("Client/ToegewezenProducten/ToegewezenProduct[1]/Toewijzingsdatum", "2026-04-02")],
        {"TR134"},
    ),
    (
        "JW301 TR134 on dagtekening",
        "JW301",
        [text("Client/ToegewezenProducten/ToegewezenProduct[1]/Toewijzingsdatum", "2026-04-01")],
        set(),
    ),
    (
        "JW305 TR134 begindatum",
        "JW305",
        [text("Client/StartProducten/StartProduct[2]/Begindatum", "2026-04-16")],
        {"TR134"},
    ),
    (
        "JW307 TR134 einddatum",
        "JW307",
        [text("Client/StopProducten/StopProduct[1]/Einddatum", "2026-07-21")],
        {"TR134"},
    ),
    ("JW315 TR134 birth", "JW315", [text(BIRTH, "2026-04-02")], {"TR134"}),
    ("JW301 TR101 relatie", "JW301", [text("Client/Relaties/Relatie[2]/Nummer", "1")], {"TR101"}),
    (
        "JW301 TR101 contact",
        "JW301",
        [
            text("Client/Contactgegevens/Contact[2]/Soort", "03"),
            lambda r: remove(r, "Client/Contactgegevens/Contact[2]/Periode"),
        ],
        {"TR101"},
    ),
    (
        "JW301 TR101 toegewezen product",
        "JW301",
        [text("Client/ToegewezenProducten/ToegewezenProduct[2]/ToewijzingNummer", "300201")],
        {"TR101"},
    ),
    (
        "JW305 TR101 start",
        "JW305",
        [lambda r: duplicate(r, "Client/StartProducten/StartProduct[1]")],
        {"TR101"},
    ),
    (
        "JW305 TR101 same product other date",
        "JW305",
        [
            lambda r: duplicate(r, "Client/StartProducten/StartProduct[1]"),
            text("Client/StartProducten/StartProduct[2]/Begindatum", "2026-04-04"),
        ],
        set(),
    ),
    ("JW307 TR101 stop", "JW307", [lambda r: duplicate(r, "Client/StopProducten/StopProduct[2]")], {"TR101"}),
]


@pytest.mark.parametrize(("code", "edits", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_generic_rule(code: str, edits: list[Edit], expected: set[str]) -> None:
    root = base(code)
    for edit in edits:
        edit(root)
    assert rule_codes(root) == expected


def new_codes(code: str, edits: list[Edit]) -> set[str]:
    """Codes a mutation adds to the (repaired) example; for messages whose example already fails
    another engineer's rule (JW317: CS003) or where another rule must fire with ours (JW315: TR383)."""
    before = rule_codes(base(code))
    root = base(code)
    for edit in edits:
        edit(root)
    return rule_codes(root) - before


def test_jw317_tr101_on_each_product_class() -> None:
    verzoek = "Client/Verzoek"
    assert new_codes(
        "JW317", [lambda r: duplicate(r, verzoek + "/OngewijzigdeProducten/OngewijzigdProduct")]
    ) == {"TR101"}
    assert new_codes("JW317", [lambda r: duplicate(r, verzoek + "/NieuweProducten/NieuwProduct")]) == {
        "TR101"
    }
    assert (
        new_codes(
            "JW317",
            [
                lambda r: duplicate(r, verzoek + "/NieuweProducten/NieuwProduct"),
                text(verzoek + "/NieuweProducten/NieuwProduct[2]/Product/Code", "45A04"),
            ],
        )
        == set()
    )


def test_jw317_cs002() -> None:
    assert new_codes("JW317", [text("Client/Bsn", "999900007")]) == {"CS002"}


def test_jw315_tr101_on_aangevraagd_product() -> None:
    product = "Client/AangevraagdeProducten/AangevraagdProduct"
    found = new_codes("JW315", [text(product + "[2]/ReferentieAanbieder", "40A12341234")])
    # TR383 (ReferentieAanbieder unique, another engineer's rule) necessarily fires with it.
    assert found - {"TR383"} == {"TR101"}


def test_jw319_has_no_generic_rules_to_break() -> None:
    assert "JW319" not in key_specs()
    assert rule_codes(base("JW319")) == set()


def test_cs002_message_names_the_value_masked() -> None:
    root = base("JW305")
    set_text(root, "Client/Bsn", "111111111")
    (found,) = validate(root)
    assert (found.rule, found.retourcode, found.xpath) == ("CS002", "0001", "/Bericht/Client/Bsn")
    # The finding is stored and shown: only the last two digits of the BSN, never the clear value.
    assert "'*******11'" in found.message
    assert "111111111" not in found.message


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        ("999900006", True),
        ("123456782", True),
        ("123456789", False),
        ("12345678", False),
        ("12345678a", False),
    ],
)
def test_elfproef(bsn: str, valid: bool) -> None:
    assert passes_elfproef(bsn) is valid


def test_locator_matches_numbering_of_siblings() -> None:
    root = load_example("JW323")
    prestaties = root.findall(".//{*}Prestatie")
    locator = Locator()
    assert locator.xpath(prestaties[4]) == "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]"
    declaratie = root.find(".//{*}Declaratie")
    assert declaratie is not None
    assert locator.xpath(declaratie) == "/Bericht/Declaratie"


def test_helpers() -> None:
    from datetime import date

    assert minus_months(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert minus_months(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert nl_euro(123456) == "€ 1.234,56"
    assert nl_euro(-5) == "-€ 0,05"
