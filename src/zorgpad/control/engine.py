"""Run the registered rules over the store and collect every finding into one table.

Every rule judges every object it applies to; all findings are kept (pandera's lazy validation), one
row per object x rule. Rules on claim lines return a `LineCheck` (expressions over the judged lines),
so the engine judges all of them in ONE pass: every verdict a boolean column of one projection over
the judged-lines table, only the lines with at least one hit kept (a small table), then unpivoted into
findings. Rules on other objects (declarations, allocations, providers, requests) return tables.

Two phases keep history rules pure and deterministic: phase-1 rules look at a line, its allocation and
history facts that need no verdicts; phase-2 rules (cumulative volume and budget, an earlier granted
debet) also read which other lines phase 1 rejected. The one pass over all lines keeps the lines with a
phase-1 hit and the lines a phase-2 rule declares it must look at (`Rule.candidates`; every line for a
rule that declares none), with their phase-1 verdict; phase 2 then runs on that small stored table
alone. For traces (`prepare`) the phase-2 columns are joined to every line instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

import ibis
import ibis.expr.operations as ops

from zorgpad.control import features
from zorgpad.control.condition import where_true
from zorgpad.control.context import LINE_KEY
from zorgpad.control.registry import REGISTRY, LineCheck, Rule, RuleSet
from zorgpad.control.rules import load_builtin_rules
from zorgpad.control.rules._common import KEY_COLUMNS, line_result
from zorgpad.control.template import render_expr

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa

    from zorgpad.control.context import RuleInput
    from zorgpad.control.policy import PolicyTables

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


def with_region_severities(rules: RuleSet, policy: PolicyTables | None) -> RuleSet:
    """The rules with the severities the region's catalogue sets (ZP112 by its referral policy);
    the given set itself is left as it is."""
    if policy is None or policy.missing_referral != "afkeur" or "ZP112" not in rules:
        return rules
    configured = RuleSet()
    for rule in rules:
        configured.add(
            rule.configured(severity="afkeur", retourcode="9307") if rule.code == "ZP112" else rule
        )
    return configured


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
    # Only through values: the tables below them (every join of the judged lines) cannot hold a
    # window of this value, and walking them for every verdict and fact takes long.
    return bool(value.op().find(ops.WindowFunction, filter=ops.Value))


def _any(flags: list[ir.BooleanValue]) -> ir.BooleanValue:
    return reduce(lambda a, b: a | b, flags) if flags else ibis.literal(False)


def _candidates(lines: ir.Table, rules: list[Rule]) -> ir.BooleanValue:
    """The lines the phase-2 rules among `rules` must look at: the union of what each declares; a
    rule that declares nothing (a region's own, say) is given every line."""
    conditions = []
    for rule in rules:
        if rule.phase != 2:
            continue
        if rule.candidates is None:
            return ibis.literal(True)
        conditions.append(rule.candidates(lines))
    return _any(conditions)


def _rejects_line(rule: Rule) -> bool:
    return rule.phase == 1 and rule.rejects and rule.object == "prestatie"


def _with_table_rejections(ri: RuleInput, lines: ir.Table, rules: list[Rule]) -> ir.Table:
    """`p1_rejected` also true where a rejecting prestatie rule that returns a table found the line."""
    tables = []
    for rule in rules:
        whole = evaluate(rule, ri)
        tables.append(whole.filter(whole.hit.fill_null(False)).select(*LINE_KEY))
    if not tables:
        return lines
    found = reduce(lambda a, b: a.union(b), tables).distinct().mutate(_found=ibis.literal(True))
    marked = features._left(lines, found, LINE_KEY)
    return marked.mutate(p1_rejected=marked.p1_rejected | marked._found.fill_null(False)).drop("_found")


def _phase1(ri: RuleInput, rules: list[Rule]) -> tuple[dict[str, ir.Value], list[Rule]]:
    """The phase-1 verdict `p1_rejected` of every line as an expression over `ri.lines`, and the
    rejecting rules that return tables (joined to the lines by `_with_table_rejections`)."""
    flags: list[ir.BooleanValue] = []
    tables: list[Rule] = []
    for rule in rules:
        result = rule.function(ri)
        if isinstance(result, LineCheck):
            flags.append(result.hit.fill_null(False))
        else:
            tables.append(rule)
    return {"p1_rejected": _any(flags)}, tables


def _use_phase2(ri: RuleInput, lines: ir.Table, rules: list[Rule], *, stored: bool) -> None:
    """Judge the candidate lines of the phase-2 `rules` among `lines` (which carry `p1_rejected`) and
    make `lines` plus the phase-2 columns the judged lines. Phase 2 reads the candidates several times:
    unless `lines` is a stored table, they are stored first."""
    candidates = lines.filter(_candidates(lines, rules))
    if not stored:
        candidates = ri.materialised(candidates)
    p2 = ri.materialised(features.phase2_columns(ri, candidates))
    judged = features._left(lines, p2, LINE_KEY)
    judged = judged.mutate(p2_granted_debet=judged.p2_granted_debet.fill_null(False))
    # Every line's totals where every line is judged (traces); else only where a running total is kept.
    ri.use_judged(ri.with_totals(judged, every_line=not stored))


def prepare(ri: RuleInput, run_plan: RunPlan) -> None:
    """Phase 1 where phase 2 needs it: make `ri.judged` every line with its phase-2 columns (for
    traces and rules that return tables; `run_findings` judges only the lines that matter)."""
    if ri.judged_table is not None or not any(r.phase == 2 for r in run_plan.rules):
        return
    columns, tables = _phase1(ri, [r for r in run_plan.rules if _rejects_line(r)])
    marked = _with_table_rejections(ri, ri.lines.mutate(**columns), tables)
    _use_phase2(ri, marked, list(run_plan.rules), stored=False)


def evaluate(rule: Rule, ri: RuleInput) -> ir.Table:
    """The rule's raw result: keys, facts and `hit` for every object it judged (for traces)."""
    result = rule.function(ri)
    if isinstance(result, LineCheck):
        lines = ri.judged if rule.phase == 2 else ri.lines
        return line_result(lines, result.hit, **result.facts)
    return result


def rule_findings(rule: Rule, ri: RuleInput, raw: ir.Table | None = None) -> ir.Table:
    """A table rule's findings in the common shape: only the objects where it is broken. `raw`: the
    rule's result when already built (building a rule's expressions is a good part of a run's time)."""
    raw = evaluate(rule, ri) if raw is None else raw
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


def _line_findings(
    ri: RuleInput,
    first: list[tuple[Rule, LineCheck]],
    second: list[Rule],
    table_rejecting: list[Rule],
    meanwhile: Callable[[], None] = lambda: None,
) -> tuple[list[ir.Table], list[Rule]]:
    """All prestatie rules over the lines in one pass.

    Phase 1 (`first`): every verdict a boolean column of one projection over all lines; kept are only
    the lines with a hit or that a phase-2 rule must look at (a small table), with every column.
    Phase 2 (`second`) then runs on those kept lines alone, after `_use_phase2` added its columns, and
    every rule's facts are read from the kept lines. Returns the findings and the phase-2 rules that
    return tables (they read every judged line; `run_findings` judges them apart).
    `meanwhile` is called once the database has the lines to judge and before their results are read:
    Python work that can run while it judges."""
    if not first and not second:
        meanwhile()
        return [], []
    lines = ri.lines
    # Windows must see every line: verdicts and facts with one are computed before the lines are
    # filtered, and kept as columns. Every other verdict is computed over the kept lines only; which
    # lines to keep is decided with the verdicts in their cheaper WHERE form (`where_true`).
    every: dict[str, ir.Value] = {}
    kept_only: dict[str, ir.Value] = {}
    for index, (_rule, check) in enumerate(first):
        hit = check.hit.fill_null(False)
        (every if _has_window(check.hit) else kept_only)[f"_hit{index}"] = hit
        for name, value in check.facts.items():
            if _has_window(value):
                every[f"_f{index}_{name}"] = value
    stage = lines.mutate(**every) if every else lines
    keep = _any(
        [
            stage[f"_hit{index}"] if f"_hit{index}" in every else where_true(check.hit)
            for index, (_rule, check) in enumerate(first)
        ]
    )
    if second:
        keep = keep | _candidates(stage, second)
    narrowed = stage.filter(keep)
    narrowed = narrowed.mutate(**kept_only) if kept_only else narrowed
    rejecting = [f"_hit{index}" for index, (rule, _) in enumerate(first) if _rejects_line(rule)]
    narrowed = narrowed.mutate(p1_rejected=_any([narrowed[name] for name in rejecting]))
    kept = ri.materialised(_with_table_rejections(ri, narrowed, table_rejecting))
    if second:
        _use_phase2(ri, kept, second, stored=True)
    else:
        ri.use_judged(kept)
    judged = ri.judged
    verdicts: dict[str, ir.Value] = {}
    facts: list[tuple[Rule, dict[str, ir.Value]]] = []
    for index, (rule, _) in enumerate(first):
        again = rule.function(ri)  # the same rule over the kept lines, for its facts
        assert isinstance(again, LineCheck)
        verdicts[f"_hit{index}"] = judged[f"_hit{index}"]
        facts.append(
            (
                rule,
                {
                    n: judged[f"_f{index}_{n}"] if f"_f{index}_{n}" in judged.columns else v
                    for n, v in again.facts.items()
                },
            )
        )
    later: list[Rule] = []
    for rule in second:
        check = rule.function(ri)
        if not isinstance(check, LineCheck):
            later.append(rule)
            continue
        verdicts[f"_hit{len(facts)}"] = check.hit.fill_null(False)
        facts.append((rule, dict(check.facts)))
    # Candidates without a finding drop out before the facts are computed.
    found = judged.filter(_any(list(verdicts.values())))
    hits = ri.materialised(
        found.select(
            **{name: judged[column] for name, column in LINE_KEYS.items()},
            **verdicts,
            **{f"_v{i}_{n}": value for i, (_, named) in enumerate(facts) for n, value in named.items()},
        )
    )
    meanwhile()
    counts = ri.read(hits.aggregate(**{c: hits[c].cast("int64").sum() for c in verdicts}))
    parts = []
    for index, (rule, named) in enumerate(facts):
        if not (counts[f"_hit{index}"][0].as_py() or 0):
            continue  # only rules that found something get a branch in the findings
        mine = hits.filter(hits[f"_hit{index}"])
        parts.append(
            _findings(
                rule,
                mine,
                {name: mine[name] for name in KEY_COLUMNS},
                {n: mine[f"_v{index}_{n}"] for n in named},
            )
        )
    return parts, later


def run_findings(ri: RuleInput, run_plan: RunPlan) -> pa.Table:
    """Every finding of every planned rule, as one Arrow table (FINDING_COLUMNS)."""
    first: list[tuple[Rule, LineCheck]] = []
    second: list[Rule] = []
    tables: list[tuple[Rule, ir.Table]] = []
    for rule in run_plan.rules:
        if rule.phase == 2:
            second.append(rule)
            continue
        result = rule.function(ri)
        if isinstance(result, LineCheck):
            first.append((rule, result))
        else:
            tables.append((rule, result))
    # Rules that return tables read every line: their expressions are built before the lines narrow.
    table_parts = [rule_findings(rule, ri, raw) for rule, raw in tables]
    rejecting = [rule for rule, _ in tables if _rejects_line(rule)]
    parts: list[ir.Table] = []

    def store_table_findings() -> None:
        # Compiled while the database judges the lines, and stored after them.
        if table_parts:
            parts.append(ri.materialised(reduce(lambda a, b: a.union(b, distinct=False), table_parts)))

    line_parts, later = _line_findings(ri, first, second, rejecting, store_table_findings)
    if later:
        ri.reset_lines()
        prepare(ri, run_plan)
        parts += [rule_findings(rule, ri) for rule in later]
    everything = [*line_parts, *parts]
    if not everything:
        return empty_findings()
    union = reduce(lambda a, b: a.union(b, distinct=False), everything)
    ordered = union.order_by(["message_id", "position", "rule", "aanbieder", "toewijzing_nummer"])
    return ri.read(ordered)


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
