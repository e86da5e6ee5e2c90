"""Honest uncertainty: rerun the scenario with each assumption at its low and its high value.

Every numeric parameter that declares a low and a high value (staffing mix, share of care moved,
tariff ratio, ...) is an assumption. The scenario is rerun twice per assumption, the others held at
their central (chosen) value, and the totals are reported beside the central result.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgpad.scenarios.engine import Scenario, ScenarioResult
from zorgpad.scenarios.params import Parameter, Value


@dataclass(frozen=True)
class SensitivityRow:
    step: int
    reform: str
    parameter: Parameter
    low: Value
    central: Value
    high: Value
    total_low: int
    total_central: int
    total_high: int


def sensitivity(scenario: Scenario, central: ScenarioResult) -> list[SensitivityRow]:
    rows: list[SensitivityRow] = []
    steps = central.steps
    for index, step in enumerate(steps):
        for param in step.reform.parameters:
            if not param.varies:
                continue
            totals = []
            for value in (param.low, param.high):
                varied = (*steps[:index], step.with_value(param.name, value), *steps[index + 1 :])
                totals.append(scenario.run(varied).scenario_total)
            rows.append(
                SensitivityRow(
                    index + 1,
                    step.reform.name,
                    param,
                    param.low,
                    step.values.get(param.name),
                    param.high,
                    totals[0],
                    central.scenario_total,
                    totals[1],
                )
            )
    return rows
