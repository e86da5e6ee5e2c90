"""The one formatter: money, numbers, percentages, dates and counts as a Dutch reader expects them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import ibis
import pyarrow as pa
import pytest

from zorgpad import formatting
from zorgpad.control.template import format_expr


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "€ 0,00"),
        (5, "€ 0,05"),
        (4089140, "€ 40.891,40"),
        (176391425, "€ 1.763.914,25"),
        (-3103635, "-€ 31.036,35"),
        (1234.5, "€ 12,35"),
        (Decimal("99.4"), "€ 0,99"),
    ],
)
def test_euro(cents: int | float | Decimal, text: str) -> None:
    assert formatting.euro(cents) == text


def test_euro_whole_and_missing() -> None:
    assert formatting.euro(125300000, whole=True) == "€ 1.253.000"
    assert formatting.euro(1253049, whole=True) == "€ 12.530"
    assert formatting.euro(None) == formatting.MISSING


def test_number_never_negative_zero() -> None:
    assert formatting.number(-0.04, 1) == "0,0"
    assert formatting.number(-0.0) == "0"
    assert formatting.number(-1234.56, 1) == "-1.234,6"
    assert formatting.number(14000) == "14.000"


def test_percent_and_share() -> None:
    assert formatting.percent(23.4) == "23 %"
    assert formatting.percent(12.45, 1) == "12,5 %"
    assert formatting.share(7, 30) == "23 %"
    assert formatting.share(1, 0) == formatting.MISSING


def test_day() -> None:
    assert formatting.day(dt.date(2025, 6, 1)) == "01-06-2025"
    assert formatting.day("2025-12-27") == "27-12-2025"
    assert formatting.day(None) == formatting.MISSING


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0 open verzoeken"), (1, "1 open verzoek"), (2, "2 open verzoeken"), (1234, "1.234 open verzoeken")],
)
def test_count(n: int, text: str) -> None:
    assert formatting.count(n, "open verzoek", "open verzoeken") == text


def test_backend_euro_matches_python() -> None:
    values = [0, 7, -7, 100, 123456, -123456, 99999999, 100000000, 123456789012, -100099]
    table = ibis.memtable(pa.table({"v": pa.array(values, pa.int64())}))
    rendered = ibis.duckdb.connect().execute(table.select(s=format_expr("euro", table.v)))["s"].tolist()
    assert rendered == [formatting.euro(value) for value in values]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1125300000, "eurocent", "€ 11.253.000,00"),
        (12.5, "euro", "€ 12,50"),
        (7, "procent", "7 %"),
        (23.44, "procent", "23,4 %"),
        (14000.0, "uren", "14.000 uur"),
        (1.234, "ratio", "1,23"),
        (3, "aantal", "3"),
        (None, "eurocent", formatting.MISSING),
    ],
)
def test_measure(value: float | None, unit: str, text: str) -> None:
    assert formatting.measure(value, unit) == text


def test_unit_name_never_says_eurocent() -> None:
    assert formatting.unit_name("eurocent") == "euro"
    assert formatting.unit_name("procent") == "%"
