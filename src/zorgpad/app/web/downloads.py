"""An indicator's rows as CSV (UTF-8 with BOM, `;`-separated as Dutch Excel expects) and as Excel.

Values are raw, as the API gives them (money in eurocents), so a download can be recomputed exactly;
the Excel file has a second sheet, `Toelichting`, with the indicator's definition, unit and filters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pyarrow as pa
from openpyxl import Workbook
from openpyxl.styles import Font

from zorgpad.app.web.knelpunten import knelpunt
from zorgpad.app.web.tables import dutch_date
from zorgpad.cells import safe_row
from zorgpad.insights.names import Names
from zorgpad.insights.registry import Filters, Indicator

UNIT_TEXT = {
    "eurocent": "euro (bedragen in euro's met twee decimalen)",
    "euro": "euro",
    "aantal": "aantal",
    "dagen": "dagen",
    "maanden": "maanden",
    "uren": "uren",
    "procent": "procent",
    "ratio": "verhouding",
}


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


def describe_filters(filters: Filters) -> str:
    """The filters in words, dates as dd-mm-jjjj: `periode vanaf 01-01-2025, gemeente 0202`."""
    parts = []
    if filters.period_from is not None:
        parts.append(f"periode vanaf {dutch_date(filters.period_from)}")
    if filters.period_to is not None:
        parts.append(f"tot en met {dutch_date(filters.period_to)}")
    for label, value in (
        ("gemeente", filters.gemeente),
        ("product", filters.product),
        ("aanbieder", filters.aanbieder),
    ):
        if value is not None:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


NAMED_COLUMNS = ("gemeente", "aanbieder", "product_code", "van_product", "naar_product", "regel")


def with_names(table: pa.Table, names: Names) -> pa.Table:
    """The table with a `<column>_naam` column after every code column a name is known for, so a
    download says "Arnhem" beside "0202" (the codes stay, for recomputing and joining)."""
    for column in NAMED_COLUMNS:
        if column not in table.schema.names:
            continue
        values = [
            names.label(column, value) if value is not None else None for value in table[column].to_pylist()
        ]
        if not any(values):
            continue
        index = table.schema.names.index(column) + 1
        table = table.add_column(index, f"{column}_naam", pa.array(values, pa.string()))
    return table


def in_euros(indicator: Indicator, table: pa.Table) -> pa.Table:
    """Amounts as people read them: every column the indicator declares in eurocents becomes euros
    (two decimals) under a heading that says so (`bedrag` -> `bedrag (euro)`). The JSON API keeps cents."""
    for index, name in enumerate(table.schema.names):
        if indicator.unit_of(name) != "eurocent":
            continue
        cents = table.column(name).to_pylist()
        euros = [None if v is None else Decimal(round(v)).scaleb(-2) for v in cents]
        table = table.set_column(index, f"{name} (euro)", pa.array(euros, pa.decimal128(18, 2)))
    return table


def to_csv(indicator: Indicator, table: pa.Table) -> bytes:
    return _csv(in_euros(indicator, table))


def _csv(table: pa.Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(table.schema.names))
    for row in table.to_pylist():
        writer.writerow(safe_row("" if v is None else _cell(v) for v in row.values()))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_excel(indicator: Indicator, table: pa.Table, filters: Filters) -> bytes:
    table = in_euros(indicator, table)
    book = Workbook()
    sheet = book.active
    sheet.title = "Gegevens"
    sheet.append(safe_row(table.schema.names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.to_pylist():
        sheet.append(safe_row(_cell(v) for v in row.values()))
    for index, cell in enumerate(sheet[1], start=1):
        if isinstance(sheet.cell(row=2, column=index).value, dt.date):
            for (data_cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                data_cell.number_format = "dd-mm-yyyy"
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 2)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Toelichting")
    filter_text = describe_filters(filters) or "geen"
    for label, value in (
        ("Indicator", indicator.name_nl),
        ("Id", indicator.id),
        ("Definitie", indicator.definition_nl),
        ("Eenheid", UNIT_TEXT.get(indicator.unit, indicator.unit)),
        ("Knelpunt", f"{knelpunt(indicator.knelpunt).title} ({indicator.knelpunt})"),
        ("Filters", filter_text),
        ("Aantal rijen", table.num_rows),
    ):
        notes.append(safe_row([label, value]))
        notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXCEL_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows_to_csv(rows: list[dict[str, Any]]) -> bytes:
    """Rows (dicts with the same keys) as CSV the way `to_csv` writes an indicator."""
    return _csv(pa.Table.from_pylist(rows)) if rows else "\ufeff".encode()


def rows_to_excel(rows: list[dict[str, Any]], title: str, notes: list[tuple[str, str]]) -> bytes:
    """Rows as an Excel sheet `Gegevens`, with a sheet `Toelichting` of (label, text) pairs."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Gegevens"
    columns = list(rows[0]) if rows else []
    sheet.append(safe_row(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 2)
    for row in rows:
        sheet.append(safe_row(_cell(row[column]) for column in columns))
    sheet.freeze_panes = "A2"
    explained = book.create_sheet("Toelichting")
    for label, text in [("Titel", title), *notes]:
        explained.append(safe_row([label, text]))
        explained.cell(row=explained.max_row, column=1).font = Font(bold=True)
    explained.column_dimensions["A"].width = 16
    explained.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
