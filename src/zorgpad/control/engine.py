"""Run the registered rules over the store and collect every finding into one table.

Every rule judges every object it applies to; all findings are kept (pandera's lazy validation), one
row per object x rule. The run has two phases so that history rules stay pure and deterministic:
phase-1 rules look only at a line and its allocation; phase-2 rules (debet/credit history, cumulative
volume and budget) may also read which earlier lines phase 1 rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import REGISTRY, Rule, RuleSet
from zorgpad.control.rules import load_builtin_rules
from zorgpad.control.rules._common import KEY_COLUMNS
from zorgpad.control.template import render_expr

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from zorgpad.control.context import RuleInput

FINDING_COLUMNS = (
    "rule",
    "retourcode",
    "severity",
    "object",
    *KEY_COLUMNS,
    "facts",
    "explanation",
)


@dataclass(frozen=True)
class RunPlan:
    """Which rules run, and which are skipped with the Dutch reason why."""

    rules: tuple[Rule, ...]
    skipped: tuple[tuple[Rule, str], ...]


def builtin_rules() -> RuleSet:
    load_builtin_rules()
    return REGISTRY


def plan(ri: RuleInput, rules: RuleSet | None = None) -> RunPlan:
    selected = rules if rules is not None else builtin_rules()
    run: list[Rule] = []
    skipped: list[tuple[Rule, str]] = []
    for rule in selected:
        if rule.needs_policy and ri.policy is None:
            skipped.append((rule, "geen catalogus opgegeven"))
            continue
        missing = [name for name in rule.needs if not ri.has_rows(name)]
        if missing:
            skipped.append((rule, f"geen gegevens in {', '.join(missing)}"))
            continue
        run.append(rule)
    return RunPlan(tuple(run), tuple(skipped))


def evaluate(rule: Rule, ri: RuleInput) -> ir.Table:
    """The rule's raw result: keys, facts and `hit` for every object it judged (for traces)."""
    return rule.function(ri)


def rule_findings(rule: Rule, ri: RuleInput) -> ir.Table:
    """The rule's findings in the common shape: only the objects where it is broken."""
    raw = evaluate(rule, ri)
    hits = raw.filter(raw.hit.fill_null(False))
    names = [fact.name for fact in rule.facts]
    facts = ibis.map(
        ibis.array([ibis.literal(name) for name in names]),
        ibis.array([hits[name].cast("string") for name in names]),
    )
    return hits.select(
        rule=ibis.literal(rule.code),
        retourcode=ibis.literal(rule.retourcode, type="string"),
        severity=ibis.literal(rule.severity),
        object=ibis.literal(rule.object),
        **{name: hits[name] for name in KEY_COLUMNS},
        facts=facts,
        explanation=render_expr(rule.explain_nl, {n: hits[n] for n in names}, rule.facts),
    )


def _union(parts: list[ir.Table]) -> ir.Table | None:
    if not parts:
        return None
    result = parts[0]
    for part in parts[1:]:
        result = result.union(part, distinct=False)
    return result


def run_findings(ri: RuleInput, run_plan: RunPlan) -> pa.Table:
    """Every finding of every planned rule, as one Arrow table (FINDING_COLUMNS)."""
    first = [rule_findings(r, ri) for r in run_plan.rules if r.phase == 1]
    phase1 = _union(first)
    if phase1 is not None and ri.materialise:
        phase1 = ri.materialised(phase1)
    ri.rejected = _rejected_lines(phase1, {r.code for r in run_plan.rules if r.rejects})
    second = [rule_findings(r, ri) for r in run_plan.rules if r.phase == 2]
    everything = _union([*([phase1] if phase1 is not None else []), *second])
    if everything is None:
        return empty_findings()
    ordered = everything.order_by(["message_id", "position", "rule", "aanbieder", "toewijzing_nummer"])
    return ordered.to_pyarrow()


def _rejected_lines(phase1: ir.Table | None, rejecting: set[str]) -> ir.Table:
    if phase1 is None or not rejecting:
        return ibis.memtable(
            {"message_id": [], "position": []}, schema={"message_id": "string", "position": "int64"}
        )
    found = phase1.filter((phase1.object == "prestatie") & phase1.rule.isin(sorted(rejecting)))
    return found.select("message_id", "position").distinct()


def empty_findings() -> pa.Table:
    import pyarrow as pa

    return pa.table(
        {
            "rule": pa.array([], pa.string()),
            "retourcode": pa.array([], pa.string()),
            "severity": pa.array([], pa.string()),
            "object": pa.array([], pa.string()),
            "message_id": pa.array([], pa.string()),
            "position": pa.array([], pa.int64()),
            "referentie_nummer": pa.array([], pa.string()),
            "toewijzing_nummer": pa.array([], pa.int64()),
            "client_key": pa.array([], pa.string()),
            "aanbieder": pa.array([], pa.string()),
            "gemeente": pa.array([], pa.string()),
            "bedrag": pa.array([], pa.int64()),
            "facts": pa.array([], pa.map_(pa.string(), pa.string())),
            "explanation": pa.array([], pa.string()),
        }
    )
