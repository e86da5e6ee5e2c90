"""Calendar arithmetic over stored dates, as Ibis expressions (so the same on DuckDB and Spark): how
many ISO weeks, months or days a period touches, and how often an allocation's volume fits in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

if TYPE_CHECKING:
    import ibis.expr.types as ir


def days_between(first: ir.DateValue, last: ir.DateValue) -> ir.IntegerValue:
    """Days from `first` to `last` inclusive."""
    return last.delta(first, unit="day") + 1


def _monday(day: ir.DateValue) -> ir.DateValue:
    return day - day.day_of_week.index().cast("int64").as_interval("D")


def iso_weeks(first: ir.DateValue, last: ir.DateValue) -> ir.IntegerValue:
    """Number of ISO weeks (Monday-Sunday) the period touches, across year ends too (IV077)."""
    return _monday(last).delta(_monday(first), unit="day") // 7 + 1


def months_touched(first: ir.DateValue, last: ir.DateValue) -> ir.IntegerValue:
    return (last.year() * 12 + last.month()) - (first.year() * 12 + first.month()) + 1


def allocation_periods(
    frequentie: ir.StringValue, first: ir.DateValue, last: ir.DateValue
) -> ir.IntegerValue:
    """How many times the allocated volume fits in the whole allocation (TR322): once for a total (6),
    per ISO week (2), month (4) or day (1) from Ingangsdatum to Einddatum; null without an end date."""
    return ibis.cases(
        (frequentie == "6", 1),
        (frequentie == "2", iso_weeks(first, last)),
        (frequentie == "4", months_touched(first, last)),
        (frequentie == "1", days_between(first, last)),
        else_=ibis.null("int64"),
    )
