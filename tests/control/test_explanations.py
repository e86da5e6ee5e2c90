"""Explanation texts are public API: the rendered Dutch text of every rule is snapshot-tested, and the
backend renderer (Ibis) must produce exactly what the Python renderer (explain) produces."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import ibis
import pyarrow as pa

from zorgpad.control.engine import builtin_rules
from zorgpad.control.registry import Fact
from zorgpad.control.template import render_expr, render_text

SNAPSHOT = Path(__file__).with_name("snapshots") / "explanations.txt"
SAMPLE: dict[str, object] = {"datum": dt.date(2025, 3, 1), "euro": -123456, "getal": 7, "tekst": "45A48"}
ARROW = {"datum": pa.date32(), "euro": pa.int64(), "getal": pa.int64(), "tekst": pa.string()}


def _rendered() -> str:
    blocks = []
    for rule in sorted(builtin_rules(), key=lambda r: r.code):
        facts = {f.name: SAMPLE[f.kind] for f in rule.facts}
        kinds = {f.name: f.kind for f in rule.facts}
        blocks.append(f"[{rule.code}] {rule.title_nl}\n{render_text(rule.explain_nl, facts, kinds)}\n")
    return "\n".join(blocks)


def test_explanations_match_snapshot() -> None:
    text = _rendered()
    if os.environ.get("ZORGPAD_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_backend_renderer_equals_python_renderer() -> None:
    for rule in builtin_rules():
        facts = {f.name: SAMPLE[f.kind] for f in rule.facts}
        table = ibis.memtable(
            pa.table({f.name: pa.array([facts[f.name], None], ARROW[f.kind]) for f in rule.facts})
        )
        expr = render_expr(rule.explain_nl, {f.name: table[f.name] for f in rule.facts}, rule.facts)
        rendered = table.select(text=expr).to_pyarrow()["text"].to_pylist()
        kinds = {f.name: f.kind for f in rule.facts}
        assert rendered[0] == render_text(rule.explain_nl, facts, kinds), rule.code
        assert rendered[1] == render_text(rule.explain_nl, {}, kinds), rule.code


def test_templates_only_name_declared_facts() -> None:
    from zorgpad.control.registry import RuleSet, control_rule

    rules = RuleSet()
    try:
        control_rule(
            code="X1",
            retourcode=None,
            severity="signaal",
            title_nl="t",
            basis="b",
            explain_nl="{onbekend}",
            comparison_nl="c",
            facts=(Fact("bekend", "tekst", "l"),),
            registry=rules,
        )(lambda ri: ri)  # type: ignore[arg-type,return-value]
    except ValueError as error:
        assert "onbekend" in str(error)
    else:
        raise AssertionError("an undeclared placeholder must be refused")
