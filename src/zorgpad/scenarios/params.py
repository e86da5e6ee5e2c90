"""Declared reform parameters: name, Dutch description, type, default and a low/central/high range.

A parameter value arrives as text (command line `k=v`) or as a YAML value; `Parameter.parse` turns both
into one typed Python value or raises a Dutch `UserError` (code SCN-PARAMETER). Money is given in euros
(`92,00` or `92.00`) and kept in integer eurocents; percentages are plain numbers (`40` = 40%).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from zorgpad import formatting
from zorgpad.errors import UserError

ParamType = Literal["procent", "getal", "geheel", "bedrag", "producten", "tekst", "keuze", "datum"]
Value = float | int | str | tuple[str, ...] | dt.date | None

TYPE_NL: dict[str, str] = {
    "procent": "percentage",
    "getal": "getal",
    "geheel": "geheel getal",
    "bedrag": "bedrag in euro",
    "producten": "lijst productcodes of zorgvormen (op de opdrachtregel gescheiden door +)",
    "tekst": "tekst",
    "keuze": "keuze",
    "datum": "datum (JJJJ-MM-DD)",
}
_NUMERIC = ("procent", "getal", "geheel", "bedrag")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter. `default` None with `required` means the user must give it."""

    name: str
    description_nl: str
    type: ParamType
    default: Value = None
    low: Value = None
    high: Value = None
    choices: tuple[str, ...] = ()
    required: bool = False

    @property
    def varies(self) -> bool:
        """Whether the sensitivity table reruns this parameter at a low and a high value."""
        return self.low is not None and self.high is not None

    def parse(self, raw: object, where: str) -> Value:
        """A typed value from command-line text or a YAML value; a located Dutch error otherwise."""
        try:
            return _parse(self, raw)
        except (ValueError, InvalidOperation, TypeError):
            expected = TYPE_NL[self.type]
            if self.type == "keuze":
                expected += f" uit {', '.join(self.choices)}"
            shown = str(raw) if len(str(raw)) <= _MAX_TEXT else str(raw)[:_MAX_TEXT] + "…"
            raise UserError(
                "SCN-PARAMETER",
                f"Parameter {self.name}: '{shown}' is geen geldige waarde; verwacht: {expected}"
                f"{' (hoogstens een biljoen, 10^12)' if self.type in _NUMERIC else ''}.",
                where,
            ) from None

    def show(self, value: Value) -> str:
        """The value as a Dutch reader sees it."""
        return show_value(self.type, value)


MAX_MAGNITUDE = Decimal(10) ** 12
_MAX_TEXT = 40  # longer number text is refused unparsed, and quoted only as an excerpt


def _number(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError("boolean")
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("€", "").replace(" ", "")
        if len(text) > _MAX_TEXT:
            raise ValueError("too long")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        number = Decimal(text)
    # 1e309 or NaN would pass as a number and overflow later, far from the command line.
    if not number.is_finite() or abs(number) > MAX_MAGNITUDE:
        raise ValueError("out of range")
    return number


def _parse(param: Parameter, raw: object) -> Value:
    kind = param.type
    if kind in ("procent", "getal"):
        return float(_number(raw))
    if kind == "geheel":
        number = _number(raw)
        if number != number.to_integral_value():
            raise ValueError("not whole")
        return int(number)
    if kind == "bedrag":
        return int((_number(raw) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if kind == "producten":
        items = list(raw) if isinstance(raw, list | tuple) else re.split(r"[+\s]+", str(raw).strip())
        return tuple(str(item).strip() for item in items if str(item).strip())
    if kind == "datum":
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
    text = str(raw).strip()
    if kind == "keuze" and text not in param.choices:
        raise ValueError("not a choice")
    if not text:
        raise ValueError("empty")
    return text


def euro(cents: float | int | Decimal) -> str:
    """€ 1.234,56 (cents may be fractional: rounded half up to the cent), by the one formatter."""
    return formatting.euro(cents)


def number_nl(value: float) -> str:
    """A number with a decimal comma and no needless zeros (3.3 -> '3,3', 40.0 -> '40')."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def show_value(kind: str, value: Value) -> str:
    if value is None:
        return "—"
    if kind == "procent" and isinstance(value, int | float):
        return f"{number_nl(float(value))} %"
    if kind == "bedrag" and isinstance(value, int | float):
        return euro(value)
    if kind in ("getal", "geheel") and isinstance(value, int | float):
        return number_nl(float(value))
    if isinstance(value, tuple):
        return ", ".join(value) if value else "alle"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def is_numeric(param: Parameter) -> bool:
    return param.type in _NUMERIC
