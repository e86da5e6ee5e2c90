"""An indicator's result as a table a person reads: Dutch column headings, Dutch numbers, names beside codes.

The measure columns the indicator charts (`chart.y`) carry the indicator's unit; money is stored in
eurocents and shown in euros. Downloads (CSV/Excel) keep the raw values; only the screen formats them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from zorgpad import formatting
from zorgpad.app.web.data import WebData
from zorgpad.insights.registry import Indicator

MAX_ROWS_SHOWN = 200

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_ISO_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def dutch_date(value: dt.date) -> str:
    """2025-03-01 -> `01-03-2025` (dd-mm-jjjj), by the one formatter."""
    return formatting.day(value)


def _dutch_text(text: str) -> str:
    """A month (`2025-03` -> `mrt 2025`) or an ISO date in a text column, written the Dutch way."""
    month = _ISO_MONTH.fullmatch(text)
    if month:
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    if _ISO_DATE.fullmatch(text):
        try:
            return dutch_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def heading(column: str) -> str:
    """`gemiddelde_dagen` -> `Gemiddelde dagen`."""
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def dutch_number(value: float, decimals: int) -> str:
    """1234567.891 -> `1.234.567,89` (never `-0,0`), by the one formatter."""
    return formatting.number(value, decimals)


def format_value(value: Any, unit: str | None) -> str:
    """One cell as users read it; `unit` is the indicator's unit for its measures, else None."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return dutch_date(value)
    if isinstance(value, int | float):
        return formatting.measure(value, unit)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return _dutch_text(str(value))


def measure_unit(indicator: Indicator, column: str) -> str | None:
    """The unit the indicator declares for the column (amounts in eurocents are shown as euros)."""
    return indicator.unit_of(column)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class TableView:
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_rows: int

    @property
    def truncated(self) -> bool:
        return self.total_rows > len(self.rows)


def table_view(data: WebData, indicator: Indicator, table: pa.Table, caption: str) -> TableView:
    """The first `MAX_ROWS_SHOWN` rows, formatted; the first column is the row header."""
    columns = table.schema.names
    rows = []
    for record in table.slice(0, MAX_ROWS_SHOWN).to_pylist():
        cells = []
        for column in columns:
            value = record[column]
            text = format_value(value, measure_unit(indicator, column))
            name = data.label(column, value) if value is not None else None
            if name:
                text = f"{name} ({text})"
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(Cell(text, numeric))
        rows.append(tuple(cells))
    return TableView(caption, tuple(heading(c) for c in columns), tuple(rows), table.num_rows)
