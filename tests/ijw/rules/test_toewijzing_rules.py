"""JW301 ToegewezenProduct rules: each mutation breaks exactly one rule, or none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from .mutate_toewijzing import P1, P2, drop, jw301, omvang, product, put, rule_codes, set_text

Edit = Callable[[etree._Element], object]


def _second_in_other_category(root: etree._Element) -> None:
    # Keeps the second allocation out of the stacking comparison with the first one.
    product(root, P2, "45", "45A12")


def _p1_aspecific(root: etree._Element) -> None:
    _second_in_other_category(root)
    drop(root, f"{P1}/Product/Code")
    drop(root, f"{P1}/Omvang")


def _p1_generic_budget(root: etree._Element) -> None:
    drop(root, f"{P1}/Product")
    drop(root, f"{P1}/Omvang")
    put(root, P1, "Budget", "150000")
    set_text(root, f"{P2}/Ingangsdatum", "2026-07-15")


def _seq(*edits: Edit) -> Edit:
    def run(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    return run


CASES: list[tuple[str, Edit, set[str]]] = [
    ("example as sent", lambda r: None, set()),
    # CD041: a product code needs an Omvang.
    ("code without omvang", lambda r: drop(r, f"{P1}/Omvang"), {"CD041"}),
    ("no code, no omvang", _p1_aspecific, set()),
    # CD075: a Budget needs an Einddatum.
    (
        "budget without einddatum",
        _seq(_p1_aspecific, lambda r: put(r, P1, "Budget", "50000"), lambda r: drop(r, f"{P1}/Einddatum")),
        {"CD075"},
    ),
    ("budget with einddatum", _seq(_p1_aspecific, lambda r: put(r, P1, "Budget", "50000")), set()),
    # CD076: frequency per week needs an Einddatum.
    ("per week without einddatum", lambda r: drop(r, f"{P1}/Einddatum"), {"CD076"}),
    (
        "per month without einddatum",
        _seq(lambda r: drop(r, f"{P1}/Einddatum"), lambda r: set_text(r, f"{P1}/Omvang/Frequentie", "4")),
        set(),
    ),
    # CD077 and CD078 are each other's mirror: Budget next to Omvang always breaks both.
    ("budget next to omvang", lambda r: put(r, P1, "Budget", "50000"), {"CD077", "CD078"}),
    # CD079: without Budget a Product is required.
    (
        "no product, no budget",
        _seq(
            lambda r: drop(r, f"{P1}/Product"),
            lambda r: drop(r, f"{P1}/Omvang"),
            lambda r: set_text(r, f"{P2}/Ingangsdatum", "2026-07-15"),
        ),
        {"CD079"},
    ),
    ("generic budget", _p1_generic_budget, set()),
    # CD080: no Omvang without product code when the Einddatum is after 2020 or empty.
    (
        "omvang without code",
        _seq(_second_in_other_category, lambda r: drop(r, f"{P1}/Product/Code")),
        {"CD080"},
    ),
    (
        "omvang without code ending 2021-01-01",
        _seq(
            _second_in_other_category,
            lambda r: drop(r, f"{P1}/Product/Code"),
            lambda r: set_text(r, f"{P1}/Ingangsdatum", "2020-06-01"),
            lambda r: set_text(r, f"{P1}/Einddatum", "2021-01-01"),
        ),
        {"CD080"},
    ),
    (
        "omvang without code ending 2020-12-31",
        _seq(
            _second_in_other_category,
            lambda r: drop(r, f"{P1}/Product/Code"),
            lambda r: set_text(r, f"{P1}/Ingangsdatum", "2020-06-01"),
            lambda r: set_text(r, f"{P1}/Einddatum", "2020-12-31"),
        ),
        set(),
    ),
    # CS003: Einddatum not before Ingangsdatum.
    ("einddatum before ingangsdatum", lambda r: set_text(r, f"{P1}/Einddatum", "2026-03-31"), {"CS003"}),
    ("einddatum on ingangsdatum", lambda r: set_text(r, f"{P1}/Einddatum", "2026-04-01"), set()),
    # CS335: reason 13 (deleted) only with Einddatum = Ingangsdatum.
    ("deleted with a period", lambda r: put(r, P1, "RedenWijziging", "13"), {"CS335"}),
    (
        "deleted on one day",
        _seq(
            lambda r: put(r, P1, "RedenWijziging", "13"),
            lambda r: set_text(r, f"{P1}/Einddatum", "2026-04-01"),
        ),
        set(),
    ),
    # CS336: reason 01 is withdrawn.
    ("reason 01", lambda r: put(r, P1, "RedenWijziging", "01"), {"CS336"}),
    ("reason 02", lambda r: put(r, P1, "RedenWijziging", "02"), set()),
    # CS338: units 14, 16, 83, 84 only per week, month or total.
    (
        "etmaal per day",
        _seq(lambda r: omvang(r, P1, "1", "14", "1")),
        {"CS338"},
    ),
    ("hour per day", lambda r: omvang(r, P1, "1", "04", "1"), set()),
    (
        "etmaal per day ending in 2020",
        _seq(
            lambda r: omvang(r, P1, "1", "14", "1"),
            lambda r: set_text(r, f"{P1}/Ingangsdatum", "2020-06-01"),
            lambda r: set_text(r, f"{P1}/Einddatum", "2020-12-31"),
        ),
        set(),
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES], ids=[c[0] for c in CASES])
def test_jw301_product_rules(edit: Edit, expected: set[str]) -> None:
    root = jw301()
    edit(root)
    assert rule_codes(root) == expected
