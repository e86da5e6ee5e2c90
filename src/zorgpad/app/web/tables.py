"""An indicator's result as a table a person reads: Dutch column headings, Dutch numbers, names beside codes.

The measure columns the indicator charts (`chart.y`) carry the indicator's unit; money is stored in
eurocents and shown in euros. Downloads (CSV/Excel) keep the raw values; only the screen formats them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from zorgpad import formatting
from zorgpad.app.web.data import WebData
from zorgpad.insights.registry import Indicator
from zorgpad.report.charts import Link
from zorgpad.report.dutch import MONTHS, dutch_date, dutch_text

__all__ = ["MONTHS", "TableView", "dutch_date", "dutch_number", "format_value", "heading", "table_view"]

MAX_ROWS_SHOWN = 200


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
    return dutch_text(str(value))


def measure_unit(indicator: Indicator, column: str) -> str | None:
    """The unit the indicator declares for the column (amounts in eurocents are shown as euros)."""
    return indicator.unit_of(column)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    link: str | None = None


@dataclass(frozen=True)
class TableView:
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total_rows: int

    @property
    def truncated(self) -> bool:
        return self.total_rows > len(self.rows)


def table_view(
    data: WebData, indicator: Indicator, table: pa.Table, caption: str, link: Link | None = None
) -> TableView:
    """The first `MAX_ROWS_SHOWN` rows, formatted; the first column is the row header and, with `link`,
    a link to the claim lines behind the row."""
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
        if link is not None and cells:
            cells[0] = Cell(cells[0].text, cells[0].numeric, link(record))
        rows.append(tuple(cells))
    return TableView(caption, tuple(heading(c) for c in columns), tuple(rows), table.num_rows)
