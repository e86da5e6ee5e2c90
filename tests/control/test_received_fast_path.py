"""The rules on received starts, stops and requests read their rows through `RuleInput.received`, whose
fast path drops the rows of invalid messages instead of joining every valid one, and TR019 reads the
allocation keys of every version instead of the current ones. On every scenario with such messages the
findings equal those of the plain path, invalid messages included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from control.test_scenarios import _build, _policy
from zorgpad.control.run import check

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
RECEIVED = ("starts", "stops", "aanvragen", "verzoeken", "antwoorden")


def _cases() -> list[Any]:
    params = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["gevallen"]:
            if any(case["gegeven"].get(kind) for kind in RECEIVED):
                params.append(pytest.param(document, case, id=f"{path.stem}: {case['naam']}"))
    return params


CASES = _cases()


def test_the_comparison_covers_the_cross_message_rules_and_an_invalid_message() -> None:
    rules = {document["regel"] for document, _ in (p.values for p in CASES)}
    assert {"TR019", "TR056", "TR063", "TR326", "TR349", "TR374", "TR382", "TR413"} <= rules
    assert any(
        row.get("geldig") is False
        for _, case in (p.values for p in CASES)
        for kind in RECEIVED
        for row in case["gegeven"].get(kind, [])
    )


@pytest.mark.slow  # two runs of the whole rule set per case
@pytest.mark.parametrize(("document", "case"), CASES)
def test_fast_path_finds_what_the_plain_path_finds(document: dict[str, Any], case: dict[str, Any]) -> None:
    policy = _policy(document, case)
    fast = check(*_build(case["gegeven"]).build(), policy).findings
    plain = check(*_build(case["gegeven"]).build(), policy, plain=True).findings
    assert sorted(map(repr, fast.to_pylist())) == sorted(map(repr, plain.to_pylist()))
