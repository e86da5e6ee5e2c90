"""The catalogue's triage tree is validated with Dutch, located errors (file:line and a stable code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgpad.catalog import parse_file, resolve

BASE = """
triage:
  source: test
  start: start
  questions:
    - {id: domein, text: Welk domein?, kind: domein}
    - {id: leefgebieden, text: Hoeveel leefgebieden?, kind: getal, min: 0, max: 5}
  nodes:
    - id: start
      question: domein
      branches:
        - {when: {values: [psychisch]}, why: psychisch, next: ernst}
        - when: {values: [gedrag, ontwikkeling, opvoeding, leren, veiligheid, zelfredzaamheid, vervoer]}
          why: rest
          outcome: gedrag
    - id: ernst
      question: leefgebieden
      branches:
        - {when: {max: 3}, why: weinig, outcome: licht}
        - {when: {min: 4}, why: veel, outcome: zwaar}
  outcomes:
    - {id: licht, domain: psychisch, complexity: laag, products: [54B01], expected_months: 3, max_months: 6}
    - {id: gedrag, domain: gedrag, complexity: laag, products: [45B21], expected_months: 3, max_months: 4}
    - {id: zwaar, domain: psychisch, complexity: hoog, products: [54B03], expected_months: 12, max_months: 18}
"""


def _catalog(tmp_path: Path, tree: str) -> Path:
    source, _ = resolve("centraal-gelderland@2026")
    text = source.read_text(encoding="utf-8")
    text = text[: text.index("\ntriage:")] + "\n" + tree
    path = tmp_path / "catalogus.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _codes(tmp_path: Path, tree: str) -> list[tuple[str, str]]:
    path = _catalog(tmp_path, tree)
    result = parse_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(i.code, lines[i.line - 1].strip()) for i in result.issues]


def test_base_tree_is_valid(tmp_path: Path) -> None:
    assert _codes(tmp_path, BASE) == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line_has"),
    [
        ("products: [54B01]", "products: [54B99]", "CAT-TRIAGE-PRODUCT", "54B99"),
        ("{max: 3}", "{max: 4}", "CAT-TRIAGE-OVERLAP", "min: 4"),
        ("{max: 3}", "{max: 2}", "CAT-TRIAGE-GAT", "branches:"),
        ("next: ernst}", "next: ernst2}", "CAT-TRIAGE-KNOOP", "ernst2"),
        ("outcome: zwaar}", "outcome: zwaar2}", "CAT-TRIAGE-UITKOMST", "zwaar2"),
        ("question: leefgebieden", "question: leeftijd", "CAT-TRIAGE-VRAAG", "leeftijd"),
        ("{min: 4}, why: veel", "{values: [ja]}, why: veel", "CAT-TRIAGE-VOORWAARDE", "values: [ja]"),
        (
            "expected_months: 12, max_months: 18",
            "expected_months: 12, max_months: 24",
            "CAT-TRIAGE-DUUR",
            "24",
        ),
        ("expected_months: 3, max_months: 6", "expected_months: 9, max_months: 6", "CAT-TRIAGE-DUUR", "9"),
        (
            "complexity: hoog, products: [54B03]",
            "complexity: midden, products: [54B03]",
            "CAT-TRIAGE-PASSEND",
            "54B03",
        ),
        ("max_months: 6}", "max_months: 6, lighter_alternatives: [54B02]}", "CAT-TRIAGE-PASSEND", "54B02"),
        ("next: ernst}", "outcome: licht, next: ernst}", "CAT-TRIAGE-TAK", "licht"),
        (
            "kind: getal, min: 0, max: 5}",
            "kind: getal, min: 0, max: 5}\n    - {id: domein, text: Nog eens?, kind: domein}",
            "CAT-TRIAGE-DUBBEL",
            "Nog eens?",
        ),
    ],
)
def test_tree_errors(tmp_path: Path, old: str, new: str, code: str, line_has: str) -> None:
    assert old in BASE
    found = _codes(tmp_path, BASE.replace(old, new, 1))
    assert code in [c for c, _ in found], found
    assert any(c == code and line_has in line for c, line in found), found


def test_unreachable_branch_and_node(tmp_path: Path) -> None:
    tree = BASE.replace(
        "        - {when: {min: 4}, why: veel, outcome: zwaar}",
        "        - {when: {min: 4}, why: veel, next: nogmaals}\n"
        "    - id: nogmaals\n"
        "      question: leefgebieden\n"
        "      branches:\n"
        "        - {when: {max: 3}, why: kan niet meer, outcome: licht}\n"
        "        - {when: {min: 4}, why: wel, outcome: zwaar}\n"
        "    - id: wees\n"
        "      question: domein\n"
        "      branches:\n"
        "        - {when: {values: [psychisch]}, why: nooit, outcome: zwaar}",
    )
    found = _codes(tmp_path, tree)
    unreachable = [line for code, line in found if code == "CAT-TRIAGE-ONBEREIKBAAR"]
    assert any("kan niet meer" in line for line in unreachable)
    assert any("wees" in line for line in unreachable)


def test_cycle(tmp_path: Path) -> None:
    tree = BASE.replace("{min: 4}, why: veel, outcome: zwaar}", "{min: 4}, why: veel, next: start}")
    assert "CAT-TRIAGE-CYCLUS" in [c for c, _ in _codes(tmp_path, tree)]


def test_outcome_reached_with_other_domain(tmp_path: Path) -> None:
    tree = BASE.replace("why: rest\n          outcome: gedrag", "why: rest\n          outcome: zwaar")
    assert "CAT-TRIAGE-PASSEND" in [c for c, _ in _codes(tmp_path, tree)]
