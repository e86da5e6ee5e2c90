"""Numbers for the board report, from the one formatter (`zorgpad.formatting`): € 1.234,56, 12,5 %, 1.234."""

from __future__ import annotations

import datetime as dt
import re

from zorgpad import formatting
from zorgpad.formatting import euro, number

__all__ = ["MONTHS", "dutch_date", "dutch_text", "euro", "number", "percent"]


def percent(value: float | None) -> str:
    """The report shows percentages with one decimal: '12,5 %'."""
    return formatting.percent(value, 1)


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_ISO_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def dutch_date(value: dt.date) -> str:
    """2025-03-01 -> `01-03-2025` (dd-mm-jjjj), by the one formatter."""
    return formatting.day(value)


def dutch_text(text: str) -> str:
    """A month (`2025-03` -> `mrt 2025`) or an ISO date in a text, written the Dutch way; other text as is."""
    month = _ISO_MONTH.fullmatch(text)
    if month:
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    if _ISO_DATE.fullmatch(text):
        try:
            return dutch_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text
