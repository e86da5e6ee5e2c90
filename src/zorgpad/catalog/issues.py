"""Validation findings on a catalogue file: a stable code, a Dutch message and file:line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zorgpad.errors import UserError


@dataclass(frozen=True, order=True)
class CatalogIssue:
    """One thing wrong in a catalogue file. Tests assert `code`; `message` is the Dutch text."""

    file: str
    line: int
    code: str
    message: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def render(self) -> str:
        return f"{self.location}: {self.message} [{self.code}]"


class CatalogInvalidError(UserError):
    """A catalogue file that failed validation; `issues` holds every finding, not just the first."""

    def __init__(self, path: Path, issues: list[CatalogIssue]) -> None:
        first = issues[0]
        count = len(issues)
        summary = "fout" if count == 1 else "fouten"
        super().__init__(
            first.code,
            f"De catalogus {path} bevat {count} {summary}; de eerste: {first.message}",
            first.location,
        )
        self.path = path
        self.issues = issues
