"""JW319 (antwoordbericht) rules: each mutation breaks exactly one rule, or none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.ijw.validate import validate_path

from .mutate_toewijzing import drop, jw319, rule_codes, set_text

Edit = Callable[[etree._Element], object]
ANTWOORD = "Antwoord"


def _seq(*edits: Edit) -> Edit:
    def run(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    return run


def _no_reason(root: etree._Element) -> None:
    drop(root, f"{ANTWOORD}/RedenAfwijzingVerzoek")
    drop(root, f"{ANTWOORD}/Woonplaatsbeginsel")


CASES: list[tuple[str, Edit, set[str]]] = [
    # CD085: a rejection has a reason.
    ("rejected without reason", _no_reason, {"CD085"}),
    # CD086: a request under investigation has no reason.
    ("in investigation with a reason", lambda r: set_text(r, f"{ANTWOORD}/VerzoekAntwoord", "2"), {"CD086"}),
    (
        "in investigation without reason",
        _seq(_no_reason, lambda r: set_text(r, f"{ANTWOORD}/VerzoekAntwoord", "2")),
        set(),
    ),
    # TR377: reason 8 comes with a Woonplaatsbeginsel.
    ("residence reason without municipality", lambda r: drop(r, f"{ANTWOORD}/Woonplaatsbeginsel"), {"TR377"}),
    # TR409: any other reason comes without one.
    (
        "other reason with municipality",
        lambda r: set_text(r, f"{ANTWOORD}/RedenAfwijzingVerzoek", "3"),
        {"TR409"},
    ),
    (
        "other reason without municipality",
        _seq(
            lambda r: set_text(r, f"{ANTWOORD}/RedenAfwijzingVerzoek", "3"),
            lambda r: drop(r, f"{ANTWOORD}/Woonplaatsbeginsel"),
        ),
        set(),
    ),
    # The standard checks TR409 on the reason: without a reason, a Woonplaatsbeginsel is not judged.
    (
        "in investigation with municipality, no reason",
        _seq(
            lambda r: set_text(r, f"{ANTWOORD}/VerzoekAntwoord", "2"),
            lambda r: drop(r, f"{ANTWOORD}/RedenAfwijzingVerzoek"),
        ),
        set(),
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES], ids=[c[0] for c in CASES])
def test_jw319_rules(edit: Edit, expected: set[str]) -> None:
    root = jw319()
    edit(root)
    assert rule_codes(root) == expected


def test_vendored_example_is_valid(examples_dir: Path) -> None:
    assert validate_path(examples_dir / "JW319.xml").findings == ()
