"""A region's own reform in YAML: built-in reforms with fixed values, catalogue patches, own parameters.

See docs/scenarios.md for the format (`formaat: zorgpad-hervorming/1`). Loading checks the whole file
and reports the first problem in Dutch with file:line; the reform is then registered like a built-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from zorgpad.errors import UserError, os_reason_nl
from zorgpad.scenarios.params import TYPE_NL, Parameter, Value
from zorgpad.scenarios.reform import Reform, Values, get, register
from zorgpad.scenarios.state import ScenarioState
from zorgpad.yamlguard import check_yaml, read_yaml_text

FORMAT = "zorgpad-hervorming/1"
_TOP = {"formaat", "naam", "titel", "omschrijving", "parameters", "stappen"}
_PARAM = {"omschrijving", "type", "standaard", "laag", "hoog", "keuzes"}
_PATCH = {"product", "mixtarief", "per_niveau", "op"}


class _Lines:
    def __init__(self, path: Path, node: yaml.Node) -> None:
        self.path = path
        self.lines: dict[tuple[Any, ...], int] = {}
        self._walk(node, ())

    def _walk(self, node: yaml.Node, at: tuple[Any, ...]) -> None:
        self.lines.setdefault(at, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[(*at, str(key.value))] = key.start_mark.line + 1
                self._walk(value, (*at, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*at, index))

    def at(self, *where: Any) -> str:
        probe = tuple(where)
        while probe and probe not in self.lines:
            probe = probe[:-1]
        return f"{self.path}:{self.lines.get(probe, 1)}"


def _fail(code: str, message: str, where: str) -> UserError:
    return UserError(code, message, where)


def _mapping(value: object, allowed: set[str], lines: _Lines, *at: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail("SCN-VELD", "Hier hoort een lijst van velden (naam: waarde).", lines.at(*at))
    for key in value:
        if str(key) not in allowed:
            raise _fail(
                "SCN-VELD",
                f"Onbekend veld '{key}'. Toegestaan: {', '.join(sorted(allowed))}.",
                lines.at(*at, str(key)),
            )
    return {str(k): v for k, v in value.items()}


def _own_parameter(name: str, raw: object, lines: _Lines) -> Parameter:
    spec = _mapping(raw, _PARAM, lines, "parameters", name)
    kind = spec.get("type", "getal")
    if kind not in TYPE_NL:
        raise _fail(
            "SCN-VELD",
            f"Onbekend type '{kind}'. Bekend: {', '.join(TYPE_NL)}.",
            lines.at("parameters", name, "type"),
        )
    if "standaard" not in spec:
        raise _fail("SCN-VELD", f"Parameter {name} mist 'standaard'.", lines.at("parameters", name))
    bare = Parameter(name, str(spec.get("omschrijving", name)), kind, choices=tuple(spec.get("keuzes", ())))
    where = lines.at("parameters", name)
    parse = {
        k: None if spec.get(k) is None else bare.parse(spec[k], where) for k in ("standaard", "laag", "hoog")
    }
    return Parameter(
        name, bare.description_nl, kind, parse["standaard"], parse["laag"], parse["hoog"], bare.choices
    )


def _as_raw(kind: str, value: Value) -> object:
    """An own parameter's typed value written back as the text a built-in parameter parses."""
    if kind == "bedrag" and isinstance(value, int):
        return f"{value / 100:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _resolve(
    raw: Mapping[str, Any], values: Values, kinds: Mapping[str, str], where: str
) -> dict[str, object]:
    given: dict[str, object] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value.startswith("$"):
            value = _as_raw(kinds[value[1:]], values[value[1:]])
        given[str(key)] = value
    return given


def _patch(state: ScenarioState, patch: Mapping[str, Any], where: str) -> ScenarioState:
    code = str(patch.get("product", ""))
    product = state.product(code)
    if product is None:
        raise _fail("SCN-PRODUCT-ONBEKEND", f"Product {code} staat niet in de catalogus.", where)
    on = patch.get("op")
    day = on if isinstance(on, dt.date) or on is None else dt.date.fromisoformat(str(on))
    money = Parameter("bedrag", "bedrag", "bedrag")
    update: dict[str, Any] = {}
    if patch.get("mixtarief") is not None:
        update = {"blended": money.parse(patch["mixtarief"], where), "by_level": {}}
    elif isinstance(patch.get("per_niveau"), dict):
        update = {
            "blended": None,
            "by_level": {str(k): money.parse(v, where) for k, v in patch["per_niveau"].items()},
        }
    else:
        raise _fail("SCN-VELD", "Een tariefwijziging noemt 'mixtarief' of 'per_niveau'.", where)
    tariffs = tuple(
        t.model_copy(update=update) if day is None or t.covers(day) else t for t in product.tariffs
    )
    return state.replace_products(lambda p: p.model_copy(update={"tariffs": tariffs}), {code})


def load_reform_file(path: Path) -> Reform:
    """Read, check and register the reform in `path`; returns it."""
    try:
        text = read_yaml_text(path)
        check_yaml(text, str(path))  # no alias bomb, no nesting that crashes the parser
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise _fail("SCN-BESTAND", "Het bestand is geen UTF-8-tekst.", str(path)) from None
    except OSError as error:
        raise _fail("SCN-BESTAND", f"Bestand niet te lezen: {os_reason_nl(error)}.", str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise _fail(
            "SCN-YAML", f"Geen geldige YAML: {getattr(error, 'problem', error)}.", f"{path}:{line}"
        ) from None
    if node is None:
        raise _fail("SCN-YAML", "Het bestand is leeg.", f"{path}:1")
    lines = _Lines(path, node)
    top = _mapping(data, _TOP, lines)
    if top.get("formaat") != FORMAT:
        raise _fail("SCN-FORMAAT", f"Verwacht 'formaat: {FORMAT}'.", lines.at("formaat"))
    for field in ("naam", "stappen"):
        if not top.get(field):
            raise _fail("SCN-VELD", f"Het veld '{field}' ontbreekt of is leeg.", lines.at())
    own = tuple(_own_parameter(str(n), raw, lines) for n, raw in (top.get("parameters") or {}).items())
    names = {p.name for p in own}
    kinds = {p.name: p.type for p in own}
    steps: list[tuple[str, Any, str]] = []
    if not isinstance(top["stappen"], list):
        raise _fail("SCN-VELD", "'stappen' is een lijst.", lines.at("stappen"))
    for i, raw in enumerate(top["stappen"]):
        where = lines.at("stappen", i)
        if isinstance(raw, dict) and "hervorming" in raw:
            step = _mapping(raw, {"hervorming", "parameters"}, lines, "stappen", i)
            reform = get(str(step["hervorming"]), lines.at("stappen", i, "hervorming"))
            fixed = _mapping(
                step.get("parameters") or {},
                {p.name for p in reform.parameters},
                lines,
                "stappen",
                i,
                "parameters",
            )
            for key, value in fixed.items():
                if isinstance(value, str) and value.startswith("$") and value[1:] not in names:
                    raise _fail(
                        "SCN-PARAMETER-VERWIJZING",
                        f"${value[1:]} is geen parameter van deze hervorming.",
                        lines.at("stappen", i, "parameters", key),
                    )
                if not (isinstance(value, str) and value.startswith("$")):
                    reform.parameter(key, where).parse(value, lines.at("stappen", i, "parameters", key))
            steps.append(("hervorming", (reform, fixed), where))
        elif isinstance(raw, dict) and "tarief" in raw:
            _mapping(raw, {"tarief"}, lines, "stappen", i)
            steps.append(("tarief", _mapping(raw["tarief"], _PATCH, lines, "stappen", i, "tarief"), where))
        else:
            raise _fail(
                "SCN-VELD", "Een stap is 'hervorming: NAAM' (met parameters) of 'tarief: {...}'.", where
            )

    def function(state: ScenarioState, values: Values) -> ScenarioState:
        for kind, content, where in steps:
            if kind == "tarief":
                state = _patch(state, content, where)
                continue
            reform, fixed = content
            given = _resolve(fixed, values, kinds, where)
            state = reform.function(state, MappingProxyType(reform.values(given, where)))
        return state

    title = str(top.get("titel", top["naam"]))
    return register(
        Reform(str(top["naam"]), title, str(top.get("omschrijving", title)), own, function, str(path))
    )
