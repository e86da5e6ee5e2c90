"""Shared pieces of rule functions: the object keys every result carries, calendar arithmetic, and
the order of received messages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import ibis

from zorgpad.control.registry import LineCheck

# Re-exported: the rules' calendar arithmetic, shared with the store's summaries.
from zorgpad.store.periods import allocation_periods as allocation_periods
from zorgpad.store.periods import days_between as days_between
from zorgpad.store.periods import iso_weeks as iso_weeks
from zorgpad.store.periods import months_touched as months_touched

if TYPE_CHECKING:
    import ibis.expr.types as ir

# Every rule result carries these columns (null where they do not apply to the object).
KEY_COLUMNS = (
    "message_id",
    "position",
    "referentie_nummer",
    "toewijzing_nummer",
    "client_key",
    "aanbieder",
    "gemeente",
    "bedrag",
)
KEY_TYPES = {
    "message_id": "string",
    "position": "int64",
    "referentie_nummer": "string",
    "toewijzing_nummer": "int64",
    "client_key": "string",
    "aanbieder": "string",
    "gemeente": "string",
    "bedrag": "int64",
}
# Units with an hourly allocation may be declared in minutes (TR341, IV081).
MINUTE, HOUR = "01", "04"
OUTPUT_UNITS = ("82", "83")
EURO = "83"


def line_check(hit: ir.BooleanValue, **facts: ir.Value) -> LineCheck:
    """A prestatie rule's verdict and facts as expressions over the judged lines (one pass for all rules)."""
    return LineCheck(hit, facts)


def line_result(lines: ir.Table, hit: ir.BooleanValue, **facts: Any) -> ir.Table:
    """A prestatie-level result: the line's keys, the facts, and the verdict."""
    return lines.select(
        message_id=lines.message_id,
        position=lines.position,
        referentie_nummer=lines.referentie_nummer,
        toewijzing_nummer=lines.toewijzing_nummer,
        client_key=lines.client_key,
        aanbieder=lines.aanbieder,
        gemeente=lines.gemeente,
        bedrag=lines.signed_bedrag,
        **facts,
        hit=hit,
    )


def object_result(table: ir.Table, hit: ir.BooleanValue, keys: dict[str, Any], **facts: Any) -> ir.Table:
    """A result for another object kind: the given keys, null for the rest."""
    columns = {name: keys[name] if name in keys else ibis.null(KEY_TYPES[name]) for name in KEY_COLUMNS}
    return table.select(**columns, **facts, hit=hit)


def month_start(day: ir.DateValue) -> ir.DateValue:
    return day.truncate("M")


@ibis.udf.scalar.builtin(name="last_day")  # type: ignore[untyped-decorator]
def _last_day(day: dt.date) -> dt.date:  # type: ignore[empty-body]
    """The last day of the day's month: a date function of DuckDB and Spark alike (no timestamps)."""


def month_end(day: ir.DateValue) -> ir.DateValue:
    return _last_day(day)


def is_month_start(day: ir.DateValue) -> ir.BooleanValue:
    """Day of month 1: a field extraction, much cheaper than comparing with `month_start`."""
    return day.day() == 1


def is_month_end(day: ir.DateValue) -> ir.BooleanValue:
    return month_end(day) == day


def sundays(first: ir.DateValue, last: ir.DateValue) -> ir.IntegerValue:
    """Number of Sundays in the period (outputgericht weekly volumes, IV077)."""
    first_sunday = first + (6 - first.day_of_week.index().cast("int64")).as_interval("D")
    last_sunday = last - ((last.day_of_week.index().cast("int64") + 1) % 7).as_interval("D")
    count = last_sunday.delta(first_sunday, unit="day") // 7 + 1
    return ibis.ifelse(first_sunday <= last_sunday, count, 0)


def minute_factor(line_unit: ir.StringValue, allocation_unit: ir.StringValue) -> ir.IntegerValue:
    """60 when an hourly allocation is declared in minutes, else 1."""
    return ibis.ifelse((line_unit == MINUTE) & (allocation_unit == HOUR), 60, 1)


def round_half_up_div(numerator: ir.IntegerValue, denominator: int) -> ir.IntegerValue:
    """Integer division rounded half up, for non-negative numbers (cents, as IV081 rounds)."""
    return (numerator * 2 + denominator) // (2 * denominator)


def came_before(mine: ir.Table, theirs: ir.Table, prefix: str) -> ir.BooleanValue:
    """Whether `theirs` (columns `<prefix>dagtekening`, `<prefix>message_id`) came before `mine`: an
    earlier Dagtekening, or the same one and a smaller message id (messages of one day have no order of
    their own)."""
    day, message = theirs[f"{prefix}dagtekening"], theirs[f"{prefix}message_id"]
    return (day < mine.dagtekening) | ((day == mine.dagtekening) & (message < mine.message_id))


def union_all(parts: list[ir.Table]) -> ir.Table:
    """The rows of every part (at least one), duplicates kept."""
    union = parts[0]
    for part in parts[1:]:
        union = union.union(part)
    return union
