"""The trace of every rule for one declaration line: rule -> facts -> comparison -> result, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zorgpad.control.context import RuleInput
from zorgpad.control.engine import builtin_rules, evaluate, plan, prepare, with_region_severities
from zorgpad.control.policy import PolicyTables
from zorgpad.control.registry import Rule, RuleSet
from zorgpad.control.template import format_value, render_text
from zorgpad.errors import UserError, excerpt

RESULT_NL = {True: "NIET VOLDAAN", False: "voldaan", None: "niet van toepassing"}


@dataclass(frozen=True)
class Step:
    rule: Rule
    facts: list[tuple[str, str]]
    result: bool | None
    explanation: str | None
    skipped: str | None = None


@dataclass(frozen=True)
class Trace:
    line: dict[str, Any]
    steps: list[Step]


def _match(rule: Rule, raw: Any, line: dict[str, Any]) -> Any:
    if rule.object == "prestatie":
        return raw.filter((raw.message_id == line["message_id"]) & (raw.position == line["position"]))
    if rule.object == "declaratie":
        return raw.filter(raw.message_id == line["message_id"])
    if rule.object == "toewijzing":
        return raw.filter(
            (raw.gemeente == line["gemeente"])
            & (raw.aanbieder == line["aanbieder"])
            & (raw.toewijzing_nummer == line["toewijzing_nummer"])
        )
    return raw.filter(raw.aanbieder == line["aanbieder"])


def trace(
    backend: Any,
    tables: dict[str, Any],
    referentie: str,
    policy: PolicyTables | None = None,
    rules: RuleSet | None = None,
    aanbieder: str | None = None,
) -> list[Trace]:
    selected = with_region_severities(rules if rules is not None else builtin_rules(), policy)
    ri = RuleInput(backend, tables, policy)
    try:
        return _trace(ri, selected, referentie, aanbieder)
    finally:
        ri.close()


def _trace(ri: RuleInput, selected: RuleSet, referentie: str, aanbieder: str | None) -> list[Trace]:
    lines_t = ri.lines.filter(ri.lines.referentie_nummer == referentie)
    if aanbieder:
        lines_t = lines_t.filter(lines_t.aanbieder == aanbieder)
    lines = lines_t.to_pyarrow().to_pylist()
    if not lines:
        of_provider = f" van aanbieder {excerpt(aanbieder)}" if aanbieder else ""
        raise UserError(
            "CONTROLE-REFERENTIE-ONBEKEND",
            f"Er is geen prestatie met ReferentieNummer '{excerpt(referentie)}'{of_provider} in een geldige "
            "declaratie gevonden.",
            excerpt(referentie),
        )
    providers = sorted({line["aanbieder"] for line in lines})
    if len(providers) > 1:
        # A ReferentieNummer is unique per provider only (TR314): never pick one of them silently.
        raise UserError(
            "CONTROLE-REFERENTIE-MEERDERE",
            f"ReferentieNummer '{referentie}' komt voor bij {len(providers)} aanbieders: "
            f"{', '.join(providers)}. Kies er één met --aanbieder AGB-CODE.",
            referentie,
        )
    run_plan = plan(ri, selected)
    prepare(ri, run_plan)
    traces = []
    for line in lines:
        steps = [Step(rule, [], None, None, why) for rule, why in run_plan.skipped]
        for rule in run_plan.rules:
            rows = _match(rule, evaluate(rule, ri), line).to_pyarrow().to_pylist()
            hit_rows = [row for row in rows if row["hit"]] or rows[:1]
            if not hit_rows:
                steps.append(Step(rule, [], None, None))
                continue
            row = hit_rows[0]
            facts = [(f.label_nl, format_value(f.kind, row[f.name])) for f in rule.facts]
            kinds = {f.name: f.kind for f in rule.facts}
            text = render_text(rule.explain_nl, row, kinds) if row["hit"] else None
            steps.append(Step(rule, facts, row["hit"], text))
        order = {rule.code: index for index, rule in enumerate(selected)}
        steps.sort(key=lambda step: order.get(step.rule.code, 0))
        traces.append(Trace(line, steps))
    return traces
