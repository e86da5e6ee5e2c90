"""Reforms: named pure functions `ScenarioState -> ScenarioState` with declared parameters.

Built-in reforms register themselves here exactly the way a region's own YAML reform does
(`register`). A `Step` is one reform with its parameter values; a scenario is an ordered tuple of steps
and `apply_steps` composes them (the first step's output is the second's input). The resulting
catalogue is checked with the catalogue's own cross-checks, so a reform can never yield a catalogue
that `zorgpad catalog check` would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from zorgpad.catalog.checks_contracts import ALL_CHECKS
from zorgpad.catalog.model import CatalogFile
from zorgpad.errors import UserError
from zorgpad.scenarios.params import Parameter, Value
from zorgpad.scenarios.state import ScenarioState

Values = Mapping[str, Value]
ReformFunction = Callable[[ScenarioState, Values], ScenarioState]


def number(values: Values, name: str) -> float:
    """A numeric parameter value (parsed and defaulted before a reform runs)."""
    value = values[name]
    return float(value) if isinstance(value, int | float) else 0.0


def codes(values: Values, name: str) -> tuple[str, ...]:
    value = values[name]
    return value if isinstance(value, tuple) else ()


@dataclass(frozen=True)
class Reform:
    name: str
    title_nl: str
    description_nl: str
    parameters: tuple[Parameter, ...]
    function: ReformFunction
    origin: str = "ingebouwd"

    def parameter(self, name: str, where: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.parameters) or "geen"
        raise UserError(
            "SCN-PARAMETER-ONBEKEND",
            f"Hervorming {self.name} kent geen parameter '{name}'. Parameters: {known}.",
            where,
        )

    def values(self, given: Mapping[str, object], where: str) -> dict[str, Value]:
        """Every parameter's value: the given ones parsed, the others their default."""
        values: dict[str, Value] = {}
        for name, raw in given.items():
            values[name] = self.parameter(name, where).parse(raw, where)
        for param in self.parameters:
            if param.name in values:
                continue
            if param.required:
                raise UserError(
                    "SCN-PARAMETER-ONTBREEKT",
                    f"Hervorming {self.name} heeft parameter {param.name} nodig ({param.description_nl}).",
                    where,
                )
            values[param.name] = param.default
        return values


@dataclass(frozen=True)
class Step:
    """One reform with its values; `given` are the names the user set (they are printed as such)."""

    reform: Reform
    values: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))
    given: frozenset[str] = frozenset()

    def label_nl(self) -> str:
        shown = [f"{p.name}={p.show(self.values.get(p.name))}" for p in self.reform.parameters]
        return f"{self.reform.name}({', '.join(shown)})" if shown else self.reform.name

    def with_value(self, name: str, value: Value) -> Step:
        return Step(self.reform, MappingProxyType({**self.values, name: value}), self.given)


REGISTRY: dict[str, Reform] = {}


def register(reform: Reform) -> Reform:
    if reform.name in REGISTRY and REGISTRY[reform.name].origin != reform.origin:
        raise UserError(
            "SCN-NAAM-DUBBEL",
            f"Er bestaat al een hervorming {reform.name} ({REGISTRY[reform.name].origin}); "
            "kies een andere naam.",
            reform.origin,
        )
    REGISTRY[reform.name] = reform
    return reform


def reforms() -> dict[str, Reform]:
    """Every registered reform, the built-ins loaded."""
    from zorgpad.scenarios import builtin

    builtin.load()
    return REGISTRY


def get(name: str, where: str = "--reform") -> Reform:
    known = reforms()
    if name not in known:
        listing = ", ".join(sorted(known))
        raise UserError(
            "SCN-HERVORMING-ONBEKEND", f"Onbekende hervorming '{name}'. Bekend: {listing}.", where
        )
    return known[name]


_SPLIT = re.compile(r",(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*=)")


def parse_spec(spec: str) -> Step:
    """`NAME` or `NAME:k=v,k=v` (lists with +, decimals with a comma or a point) -> a Step."""
    where = f"--reform {spec}"
    name, _, rest = spec.partition(":")
    reform = get(name.strip(), where)
    given: dict[str, str] = {}
    if rest.strip():
        for part in _SPLIT.split(rest):
            key, eq, value = part.partition("=")
            if not eq or not key.strip():
                raise UserError("SCN-PARAMETER", f"'{part}' is geen parameter in de vorm naam=waarde.", where)
            given[key.strip()] = value.strip()
    values = reform.values(given, where)
    return Step(reform, MappingProxyType(values), frozenset(given))


def apply_steps(catalog: CatalogFile, steps: tuple[Step, ...]) -> ScenarioState:
    """Compose the steps in order on the catalogue; the result must pass the catalogue checks."""
    state = ScenarioState(catalog)
    for step in steps:
        state = step.reform.function(state, step.values)
        problems = [p for check in ALL_CHECKS for p in check(state.catalog)]
        if problems:
            listing = "; ".join(f"{p.message} [{p.code}]" for p in problems[:5])
            raise UserError(
                "SCN-CATALOGUS-ONGELDIG",
                f"Na hervorming {step.reform.name} is de catalogus niet meer geldig: {listing}.",
                step.label_nl(),
            )
    return state
