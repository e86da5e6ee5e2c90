"""Load one catalogue file: YAML -> frozen models -> cross-checks, collecting every finding.

Structure and types are checked first (pydantic reports all of them at once); the cross-checks need a
structurally valid file, so they run when the structure is sound. Each finding carries file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from zorgpad.catalog.checks_contracts import ALL_CHECKS
from zorgpad.catalog.issues import CatalogIssue
from zorgpad.catalog.model import FORMAT_VERSION, CatalogFile
from zorgpad.catalog.pydantic_nl import translate
from zorgpad.catalog.yamlsource import LineMap, read_yaml


@dataclass(frozen=True)
class LoadResult:
    """The parsed file (None when its structure is wrong) and every finding, sorted by line."""

    path: Path
    data: CatalogFile | None
    issues: tuple[CatalogIssue, ...]


def _issue(path: Path, lines: LineMap, code: str, message: str, loc: tuple[str | int, ...]) -> CatalogIssue:
    return CatalogIssue(str(path), lines.line(loc), code, message)


def _is_follow_up(kind: str, loc: tuple[str | int, ...], all_locs: list[tuple[str | int, ...]]) -> bool:
    """A list whose items failed is also reported "too short" by pydantic; the item errors say it all."""
    return kind == "too_short" and any(
        len(other) > len(loc) and other[: len(loc)] == loc for other in all_locs
    )


def parse_file(path: Path) -> LoadResult:
    """Read and validate one catalogue version file; never raises for bad content, only for I/O/YAML."""
    raw, lines = read_yaml(path)
    issues = [
        CatalogIssue(
            str(path), dup.line, "CAT-YAML-DUBBEL", f"Sleutel '{dup.key}' staat twee keer op dezelfde plek."
        )
        for dup in lines.duplicates
    ]
    if not isinstance(raw, dict):
        issues.append(
            CatalogIssue(
                str(path), 1, "CAT-FORMAAT", "Een catalogus is een YAML-bestand met velden (naam: waarde)."
            )
        )
        return LoadResult(path, None, tuple(issues))
    if raw.get("format") != FORMAT_VERSION:
        issues.append(
            _issue(
                path,
                lines,
                "CAT-FORMAAT",
                f"Onbekend of ontbrekend formaat {raw.get('format')!r}; verwacht: format: {FORMAT_VERSION}.",
                ("format",),
            )
        )
        return LoadResult(path, None, tuple(sorted(issues)))
    try:
        data = CatalogFile.model_validate(raw)
    except ValidationError as error:
        details = error.errors()
        for detail in details:
            if _is_follow_up(detail["type"], tuple(detail["loc"]), [tuple(d["loc"]) for d in details]):
                continue
            code, message, loc = translate(detail)
            issues.append(_issue(path, lines, code, message, loc))
        return LoadResult(path, None, tuple(sorted(issues)))
    for check in ALL_CHECKS:
        issues.extend(_issue(path, lines, p.code, p.message, p.loc) for p in check(data))
    return LoadResult(path, data, tuple(sorted(issues, key=lambda i: (i.line, i.code))))
