"""The library behind `zorgpad demo`: validate the bundled iJw example messages and summarise.

The examples are the standard's own, with their known faults (two XSD failures, one CS003, one
TR101); the demo shows them being found. Later work grows this into generate-ingest-check-report.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zorgpad.ijw.messages import MESSAGE_TYPES
from zorgpad.ijw.validate import validate_path


@dataclass(frozen=True)
class DemoLine:
    """The verdict on one example message."""

    path: Path
    code: str
    name_nl: str
    valid: bool
    rules: tuple[str, ...]


@dataclass(frozen=True)
class DemoSummary:
    lines: tuple[DemoLine, ...]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def valid(self) -> int:
        return sum(line.valid for line in self.lines)

    @property
    def invalid(self) -> int:
        return self.total - self.valid


def bundled_examples() -> Path:
    """The folder of the 14 example messages shipped with the package."""
    return Path(str(resources.files("zorgpad.ijw") / "examples"))


def run_demo(folder: Path | None = None) -> DemoSummary:
    """Validate every example message (XSD, then level-2 rules) and collect the verdicts."""
    lines = []
    for path in sorted((folder or bundled_examples()).glob("*.xml")):
        result = validate_path(path)
        kind = MESSAGE_TYPES.get(result.message or "")
        lines.append(
            DemoLine(
                path=path,
                code=kind.code if kind else "?",
                name_nl=kind.name_nl if kind else "onleesbaar bestand",
                valid=result.valid,
                rules=tuple(sorted({f.rule for f in result.findings})),
            )
        )
    return DemoSummary(tuple(lines))
