"""Numbers as a Dutch reader expects them: € 1.234,56, 12,5 %, 1.234."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_ISO_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _group(digits: str) -> str:
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ".".join(parts)


def euro(cents: int | None, *, whole: bool = False) -> str:
    """Eurocent as `€ 1.234,56` (or `€ 1.235` with `whole`); negative as `€ -1.234,56`."""
    if cents is None:
        return "–"
    sign = "-" if cents < 0 else ""
    value = abs(int(cents))
    if whole:
        return f"€ {sign}{_group(str((value + 50) // 100))}"
    return f"€ {sign}{_group(str(value // 100))},{value % 100:02d}"


def number(value: float | int | None, decimals: int = 0) -> str:
    """A count or measure with Dutch separators: 1.234 or 12,5."""
    if value is None:
        return "–"
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + _group(whole) + (f",{fraction}" if fraction else "")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{number(value, 1)} %"


def dutch_date(value: dt.date) -> str:
    """2025-03-01 -> `01-03-2025` (dd-mm-jjjj)."""
    return value.strftime("%d-%m-%Y")


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
