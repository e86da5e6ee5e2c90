"""Every iJw 3.2 rule of levels 2-4 is implemented, kept as a guard, explained or declared open, and
docs/ijw-coverage.md is the table generated from the rule export and the registries."""

from __future__ import annotations

from pathlib import Path

from zorgpad.app.ijw_coverage import GUARDS, NOT_APPLICABLE, OPEN, coverage, export_rules, render_markdown
from zorgpad.control.engine import builtin_rules
from zorgpad.ijw.rules import all_rules

DOC = Path(__file__).resolve().parents[1] / "docs" / "ijw-coverage.md"


def test_every_rule_of_levels_2_to_4_is_implemented_or_explained() -> None:
    rows = coverage()
    assert len(rows) == len(export_rules()) == 118
    unexplained = [row.code for row in rows if not row.status or not row.where]
    assert unexplained == []


def test_no_rule_is_both_implemented_and_listed_as_open_or_not_applicable() -> None:
    implemented = {rule.code for rule in all_rules()} | {rule.code for rule in builtin_rules()}
    assert implemented & set(OPEN) == set()
    assert implemented & set(NOT_APPLICABLE) == set()
    assert set(GUARDS) & set(OPEN) == set()


def test_every_level_2_rule_is_implemented() -> None:
    level2 = [row for row in coverage() if row.level == "2"]
    assert level2 and all(row.status == "geïmplementeerd" for row in level2)


def test_the_declared_lists_name_only_rules_of_the_export() -> None:
    codes = {row["Regelcode"] for row in export_rules()}
    assert set(GUARDS) | set(NOT_APPLICABLE) | set(OPEN) <= codes


def test_the_coverage_page_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(coverage()), (
        "docs/ijw-coverage.md is verouderd: python -m zorgpad.app.ijw_coverage > docs/ijw-coverage.md"
    )
