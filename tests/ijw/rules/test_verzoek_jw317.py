"""JW317 (verzoek om wijziging) rules: each mutation breaks exactly one rule, or none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.ijw.validate import validate_path

from .mutate_toewijzing import NIEUW, drop, jw317, omvang, product, put, rule_codes, set_text

Edit = Callable[[etree._Element], object]
VERZOEK = "Client/Verzoek"
WIJZIG = "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[1]"


def _seq(*edits: Edit) -> Edit:
    def run(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    return run


def _with_change(root: etree._Element) -> None:
    """Add a TeWijzigenProduct for allocation 10072 that shortens it to the end of June 2026."""
    put(root, VERZOEK, "TeWijzigenProducten")
    changes = next(c for c in root.iter() if etree.QName(c).localname == "TeWijzigenProducten")
    changes.append(etree.Element(f"{{{etree.QName(root).namespace}}}TeWijzigenProduct"))
    put(root, WIJZIG, "ToewijzingNummer", "10072")
    put(root, WIJZIG, "GewensteIngangsdatum", "2026-02-01")
    put(root, WIJZIG, "Einddatum", "2026-06-30")
    omvang(root, WIJZIG, "3", "04", "4")


def _second_new_product(start: str, code: str) -> Edit:
    def run(root: etree._Element) -> None:
        products = next(c for c in root.iter() if etree.QName(c).localname == "NieuweProducten")
        products.append(etree.Element(f"{{{etree.QName(root).namespace}}}NieuwProduct"))
        second = "Client/Verzoek/NieuweProducten/NieuwProduct[2]"
        product(root, second, "45", code)
        put(root, second, "GewensteIngangsdatum", start)
        put(root, second, "Einddatum", "2027-06-30")
        omvang(root, second, "2", "04", "4")

    return run


CASES: list[tuple[str, Edit, set[str]]] = [
    ("example with its end date repaired", lambda r: None, set()),
    (
        "new product ends before it starts",
        lambda r: set_text(r, f"{NIEUW}/Einddatum", "2026-10-31"),
        {"CS003"},
    ),
    ("new product with code, no omvang", lambda r: drop(r, f"{NIEUW}/Omvang"), {"CD041"}),
    (
        "new product budget without end",
        _seq(
            lambda r: drop(r, f"{NIEUW}/Product/Code"),
            lambda r: drop(r, f"{NIEUW}/Omvang"),
            lambda r: put(r, NIEUW, "Budget", "80000"),
            lambda r: drop(r, f"{NIEUW}/Einddatum"),
        ),
        {"CD075"},
    ),
    (
        "new product per week without end",
        _seq(
            lambda r: set_text(r, f"{NIEUW}/Omvang/Frequentie", "2"), lambda r: drop(r, f"{NIEUW}/Einddatum")
        ),
        {"CD076"},
    ),
    ("new product budget next to omvang", lambda r: put(r, NIEUW, "Budget", "80000"), {"CD077", "CD078"}),
    (
        "new product without product or budget",
        _seq(lambda r: drop(r, f"{NIEUW}/Product"), lambda r: drop(r, f"{NIEUW}/Omvang")),
        {"CD079"},
    ),
    ("new product omvang without code", lambda r: drop(r, f"{NIEUW}/Product/Code"), {"CD096"}),
    ("new product etmaal per day", lambda r: omvang(r, NIEUW, "1", "14", "1"), {"CS338"}),
    # TR380: GewensteIngangsdatum after the Dagtekening (2026-01-02).
    (
        "new product from the dagtekening",
        lambda r: set_text(r, f"{NIEUW}/GewensteIngangsdatum", "2026-01-02"),
        {"TR380"},
    ),
    (
        "new product from the next day",
        lambda r: set_text(r, f"{NIEUW}/GewensteIngangsdatum", "2026-01-03"),
        set(),
    ),
    # TR352 / TR353: what the request must contain.
    ("no existing product named", lambda r: drop(r, f"{VERZOEK}/OngewijzigdeProducten"), {"TR352"}),
    (
        "a change instead of an unchanged product",
        _seq(_with_change, lambda r: drop(r, f"{VERZOEK}/OngewijzigdeProducten")),
        set(),
    ),
    ("nothing asked", lambda r: drop(r, f"{VERZOEK}/NieuweProducten"), {"TR353"}),
    # The TeWijzigenProduct.
    (
        "change ends before it starts",
        _seq(_with_change, lambda r: set_text(r, f"{WIJZIG}/Einddatum", "2026-01-31")),
        {"CS003"},
    ),
    (
        "change with budget next to omvang",
        _seq(_with_change, lambda r: put(r, WIJZIG, "Budget", "1000")),
        {"CD077", "CD078"},
    ),
    (
        "change budget without end",
        _seq(
            _with_change,
            lambda r: drop(r, f"{WIJZIG}/Omvang"),
            lambda r: put(r, WIJZIG, "Budget", "1000"),
            lambda r: drop(r, f"{WIJZIG}/Einddatum"),
        ),
        {"CD075"},
    ),
    (
        "change per week without end",
        _seq(
            _with_change,
            lambda r: set_text(r, f"{WIJZIG}/Omvang/Frequentie", "2"),
            lambda r: drop(r, f"{WIJZIG}/Einddatum"),
        ),
        {"CD076"},
    ),
    (
        "change in dagdelen per day",
        _seq(_with_change, lambda r: omvang(r, WIJZIG, "1", "16", "1")),
        {"CS338"},
    ),
    # TR410: no stacking among the new products.
    ("two overlapping new products", _second_new_product("2026-12-01", "45A03"), {"TR410"}),
    ("same category, other code", _second_new_product("2026-12-01", "45A04"), set()),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES], ids=[c[0] for c in CASES])
def test_jw317_rules(edit: Edit, expected: set[str]) -> None:
    root = jw317()
    edit(root)
    assert rule_codes(root) == expected


def test_vendored_example_gets_exactly_cs003(examples_dir: Path) -> None:
    result = validate_path(examples_dir / "JW317.xml")
    assert [(f.rule, f.xpath) for f in result.findings] == [
        ("CS003", "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum")
    ]
    assert "2024-02-28" in result.findings[0].message
    assert "2026-11-01" in result.findings[0].message
