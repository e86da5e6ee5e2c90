"""One control run: inputs -> findings -> verdicts -> JW325 answers. The library behind `zorgpad check`."""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from zorgpad.control.context import RuleInput
from zorgpad.control.engine import RunPlan, builtin_rules, plan, run_findings, with_region_severities
from zorgpad.control.jw325 import Answer, Unanswered, build_answers
from zorgpad.control.policy import PolicyTables
from zorgpad.control.registry import RuleSet
from zorgpad.control.verdict import Verdicts, verdicts
from zorgpad.ijw.dates import DATE_RULE


@dataclass(frozen=True)
class CheckResult:
    findings: pa.Table
    plan: RunPlan
    verdicts: Verdicts
    rules: RuleSet


def check(
    backend: Any,
    tables: dict[str, Any],
    policy: PolicyTables | None = None,
    rules: RuleSet | None = None,
    *,
    plain: bool = False,
    on: dt.date | None = None,
) -> CheckResult:
    """Judge every claim line and allocation in the tables; collect all findings. `plain`: without the
    shortcuts behind the plan (`RuleInput.plain`), for the tests that compare both; `on`: the day of
    the check (the answers' Dagtekening; today when not given)."""
    selected = with_region_severities(rules if rules is not None else builtin_rules(), policy)
    ri = RuleInput(backend, tables, policy, plain=plain, on=on)
    collecting = gc.isenabled()
    try:
        # Building and compiling the rules' expressions makes hundreds of thousands of small objects;
        # the cyclic collector would walk them again and again (a tenth of a second and more per run).
        # Reference counting frees them; the collector is switched back on afterwards.
        gc.disable()
        with ri.deferring():
            run_plan = plan(ri, selected)
            findings = run_findings(ri, run_plan)
    finally:
        if collecting:
            gc.enable()
        ri.close()
    return CheckResult(findings, run_plan, verdicts(findings, selected), selected)


def _rows(table: Any, columns: list[str] | None = None) -> list[dict[str, Any]]:
    expr = table.select(*columns) if columns else table
    return expr.to_pyarrow().to_pylist()  # type: ignore[no-any-return]


def answers(
    tables: dict[str, Any], result: CheckResult, on: dt.date, unanswered: list[Unanswered] | None = None
) -> list[Answer]:
    """The JW325 for every JW323 in the store (read in message order).

    A declaration that cannot be answered is added to `unanswered` instead of stopping the run.
    """
    messages_t = tables["messages"]
    messages = _rows(
        messages_t.filter(messages_t.message_type == "JW323").order_by(
            ["dagtekening", "identificatie", "message_id"]
        )
    )
    declarations = {row["message_id"]: row for row in _rows(tables["declarations"])}
    lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(tables["claim_lines"].order_by(["message_id", "position"])):
        lines[row["message_id"]].append(row)
    level2: dict[str, set[str]] = defaultdict(set)
    findings_t = tables["message_findings"]
    for row in _rows(findings_t, ["message_id", "rule"]):
        level2[row["message_id"]].add(row["rule"])
    unholdable: dict[str, list[tuple[str, str]]] = defaultdict(list)
    dated = findings_t.filter(findings_t.rule == DATE_RULE).order_by(["message_id", "seq"])
    for row in _rows(dated, ["message_id", "xpath", "message"]):
        unholdable[row["message_id"]].append((row["xpath"] or "", row["message"] or ""))
    bsn = {row["client_key"]: row["bsn"] for row in _rows(tables["clients_clear"])}
    return list(
        build_answers(messages, declarations, lines, level2, bsn, result.verdicts, on, unanswered, unholdable)
    )
