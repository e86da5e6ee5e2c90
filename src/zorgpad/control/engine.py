"""Run the registered rules over the store and collect every finding into one table.

Every rule judges every object it applies to; all findings are kept (pandera's lazy validation), one
row per object x rule. Rules on claim lines return a `LineCheck` (expressions over the judged lines),
so the engine judges all of them in ONE pass: every verdict a boolean column of one projection over
the judged-lines table, only the lines with at least one hit kept (a small table), then unpivoted into
findings. Rules on other objects (declarations, allocations, providers, requests) return tables.

Two phases keep history rules pure and deterministic: phase-1 rules look at a line, its allocation and
history facts that need no verdicts; phase-2 rules (cumulative volume and budget, an earlier granted
debet) also read which other lines phase 1 rejected. Those verdicts are needed only for the few lines
the history rules look at (`features.phase2_candidates`), so phase 1 is evaluated on those lines first,
on a restricted input, and the phase-2 columns are joined to the judged lines (`RuleInput.judged`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

import ibis
import ibis.expr.operations as ops

from zorgpad.control import features
from zorgpad.control.context import LINE_KEY
from zorgpad.control.registry import REGISTRY, LineCheck, Rule, RuleSet
from zorgpad.control.rules import load_builtin_rules
from zorgpad.control.rules._common import KEY_COLUMNS, line_result
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
# The key columns of a prestatie finding, read from the judged lines.
LINE_KEYS = {name: name for name in KEY_COLUMNS} | {"bedrag": "signed_bedrag"}


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


def _has_window(value: ir.Value) -> bool:
    return bool(value.op().find(ops.WindowFunction))


def prepare(ri: RuleInput, run_plan: RunPlan) -> None:
    """Phase 1 where phase 2 needs it: set `ri.judged` (and `ri.rejected`) for the phase-2 rules."""
    if ri.judged_table is not None or not any(r.phase == 2 for r in run_plan.rules):
        return
    rejecting = [r for r in run_plan.rules if r.phase == 1 and r.rejects and r.object == "prestatie"]
    candidates = features.phase2_candidates(ri)
    if ri.materialise and int(candidates.count().execute()) == 0:
        # No credit, no repeated debet, no allocation at risk: the phase-2 columns are empty.
        ri.rejected = candidates.select(*LINE_KEY)
        lines = ri.lines
        ri.use_judged(
            lines.mutate(
                cum_volume=ibis.null("int64"),
                cum_amount=ibis.null("int64"),
                p2_granted_debet=ibis.literal(False),
                p2_open_debet=ibis.null("string"),
            )
        )
        return
    keys = candidates.select(*LINE_KEY)
    sub = ri.restricted(keys)
    flags: list[ir.BooleanValue] = []
    full_flags: list[ir.BooleanValue] = []
    tables: list[ir.Table] = []
    for rule in rejecting:
        result = rule.function(sub)
        if isinstance(result, LineCheck) and not _has_window(result.hit):
            flags.append(result.hit.fill_null(False))
        else:
            # A window or a table must see every line: evaluate it on all lines, keep the candidates.
            whole = evaluate(rule, ri)
            tables.append(whole.filter(whole.hit.fill_null(False)).select(*LINE_KEY))
    for rule in rejecting:
        result = rule.function(ri)
        if isinstance(result, LineCheck):
            full_flags.append(result.hit.fill_null(False))
    lines = sub.lines
    cand = lines.mutate(rejected=_any(flags))
    if tables:
        found = reduce(lambda a, b: a.union(b), tables).distinct().mutate(_found=ibis.literal(True))
        cand = features._left(cand, found, LINE_KEY)
        cand = cand.mutate(rejected=cand.rejected | cand._found.fill_null(False)).drop("_found")
    cand = ri.materialised(features._left(cand, candidates, LINE_KEY))
    p2 = ri.materialised(features.phase2_columns(ri, cand))
    all_lines = ri.lines
    # For rules that return tables: every line phase 1 rejected (computed only when such a rule reads it).
    rejected = all_lines.filter(_any(full_flags)).select(*LINE_KEY)
    ri.rejected = reduce(lambda a, b: a.union(b), [rejected, *tables]).distinct()
    judged = features._left(all_lines, p2, LINE_KEY)
    # From here on the judged lines are the lines: every rule's expressions are over this one table.
    ri.use_judged(judged.mutate(p2_granted_debet=judged.p2_granted_debet.fill_null(False)))


def _any(flags: list[ir.BooleanValue]) -> ir.BooleanValue:
    return reduce(lambda a, b: a | b, flags) if flags else ibis.literal(False)


def evaluate(rule: Rule, ri: RuleInput) -> ir.Table:
    """The rule's raw result: keys, facts and `hit` for every object it judged (for traces)."""
    result = rule.function(ri)
    if isinstance(result, LineCheck):
        lines = ri.judged if rule.phase == 2 else ri.lines
        return line_result(lines, result.hit, **result.facts)
    return result


def rule_findings(rule: Rule, ri: RuleInput) -> ir.Table:
    """A table rule's findings in the common shape: only the objects where it is broken."""
    raw = evaluate(rule, ri)
    hits = raw.filter(raw.hit.fill_null(False))
    return _findings(
        rule, hits, {name: hits[name] for name in KEY_COLUMNS}, {f.name: hits[f.name] for f in rule.facts}
    )


def _findings(rule: Rule, table: ir.Table, keys: dict[str, ir.Value], facts: dict[str, ir.Value]) -> ir.Table:
    names = [fact.name for fact in rule.facts]
    fact_map = ibis.map(
        ibis.array([ibis.literal(name) for name in names]),
        ibis.array([facts[name].cast("string") for name in names]),
    )
    return table.select(
        rule=ibis.literal(rule.code),
        retourcode=ibis.literal(rule.retourcode, type="string"),
        severity=ibis.literal(rule.severity),
        object=ibis.literal(rule.object),
        **keys,
        facts=fact_map,
        explanation=render_expr(rule.explain_nl, facts, rule.facts),
    )


def _line_findings(ri: RuleInput, checks: list[tuple[Rule, LineCheck]]) -> list[ir.Table]:
    """All line rules in one pass: hits as boolean columns, only lines with a hit kept, then per rule."""
    if not checks:
        return []
    base = ri.judged if any(rule.phase == 2 for rule, _ in checks) else ri.lines
    staged: dict[str, ir.Value] = {}
    late: dict[str, ir.Value] = {}
    for index, (_rule, check) in enumerate(checks):
        staged[f"_hit{index}"] = check.hit.fill_null(False)
        for name, value in check.facts.items():
            # A fact computed by a window must be computed before the lines are filtered.
            (staged if _has_window(value) else late)[f"_f{index}_{name}"] = value
    stage = base.mutate(**staged)
    kept = stage.filter(_any([stage[f"_hit{i}"] for i in range(len(checks))]))
    hits = kept.select(
        **{name: stage[column] for name, column in LINE_KEYS.items()},
        **{name: stage[name] for name in staged},
        **late,
    )
    hit_columns = [f"_hit{i}" for i in range(len(checks))]
    if ri.materialise:
        hits = ri.materialised(hits)
        # Only rules that found something get a branch in the findings (a small query to compile).
        counts = hits.aggregate(**{c: hits[c].cast("int64").sum() for c in hit_columns}).to_pyarrow()
        found = {c for c in hit_columns if (counts[c][0].as_py() or 0) > 0}
    else:
        found = set(hit_columns)
    parts = []
    for index, (rule, check) in enumerate(checks):
        if f"_hit{index}" not in found:
            continue
        mine = hits.filter(hits[f"_hit{index}"])
        facts = {name: mine[f"_f{index}_{name}"] for name in check.facts}
        parts.append(_findings(rule, mine, {name: mine[name] for name in KEY_COLUMNS}, facts))
    return parts


def run_findings(ri: RuleInput, run_plan: RunPlan) -> pa.Table:
    """Every finding of every planned rule, as one Arrow table (FINDING_COLUMNS)."""
    prepare(ri, run_plan)
    checks: list[tuple[Rule, LineCheck]] = []
    parts: list[ir.Table] = []
    for rule in run_plan.rules:
        result = rule.function(ri)
        if isinstance(result, LineCheck):
            checks.append((rule, result))
        else:
            parts.append(rule_findings(rule, ri))
    everything = [*_line_findings(ri, checks), *parts]
    if not everything:
        return empty_findings()
    union = reduce(lambda a, b: a.union(b, distinct=False), everything)
    ordered = union.order_by(["message_id", "position", "rule", "aanbieder", "toewijzing_nummer"])
    return ordered.to_pyarrow()


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
