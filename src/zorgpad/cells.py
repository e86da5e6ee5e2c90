"""Spreadsheet cells that can never run as a formula: the one helper for every CSV and Excel cell.

A value from a provider's message or CSV file (a ReferentieNummer `=HYPERLINK("//x")`, a ProductCode
`=1+1`) written as is would be a live formula in Excel or LibreOffice (CSV injection). Every text cell
zorgpad writes to CSV or Excel goes through `safe_cell`: text that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return gets a leading apostrophe, which spreadsheets show as text. Numbers, dates and
text that is a plain number (`-12`, `+3,5`) are left as they are: they cannot run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def safe_cell(value: Any) -> Any:
    """`value`, with text that a spreadsheet would read as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """`safe_cell` of every value of one row."""
    return [safe_cell(value) for value in values]
