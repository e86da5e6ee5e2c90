"""Helpers the level-2 rule modules share.

Reading values leniently (the XSD has already checked their form, so a value that still cannot be
read is skipped, never a traceback), Dutch formatting of dates and money, and `finding`, which
locates an element with the context's `Locator` (linear in the message, see `locate.py`).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from lxml import etree

from zorgpad import formatting
from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.rules.locate import Locator as Locator  # re-exported: rule modules and tests use it
from zorgpad.ijw.values import find_value

LEVEL2 = "0001"
_B = f"{{{NS_BASIS}}}"


# --- reading values -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def as_date(text: str | None) -> date | None:
    """An xs:date as a `date`; None when absent or outside what `date` can hold (e.g. year 0)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def as_int(text: str | None) -> int | None:
    """An xs:integer (``"+0042"`` included) as an int; None when absent."""
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def clean(text: str | None) -> str:
    return text.strip() if text else ""


def basis(name: str) -> str:
    """The Clark name of a base-schema element (``{ns}Datum``)."""
    return _B + name


def in_message(context: RuleContext, name: str) -> str:
    """The Clark name of a message-namespace element (``{jw323-ns}Prestatie``)."""
    return f"{{{context.document.message_type.namespace}}}{name}"


def dagtekening(context: RuleContext) -> date | None:
    """The Dagtekening of the message: Header/BerichtIdentificatie/Dagtekening."""
    header = context.root.find(in_message(context, "Header"))
    if header is None:
        return None
    ident = header.find(in_message(context, "BerichtIdentificatie"))
    return None if ident is None else as_date(find_value(ident, basis("Dagtekening")))


def minus_months(day: date, months: int) -> date:
    """`day` moved back by whole months, clipped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"cannot move {day} back {months} months")


# --- Dutch formatting -----------------------------------------------------------------------------


def nl_date(day: date) -> str:
    return formatting.day(day)


def nl_euro(cents: int) -> str:
    """Eurocents as Dutch money: 123456 -> '€ 1.234,56' (the one formatter)."""
    return formatting.euro(cents)


# --- locations ------------------------------------------------------------------------------------


def locator(context: RuleContext) -> Locator:
    """The locator shared by every rule run on this context (elements are numbered on first failure)."""
    return context.locator


def finding(context: RuleContext, rule: str, element: etree._Element, message: str) -> Finding:
    return Finding(rule, LEVEL2, context.locator.xpath(element), message)
