"""Every hand-computed case in tests/reforms/*.yaml: per-line and total amounts, and the reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zorgpad.control.verdict import Verdicts
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.knip import knip_effect
from zorgpad.scenarios.reform import parse_spec
from zorgpad.scenarios.summary import totals
from zorgpad.scenarios.yamlfile import load_reform_file

from . import cases

HERE = Path(__file__).parent
CASES = sorted(HERE.glob("*.yaml"))


def _run(case: dict[str, Any]) -> Any:
    if "hervormingsbestand" in case:
        load_reform_file(HERE / case["hervormingsbestand"])
    con = cases.store(case)
    rejected = set(case.get("afgewezen", []))
    keys = con.execute("SELECT message_id, position, referentie_nummer FROM claim_lines").fetchall()
    verdicts = Verdicts({(m, p): ["0001"] for m, p, ref in keys if ref in rejected}, {})
    scenario = Scenario.prepare(con, cases.catalog(case["catalogus"]), verdicts)
    return scenario.run(tuple(parse_spec(spec) for spec in case["hervormingen"]))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = cases.load(path)
    result = _run(case)
    got = {row["referentie_nummer"]: row for row in result.lines.to_pylist()}
    expected = case["verwacht"]
    assert set(got) == {line["ref"] for line in expected["regels"]}
    for line in expected["regels"]:
        row = got[line["ref"]]
        assert (row["baseline_cents"], row["scenario_cents"]) == (line["basis"], line["scenario"]), line[
            "ref"
        ]
        if "reden" in line:
            assert line["reden"] in row["reason"], (line["ref"], row["reason"])
    assert (result.baseline_total, result.scenario_total) == (
        expected["totaal"]["basis"],
        expected["totaal"]["scenario"],
    )
    for key, dimension in (
        ("per_gemeente", "gemeente"),
        ("per_product", "product"),
        ("per_inkoop", "inkoop"),
        ("per_aanbieder", "aanbieder"),
    ):
        if key in expected:
            found = {
                t.key: {"basis": t.baseline_cents, "scenario": t.scenario_cents}
                for t in totals(result.lines, dimension)
            }
            assert found == {str(k): v for k, v in expected[key].items()}
    if "knip" in expected:
        _check_knip(result, case, expected["knip"])


def _check_knip(result: Any, case: dict[str, Any], expected: dict[str, Any]) -> None:
    """The knip per municipality: moved euros, what it pays under the key before and after, and the
    local contracts missing for the moved care."""
    baseline = cases.catalog(case["catalogus"])
    effect = knip_effect(result.lines, baseline, result.state.catalog)
    assert effect.moved_total_cents == expected["verschoven"]
    found = {
        row.gemeente: {"verschoven": row.moved_cents, "betaalt_voor": row.pays_before,
                       "betaalt_na": row.pays_after, "verschil": row.difference_cents}
        for row in effect.rows
    }  # fmt: skip
    assert found == {str(k): v for k, v in expected["per_gemeente"].items()}
    missing = [[m.gemeente, m.product, m.moved_cents] for m in effect.missing]
    assert missing == [[str(g), str(p), c] for g, p, c in expected.get("ontbrekende_contracten", [])]


def test_every_builtin_reform_has_a_case() -> None:
    from zorgpad.scenarios.reform import REGISTRY, reforms

    builtin = {name for name, r in reforms().items() if r.origin == "ingebouwd"}
    covered = {parse_spec(spec).reform.name for path in CASES for spec in cases.load(path)["hervormingen"]}
    assert builtin <= covered, builtin - covered
    assert REGISTRY
