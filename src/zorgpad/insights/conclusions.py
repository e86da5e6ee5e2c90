"""A conclusion per knelpunt: one Dutch sentence from the data, a status against a named norm, a next step.

Each knelpunt's conclusion is declared once, beside the indicator it reads (`@conclusion(...)` in the
indicator's module), as a small object that states its rule: the knelpunt, the one-line problem, the
norm with its source (catalogue, consultation, law or region setting), the thresholds that turn the
measured value into a status, and a `measure` function that reads indicator tables and returns the
value, the sentence and who to talk to. The status is computed here, the same way for every knelpunt:

- `voldoet`: the value is on the right side of the `let_op` threshold;
- `let op`: between `let_op` and `actie`;
- `actie`: at or beyond `actie`.

With a municipality filter the same measure is taken over the whole region as the comparison
("regio: ..."). The dashboard, the board report and the JSON API read `conclude`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa

from zorgpad.insights.names import Names
from zorgpad.report.dutch import number, percent

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog

Status = Literal["voldoet", "let op", "actie"]
NormKind = Literal["productstructuur", "consultatie", "wet", "regio-instelling"]
STATUSES: tuple[Status, ...] = ("voldoet", "let op", "actie")


@dataclass(frozen=True)
class Norm:
    """What the value is judged against, in words, and where that norm comes from."""

    text_nl: str
    kind: NormKind
    source_nl: str


@dataclass(frozen=True)
class Evidence:
    """What a measure reads: indicator tables by id (None when not computable), names, the catalogue."""

    tables: Mapping[str, pa.Table | None]
    names: Names
    catalog: Catalog | None

    def rows(self, indicator: str) -> list[dict[str, Any]]:
        table = self.tables.get(indicator)
        return [] if table is None else table.to_pylist()


@dataclass(frozen=True)
class Measured:
    """One measurement: the value judged, the sentence that states it, and who the next step is with
    (`focus`, a name; None when the value needs no follow-up or has no single party)."""

    value: float
    sentence_nl: str
    focus: str | None = None


Measure = Callable[[Evidence], Measured | None]
NormOf = Callable[["Catalog | None"], Norm]


@dataclass(frozen=True)
class ConclusionRule:
    """One knelpunt's conclusion, declared beside its indicator.

    `let_op` and `actie` are thresholds on the measured value (in `unit`); with `higher_is_worse`
    False a value below them is worse (e.g. the share of care that ended as planned).
    `next_step_nl` may name `{focus}`; `calm_step_nl` is the step when the status is `voldoet`.
    """

    knelpunt: str
    problem_nl: str
    indicators: tuple[str, ...]
    norm: NormOf
    let_op: float
    actie: float
    unit: str
    measure: Measure
    next_step_nl: str
    calm_step_nl: str = "Geen actie nodig; volg het cijfer in de volgende rapportage."
    higher_is_worse: bool = True
    no_data_nl: str = "Er zijn geen gegevens om dit knelpunt te beoordelen."

    def _reaches(self, value: float, threshold: float) -> bool:
        return value >= threshold if self.higher_is_worse else value <= threshold

    def status(self, value: float) -> Status:
        if self._reaches(value, self.actie):
            return "actie"
        if self._reaches(value, self.let_op):
            return "let op"
        return "voldoet"


@dataclass(frozen=True)
class Conclusion:
    """A rule applied to the data: what the page, the report and the API show."""

    knelpunt: str
    problem_nl: str
    status: Status | None  # None: no data to judge
    sentence_nl: str
    norm: Norm
    next_step_nl: str
    value: float | None
    unit: str = "aantal"
    region_value: float | None = None
    region_sentence_nl: str | None = None

    @property
    def status_nl(self) -> str:
        return self.status or "geen oordeel"

    @property
    def value_text(self) -> str:
        return show(self.value, self.unit)

    @property
    def region_text(self) -> str:
        return show(self.region_value, self.unit)


def show(value: float | None, unit: str) -> str:
    """The judged value as people read it: `49,3 %`, `12,0 procentpunt`, `3`."""
    if value is None:
        return "–"
    if unit == "procent":
        return percent(value)
    if unit == "procentpunt":
        return f"{number(value, 1)} procentpunt"
    return number(value, 0 if float(value).is_integer() else 1)


_RULES: dict[str, ConclusionRule] = {}


def _fixed(norm: Norm) -> NormOf:
    def of(_catalog: Catalog | None) -> Norm:
        return norm

    return of


def conclusion(
    knelpunt: str,
    *,
    problem_nl: str,
    indicators: tuple[str, ...],
    norm: Norm | NormOf,
    let_op: float,
    actie: float,
    unit: str,
    next_step_nl: str,
    calm_step_nl: str | None = None,
    higher_is_worse: bool = True,
) -> Callable[[Measure], Measure]:
    """Declare the conclusion of `knelpunt`, measured by the decorated function."""

    def decorate(measure: Measure) -> Measure:
        if knelpunt in _RULES:
            raise ValueError(f"conclusion for {knelpunt} declared twice")
        norm_of: NormOf = norm if callable(norm) else _fixed(norm)
        _RULES[knelpunt] = ConclusionRule(
            knelpunt,
            problem_nl,
            indicators,
            norm_of,
            let_op,
            actie,
            unit,
            measure,
            next_step_nl,
            calm_step_nl or ConclusionRule.calm_step_nl,
            higher_is_worse,
        )
        return measure

    return decorate


def rules() -> dict[str, ConclusionRule]:
    """Every declared conclusion by knelpunt id (the indicator modules loaded)."""
    from zorgpad.insights.registry import all_indicators

    all_indicators()
    return dict(_RULES)


def rule_for(knelpunt: str) -> ConclusionRule | None:
    return rules().get(knelpunt)


def conclude(rule: ConclusionRule, evidence: Evidence, region: Evidence | None = None) -> Conclusion:
    """The conclusion of `rule` over `evidence`; `region` (the same without a municipality filter)
    adds the regional comparison."""
    norm = rule.norm(evidence.catalog)
    found = rule.measure(evidence)
    compared = rule.measure(region) if region is not None else None
    if found is None:
        return Conclusion(rule.knelpunt, rule.problem_nl, None, rule.no_data_nl, norm, "–", None, rule.unit)
    status = rule.status(found.value)
    step = rule.calm_step_nl if status == "voldoet" else rule.next_step_nl
    if "{focus}" in step:
        step = step.format(focus=found.focus or "de betrokken aanbieders")
    return Conclusion(
        rule.knelpunt,
        rule.problem_nl,
        status,
        found.sentence_nl,
        norm,
        step,
        found.value,
        rule.unit,
        compared.value if compared else None,
        compared.sentence_nl if compared else None,
    )
