"""Numbers for the board report, from the one formatter (`zorgpad.formatting`): € 1.234,56, 12,5 %, 1.234."""

from __future__ import annotations

from zorgpad import formatting
from zorgpad.formatting import euro, number

__all__ = ["euro", "number", "percent"]


def percent(value: float | None) -> str:
    """The report shows percentages with one decimal: '12,5 %'."""
    return formatting.percent(value, 1)
