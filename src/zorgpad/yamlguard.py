"""Limits for every YAML file zorgpad reads (catalogues, reform files, triage answers).

YAML can be hostile in a few hundred bytes: an alias bomb (`a: &a [*b, *b, ...]` nested) grows to
gigabytes when constructed, and deep nesting (`[[[[...`) crashes the C parser. Before any file is
composed or constructed, `check_yaml` streams its parse events (a state machine, no recursion) and
refuses:

- a file larger than `MAX_YAML_BYTES` (`YAML-TE-GROOT`);
- any alias (`*naam`; anchors alone are harmless) (`YAML-ALIAS`); no bundled catalogue uses one;
- nesting deeper than `MAX_DEPTH` (`YAML-TE-DIEP`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from zorgpad.errors import UserError

MAX_YAML_BYTES = 5 * 1024 * 1024  # the bundled catalogues are about 50 KB
MAX_DEPTH = 64
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def read_yaml_text(path: Path) -> str:
    """The text of a YAML file, refused unread when it is larger than the limit; OSError passes on."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise _too_large(path, size)
    with path.open("rb") as stream:
        data = stream.read(MAX_YAML_BYTES + 1)
    if len(data) > MAX_YAML_BYTES:
        raise _too_large(path, len(data))
    return data.decode("utf-8")


def check_yaml(text: str, source: str) -> None:
    """Refuse aliases and deep nesting in `text` before it is composed; syntax errors pass on as YAMLError."""
    if len(text) > MAX_YAML_BYTES:
        raise _too_large(Path(source), len(text))
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise UserError(
                "YAML-ALIAS",
                "Het bestand gebruikt een YAML-alias (*naam). Aliassen zijn niet toegestaan, omdat ze een "
                "klein bestand onbeperkt groot kunnen maken; schrijf de waarde voluit.",
                f"{source}:{_line(event)}",
            )
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise UserError(
                    "YAML-TE-DIEP",
                    f"Het bestand is dieper genest dan {MAX_DEPTH} niveaus; zo'n bestand wordt niet gelezen.",
                    f"{source}:{_line(event)}",
                )
        elif isinstance(event, _CLOSE):
            depth -= 1


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _too_large(path: Path, size: int) -> UserError:
    return UserError(
        "YAML-TE-GROOT",
        f"Het bestand is {size / 1_048_576:.1f} MB; een YAML-bestand mag hoogstens "
        f"{MAX_YAML_BYTES / 1_048_576:.0f} MB zijn. Het bestand is niet gelezen.",
        str(path),
    )
