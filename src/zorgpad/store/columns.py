"""Column buffers: rows are appended as plain Python values, then turned into one Arrow table per batch.

Extractors append the text of XML elements as found; dates, integers and times are converted here,
column at a time (Arrow's vectorised casts), which is much faster than converting value by value.
A value a fast cast refuses (XSD allows `+5` or surrounding spaces in an integer) falls back to a
careful per-value conversion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from zorgpad.store.schema import TABLES, TableSpec

Value = Any


class TableBuffer:
    """Column lists for one table; `append` takes a row in the table's column order."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.columns: list[list[Value]] = [[] for _ in spec.columns]

    def append(self, row: Sequence[Value]) -> None:
        for column, value in zip(self.columns, row, strict=True):
            column.append(value)

    def __len__(self) -> int:
        return len(self.columns[0])

    def to_arrow(self) -> pa.Table:
        schema = self.spec.arrow_schema
        arrays = [_convert(values, field.type) for values, field in zip(self.columns, schema, strict=True)]
        return pa.Table.from_arrays(arrays, schema=schema)


class Batch:
    """Buffers for every table, filled by the extractors and flushed in one transaction."""

    def __init__(self) -> None:
        self.tables = {name: TableBuffer(spec) for name, spec in TABLES.items()}

    def __getitem__(self, name: str) -> TableBuffer:
        return self.tables[name]

    def row_count(self) -> int:
        return sum(len(buffer) for buffer in self.tables.values())


def _convert(values: list[Value], target: pa.DataType) -> pa.Array:
    if pa.types.is_date32(target):
        return _cast_text(values, target, _parse_date)
    if pa.types.is_integer(target):
        return _cast_text(values, target, _parse_int)
    if pa.types.is_time(target):
        return pa.array([_parse_time(v) for v in values], type=target)
    return pa.array(values, type=target)


def _cast_text(values: list[Value], target: pa.DataType, careful: Any) -> pa.Array:
    try:  # already typed (ints, dates) or all null
        return pa.array(values, type=target)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    try:  # text as found in the XML: one vectorised cast
        return pc.cast(pa.array(values, type=pa.string()), target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pa.array([careful(None if v is None else str(v)) for v in values], type=target)


def _parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _parse_time(value: Value) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError:
        return None
