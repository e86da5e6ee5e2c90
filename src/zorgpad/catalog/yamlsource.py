"""Read a YAML file into plain data while remembering the line of every value.

The YAML is composed into nodes first (so every node keeps its start mark) and then constructed with
the safe constructor. `LineMap.line(path)` turns a pydantic error location or a cross-check path such as
`("products", 3, "tariffs", 0)` back into a 1-based line number; a path that does not exist (a missing
field) falls back to its nearest existing parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zorgpad.errors import UserError
from zorgpad.yamlguard import check_yaml, read_yaml_text

Loc = tuple[str | int, ...]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, but a date that does not exist (2025-13-45) is a located YAML error."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is geen bestaande datum (JJJJ-MM-DD)", node.start_mark
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass(frozen=True)
class DuplicateKey:
    path: Loc
    key: str
    line: int


@dataclass
class LineMap:
    """Lines (1-based) per data path, plus the duplicate keys PyYAML would silently overwrite."""

    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)

    def line(self, path: Loc) -> int:
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def _walk(node: yaml.Node, path: Loc, lines: LineMap) -> None:
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                lines.duplicates.append(DuplicateKey(path, key, line))
            seen.add(key)
            lines.lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def read_yaml(path: Path) -> tuple[Any, LineMap]:
    """Parse one YAML file into (data, line map); unreadable files raise a located UserError."""
    try:
        text = read_yaml_text(path)
    except FileNotFoundError as error:
        raise UserError("CAT-BESTAND", f"Bestand niet gevonden: {path}", str(path)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(
            "CAT-BESTAND", f"Bestand is niet te lezen als UTF-8-tekst: {error}", str(path)
        ) from error
    loader = _Loader(text)
    try:
        check_yaml(text, str(path))  # before composing: no alias bomb, no nesting that crashes the parser
        node = loader.get_single_node()
        if node is None:
            raise UserError("CAT-YAML", "Het bestand is leeg.", f"{path}:1")
        lines = LineMap()
        _walk(node, (), lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or "onbekend probleem"
        raise UserError(
            "CAT-YAML", f"Het bestand is geen geldige YAML ({problem}).", f"{path}:{line}"
        ) from error
    except yaml.YAMLError as error:
        raise UserError("CAT-YAML", f"Het bestand is geen geldige YAML ({error}).", f"{path}:1") from error
    finally:
        loader.dispose()
    return data, lines
