"""A region's own phase-2 rule sees every line it should (issue 22, item 1: the phase-2 trap).

Phase 2 judges only candidate lines, for speed. The candidates are no longer a hard-coded column: each
built-in phase-2 rule declares its own (`candidates=`), the engine judges their union, and a rule that
declares none is given every line. Before, a region's phase-2 rule silently saw only the lines phase 1
rejected or that the built-in rules happened to need.
"""

from __future__ import annotations

from typing import Any

import ibis

from control.scenario_tables import TableBuilder
from zorgpad.control.engine import builtin_rules
from zorgpad.control.registry import Fact, LineCheck, RuleSet, control_rule
from zorgpad.control.rules._common import line_check
from zorgpad.control.run import check

ALLOCATION = {
    "nummer": 1001,
    "client": "A",
    "product": "45A48",
    "ingang": "2025-01-01",
    "eind": "2025-12-31",
    "volume": 10,
    "eenheid": "04",
    "frequentie": "4",
}


def _line(ref: str, period: str, volume: int) -> dict[str, Any]:
    return {
        "nummer": f"D{ref}",
        "periode": period,
        "prestaties": [
            {
                "ref": ref,
                "client": "A",
                "toewijzing": 1001,
                "product": "45A48",
                "volume": volume,
                "tarief": 7800,
            }
        ],
    }


def _tables() -> tuple[Any, dict[str, Any]]:
    builder = TableBuilder()
    builder.allocation(ALLOCATION)
    # Three ordinary debets no built-in phase-2 rule needs to look at, and one phase 1 rejects (TR321).
    for ref, period, volume in (("R1", "2025-02", 4), ("R2", "2025-03", 4), ("R3", "2025-04", 4)):
        builder.declaration(_line(ref, period, volume))
    builder.declaration(_line("R4", "2025-05", 11))
    return builder.build()


def _rules(**declared: Any) -> RuleSet:
    rules = builtin_rules().copy()

    @control_rule(
        code="RG901",
        retourcode=None,
        severity="signaal",
        title_nl="Toegekende debetprestatie (regioregel)",
        basis="regio",
        explain_nl="Prestatie {ref} is in fase 1 niet afgewezen.",
        comparison_nl="fase 1 wijst de prestatie niet af",
        facts=(Fact("ref", "tekst", "ReferentieNummer"),),
        phase=2,
        registry=rules,
        **declared,
    )
    def granted_debet(ri: Any) -> LineCheck:
        lines = ri.judged
        return line_check(~lines.p1_rejected & (lines.debet_credit == "D"), ref=lines.referentie_nummer)

    return rules


def _found(rules: RuleSet) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in check(*_tables(), rules=rules).findings.to_pylist():
        found.setdefault(row["referentie_nummer"], set()).add(row["rule"])
    return found


def test_a_region_phase2_rule_without_candidates_sees_every_line() -> None:
    found = _found(_rules())
    assert {ref for ref, rules in found.items() if "RG901" in rules} == {"R1", "R2", "R3"}
    assert found["R4"] == {"TR321"}  # phase 1 still decides what phase 2 reads


def test_declared_candidates_narrow_what_the_rule_sees() -> None:
    only_credits = _rules(candidates=lambda lines: lines.debet_credit == "C")
    assert not any("RG901" in rules for rules in _found(only_credits).values())
    some = _rules(candidates=lambda lines: lines.referentie_nummer == ibis.literal("R2"))
    assert {ref for ref, rules in _found(some).items() if "RG901" in rules} == {"R2"}


def test_built_in_phase2_rules_declare_their_candidates() -> None:
    phase2 = [rule for rule in builtin_rules() if rule.phase == 2]
    assert phase2 and all(rule.candidates is not None for rule in phase2)
