"""JW315 (verzoek om toewijzing) rules: each mutation breaks exactly one rule, or none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.ijw.validate import validate_path

from .mutate_toewijzing import A1, A2, drop, jw315, omvang, product, put, rule_codes, set_text

Edit = Callable[[etree._Element], object]


def _seq(*edits: Edit) -> Edit:
    def run(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    return run


def _a2_other_category(root: etree._Element) -> None:
    product(root, A2, "45", "45A12")


def _a1_aspecific_budget(root: etree._Element) -> None:
    _a2_other_category(root)
    drop(root, f"{A1}/Product/Code")
    drop(root, f"{A1}/Omvang")
    put(root, A1, "Budget", "250000")


CASES: list[tuple[str, Edit, set[str]]] = [
    ("example with its date repaired", lambda r: None, set()),
    ("code without omvang", lambda r: drop(r, f"{A1}/Omvang"), {"CD041"}),
    # CD043: BeschikkingIngangsdatum if and only if BeschikkingNummer.
    ("decision number without date", lambda r: drop(r, f"{A1}/BeschikkingIngangsdatum"), {"CD043"}),
    ("decision date without number", lambda r: drop(r, f"{A1}/BeschikkingNummer"), {"CD043"}),
    (
        "no decision at all",
        _seq(
            lambda r: drop(r, f"{A1}/BeschikkingNummer"), lambda r: drop(r, f"{A1}/BeschikkingIngangsdatum")
        ),
        set(),
    ),
    # CD066-CD068: the referrer.
    ("referrer with code and name", lambda r: put(r, f"{A2}/Verwijzer", "Naam", "Dr. Jansen"), {"CD066"}),
    ("referrer without code or name", lambda r: drop(r, f"{A2}/Verwijzer/ZorgverlenerCode"), {"CD067"}),
    (
        "referrer with name only",
        _seq(
            lambda r: drop(r, f"{A2}/Verwijzer/ZorgverlenerCode"),
            lambda r: put(r, f"{A2}/Verwijzer", "Naam", "Dr. Jansen"),
        ),
        set(),
    ),
    (
        "municipality referrer with a code",
        lambda r: put(r, f"{A1}/Verwijzer", "ZorgverlenerCode", "01234567"),
        {"CD068"},
    ),
    # CD075-CD079 on the requested product.
    (
        "budget without end",
        _seq(_a1_aspecific_budget, lambda r: drop(r, f"{A1}/ToewijzingEinddatum")),
        {"CD075"},
    ),
    ("budget with end", _a1_aspecific_budget, set()),
    (
        "per week without end",
        _seq(
            lambda r: set_text(r, f"{A1}/Omvang/Frequentie", "2"),
            lambda r: drop(r, f"{A1}/ToewijzingEinddatum"),
        ),
        {"CD076"},
    ),
    ("per month without end", lambda r: drop(r, f"{A1}/ToewijzingEinddatum"), set()),
    ("budget next to omvang", lambda r: put(r, A1, "Budget", "250000"), {"CD077", "CD078"}),
    (
        "no product, no budget",
        _seq(
            lambda r: drop(r, f"{A1}/Product"),
            lambda r: drop(r, f"{A1}/Omvang"),
            lambda r: set_text(r, f"{A1}/ToewijzingEinddatum", "2026-06-30"),
            lambda r: set_text(r, f"{A2}/ToewijzingIngangsdatum", "2026-07-01"),
        ),
        {"CD079"},
    ),
    # CD095: no Omvang without a product code.
    ("omvang without code", _seq(_a2_other_category, lambda r: drop(r, f"{A1}/Product/Code")), {"CD095"}),
    # CS003 and CS343.
    ("end before start", lambda r: set_text(r, f"{A1}/ToewijzingEinddatum", "2026-03-31"), {"CS003"}),
    ("dagdeel per day", lambda r: omvang(r, A1, "2", "16", "1"), {"CS343"}),
    ("hours per day", lambda r: omvang(r, A1, "2", "04", "1"), set()),
    # TR386: no stacking within the request.
    ("same code overlapping", lambda r: product(r, A2, "55", "55A11"), {"TR386"}),
    (
        "same code back to back",
        _seq(
            lambda r: product(r, A2, "55", "55A11"),
            lambda r: set_text(r, f"{A1}/ToewijzingEinddatum", "2026-06-30"),
            lambda r: set_text(r, f"{A2}/ToewijzingIngangsdatum", "2026-07-01"),
        ),
        set(),
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES], ids=[c[0] for c in CASES])
def test_jw315_rules(edit: Edit, expected: set[str]) -> None:
    root = jw315()
    edit(root)
    assert rule_codes(root) == expected


def test_duplicate_reference_breaks_tr383() -> None:
    # ReferentieAanbieder is also the TR101 key of AangevraagdProduct, so TR101 may come along.
    root = jw315()
    set_text(root, f"{A2}/ReferentieAanbieder", "40A12341234")
    assert rule_codes(root) - {"TR101"} == {"TR383"}


def test_vendored_example_fails_the_xsd_before_level_2(examples_dir: Path) -> None:
    result = validate_path(examples_dir / "JW315.xml")
    assert {f.rule for f in result.findings} == {"XSD"}
