"""The one formatter: how every number, amount, date and count reads for people, in Dutch.

CLI, dashboard, board report, Excel and explanations all format through this module, so an amount reads
the same everywhere. Money is integer eurocents inside; it becomes text only here.

    euro(123456)              '€ 1.234,56'      (negative: '-€ 1.234,56'; whole=True: '€ 1.235')
    number(1234.5, 1)         '1.234,5'
    percent(23.4)             '23 %'            (the value is already in percent; decimals optional)
    share(7, 30)              '23 %'            (part of a whole, as a percentage)
    day(date(2025, 6, 1))     '01-06-2025'      (dd-mm-jjjj; also takes an ISO string)
    count(1, "open verzoek", "open verzoeken")  '1 open verzoek'; 2 -> '2 open verzoeken'
    measure(123456, "eurocent")  '€ 1.234,56'     (a value in an indicator unit; unit_name("eurocent") 'euro')

A missing value (None) reads as `MISSING` ("–") everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MISSING = "–"


def _group(digits: str) -> str:
    """'1234567' -> '1.234.567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def _rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """A count or measure with Dutch separators: 1234 -> '1.234', 12.5 (1 decimal) -> '12,5'.

    Rounds half up; a value that rounds to zero has no sign (never '-0,0')."""
    if value is None:
        return MISSING
    rounded = _rounded(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + _group(whole) + (f",{fraction}" if fraction else "")


def euro(cents: float | int | Decimal | None, *, whole: bool = False) -> str:
    """Eurocents as money: 123456 -> '€ 1.234,56'; with `whole` rounded to euros: '€ 1.235'.

    Fractional cents (an average) are rounded half up to the cent. Negative: '-€ 1.234,56'."""
    if cents is None:
        return MISSING
    value = _rounded(cents, 0)
    sign = "-" if value < 0 else ""
    amount = abs(int(value))
    if whole:
        return f"{sign}€ {_group(str((amount + 50) // 100))}"
    return f"{sign}€ {_group(str(amount // 100))},{amount % 100:02d}"


def percent(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """A value already in percent: 23.4 -> '23 %' (with decimals=1: '23,4 %')."""
    if value is None:
        return MISSING
    return f"{number(value, decimals)} %"


def share(part: float | int, whole: float | int, decimals: int = 0) -> str:
    """`part` of `whole` as a percentage: share(7, 30) -> '23 %'; an empty whole reads as missing."""
    if not whole:
        return MISSING
    return percent(100 * part / whole, decimals)


def day(value: dt.date | str | None) -> str:
    """A date as dd-mm-jjjj: date(2025, 6, 1) -> '01-06-2025'; an ISO string is read first."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d-%m-%Y")


def count(n: int, singular: str, plural: str) -> str:
    """A number with its noun in the right form: '1 open verzoek', '2 open verzoeken', '0 producten'."""
    return f"{number(n)} {singular if n == 1 else plural}"


# How a unit of measure (an indicator's, `zorgpad.insights.registry.Unit`) is named for people.
UNIT_NAMES = {
    "eurocent": "euro",
    "euro": "euro",
    "aantal": "aantal",
    "dagen": "dagen",
    "maanden": "maanden",
    "uren": "uren",
    "procent": "%",
    "ratio": "verhouding",
}
_SUFFIX = {"dagen": " dagen", "maanden": " maanden", "uren": " uur"}


def unit_name(unit: str | None) -> str:
    """The unit as a reader names it: 'eurocent' -> 'euro' (amounts are always shown in euros)."""
    return UNIT_NAMES.get(unit or "", unit or "")


def measure(value: float | int | Decimal | None, unit: str | None) -> str:
    """A value in a unit of measure: eurocent and euro as money, procent as '23 %', hours, days and
    months with their word, a ratio with two decimals, a count as a whole number."""
    if value is None:
        return MISSING
    if unit == "eurocent":
        return euro(value)
    if unit == "euro":
        return euro(Decimal(str(value)) * 100)
    whole = isinstance(value, int) or float(value).is_integer()
    if unit == "procent":
        return percent(value, 0 if whole else 1)
    if unit == "ratio":
        return number(value, 2)
    return number(value, 0 if whole else 1) + _SUFFIX.get(unit or "", "")
