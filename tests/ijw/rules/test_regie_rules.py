"""Start and stop rules (JW305, JW307): CS058 StatusAanlevering and TR018 Einddatum >= Begindatum."""

from __future__ import annotations

import pytest

from .mutate import load_example, rule_codes, set_text, validate

START = "Client/StartProducten/StartProduct"
STOP = "Client/StopProducten/StopProduct"


@pytest.mark.parametrize(
    ("code", "path", "status", "expected"),
    [
        ("JW305", START + "[1]/StatusAanlevering", "2", {"CS058"}),
        ("JW305", START + "[2]/StatusAanlevering", "3", set()),
        ("JW307", STOP + "[2]/StatusAanlevering", "2", {"CS058"}),
        ("JW307", STOP + "[1]/StatusAanlevering", "3", set()),
    ],
)
def test_cs058_status(code: str, path: str, status: str, expected: set[str]) -> None:
    root = load_example(code)
    set_text(root, path, status)
    assert rule_codes(root) == expected


@pytest.mark.parametrize(("end", "expected"), [("2026-04-02", {"TR018"}), ("2026-04-03", set())])
def test_tr018_stop_not_before_start(end: str, expected: set[str]) -> None:
    root = load_example("JW307")
    set_text(root, STOP + "[1]/Einddatum", end)
    assert rule_codes(root) == expected


def test_tr018_finding_points_at_einddatum_and_names_dates() -> None:
    root = load_example("JW307")
    set_text(root, STOP + "[2]/Einddatum", "2026-04-14")
    (found,) = validate(root)
    assert (found.rule, found.retourcode) == ("TR018", "0001")
    assert found.xpath == "/Bericht/Client/StopProducten/StopProduct[2]/Einddatum"
    assert "14-04-2026" in found.message and "15-04-2026" in found.message
