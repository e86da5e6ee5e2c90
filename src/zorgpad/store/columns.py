"""Row buffers: rows are appended as plain Python tuples, then turned into one Arrow table per chunk.

Extractors append the text of XML elements as found; dates, integers and times are converted here,
column at a time (Arrow's vectorised casts), which is much faster than converting value by value.
A value a fast cast refuses (XSD allows `+5` or surrounding spaces in an integer) falls back to a
careful per-value conversion.

Appending a tuple to one list is the cheapest thing Python can do per row; the rows are turned into
columns once, with `zip(*rows)`, when the buffer becomes an Arrow table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from zorgpad.store.schema import TABLES, TableSpec

Value = Any


class TableBuffer:
    """The rows of one table; `append` takes a row in the table's column order."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.rows: list[Sequence[Value]] = []
        self.append: Callable[[Sequence[Value]], None] = self.rows.append

    def __len__(self) -> int:
        return len(self.rows)

    def to_arrow(self) -> pa.Table:
        schema = self.spec.arrow_schema
        # strict: every row has the same width, and that width is the table's.
        columns = list(zip(*self.rows, strict=True)) if self.rows else [() for _ in schema]
        arrays = [_convert(list(values), field.type) for values, field in zip(columns, schema, strict=True)]
        return pa.Table.from_arrays(arrays, schema=schema)


class Batch:
    """Buffers for every table, filled by the extractors of one chunk of files."""

    def __init__(self) -> None:
        self.tables = {name: TableBuffer(spec) for name, spec in TABLES.items()}

    def __getitem__(self, name: str) -> TableBuffer:
        return self.tables[name]

    def lengths(self) -> tuple[int, ...]:
        """The number of rows of every table, in `TABLES` order."""
        return tuple(len(buffer.rows) for buffer in self.tables.values())

    def row_count(self) -> int:
        return sum(self.lengths())


def warm_casts() -> None:
    """Load Arrow's cast kernels (the first cast of a process takes about half a second)."""
    _convert(["2025-01-01"], pa.date32())
    _convert(["1"], pa.int64())


def _convert(values: list[Value], target: pa.DataType) -> pa.Array:
    if pa.types.is_date32(target):
        return _cast_text(values, target, _parse_date)
    if pa.types.is_integer(target):
        return _cast_text(values, target, _parse_int)
    if pa.types.is_time(target):
        return pa.array([_parse_time(v) for v in values], type=target)
    return pa.array(values, type=target)


def _cast_text(values: list[Value], target: pa.DataType, careful: Callable[[str | None], Any]) -> pa.Array:
    first = next((v for v in values if v is not None), None)
    if isinstance(first, str):
        try:  # text as found in the XML: one vectorised cast
            cast = pc.cast(pa.array(values, type=pa.string()), target)
            # Arrow reads dates Python cannot hold (year 0, from an XSD-invalid message's header);
            # then every value is read the careful way, which leaves such a date empty.
            if not pa.types.is_date32(target) or _holdable_dates(cast):
                return cast
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
    else:
        try:  # already typed (ints, dates) or all null
            return pa.array(values, type=target)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pa.array([careful(None if v is None else str(v)) for v in values], type=target)


# Days since 1970-01-01 of the first and last day Python's `date` (and so every reader) can hold.
_FIRST_DAY, _LAST_DAY = (
    (dt.date(1, 1, 1) - dt.date(1970, 1, 1)).days,
    (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days,
)


def _holdable_dates(dates: pa.Array) -> bool:
    days = pc.min_max(dates.cast(pa.int32()))
    low, high = days["min"].as_py(), days["max"].as_py()
    return low is None or (low >= _FIRST_DAY and high <= _LAST_DAY)


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
