"""docs/access.md documents every check code, error code and command of the access layer."""

from __future__ import annotations

import re
from pathlib import Path

from zorgpad.access.reasons import CHECKS

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
SOURCES = [*(ROOT / "src/zorgpad/access").glob("*.py"), *(ROOT / "src/zorgpad/triage").glob("*.py")]
SOURCES += [
    ROOT / "src/zorgpad/app/commands" / f"{n}.py" for n in ("answer", "worklist", "traject", "feed", "triage")
]


def test_every_check_code_is_documented() -> None:
    assert [c for c in CHECKS if f"`{c}`" not in DOC] == []


def test_every_error_code_is_documented() -> None:
    codes = {
        c for p in SOURCES for c in re.findall(r'UserError\(\s*"([A-Z-]+)"', p.read_text(encoding="utf-8"))
    }
    assert codes and sorted(c for c in codes if f"`{c}`" not in DOC) == []


def test_every_command_is_documented() -> None:
    for command in (
        "triage",
        "answer",
        "worklist",
        "traject",
        "feed abonneer",
        "feed verstuur",
        "feed meldingen",
    ):
        assert f"`zorgpad {command}" in DOC, command
