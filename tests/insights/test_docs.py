"""docs/insights.md documents every indicator: id, Dutch name, unit and knelpunt."""

from __future__ import annotations

from pathlib import Path

from zorgpad.insights.registry import all_indicators
from zorgpad.report.knelpunten import KNELPUNTEN

DOC = Path(__file__).resolve().parents[2] / "docs" / "insights.md"


def test_every_indicator_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for found in all_indicators():
        heading = f"### `{found.id}` — {found.name_nl}"
        assert heading in text, f"{found.id} is not documented"
        section = text.split(heading, 1)[1].split("### ", 1)[0]
        assert f"`{found.knelpunt}`" in section and f"`{found.unit}`" in section, found.id
        assert found.definition_nl in section, f"{found.id}: definition differs from the code"


def test_every_knelpunt_has_a_title() -> None:
    text = DOC.read_text(encoding="utf-8")
    for found in all_indicators():
        assert found.knelpunt in KNELPUNTEN, found.knelpunt
        assert f"| `{found.knelpunt}` |" in text
