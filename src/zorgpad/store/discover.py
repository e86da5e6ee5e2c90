"""Which files under a folder the ingest takes, and as what.

- `*.xml` anywhere: an iJw message (an unreadable one is still stored, with an `XML` finding);
- `sessies/*.csv`: providers' delivery records;
- `toegang/*.csv`: the access team's referral records;
- `bevolking/*.csv`: young people per municipality and year (a synthetic region's own population);
- anything else is listed as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The Dutch label a kind has in reports and in the per-kind counts.
LABELS = {"sessions": "sessies", "referrals": "verwijzingen", "population": "bevolking"}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    kind: str  # message, sessions, referrals or skipped

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)


def classify(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return "message"
    if suffix == ".csv" and path.parent.name == "sessies":
        return "sessions"
    if suffix == ".csv" and path.parent.name == "toegang":
        return "referrals"
    if suffix == ".csv" and path.parent.name == "bevolking":
        return "population"
    return "skipped"


def discover(root: Path) -> list[SourceFile]:
    """Every file under `root`, recursively, in a stable order (sorted by path)."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [SourceFile(p, classify(p)) for p in files]
