"""Dutch explanation templates: ``{fact}`` placeholders filled with the facts a rule compared.

One template, two renderers that must agree (a test holds them to it): `render_expr` builds the text as
an Ibis expression, so the findings table is filled on the backend for millions of rows; `render_text`
fills it in Python for `zorgpad explain` and the snapshot tests. A fact's kind decides its format:
dates as dd-mm-jjjj, eurocents as "€ 1.234,56" (both by `zorgpad.formatting`), numbers and text as
they are; a missing value as "onbekend".
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from typing import TYPE_CHECKING

import ibis

from zorgpad import formatting
from zorgpad.control.registry import Fact, FactKind

if TYPE_CHECKING:
    import ibis.expr.types as ir

MISSING = "onbekend"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def format_value(kind: FactKind, value: object) -> str:
    """One fact value as a user reads it."""
    if value is None:
        return MISSING
    if kind == "datum" and isinstance(value, dt.date):
        return formatting.day(value)
    if kind == "euro" and isinstance(value, int):
        return formatting.euro(value)
    if isinstance(value, float):
        # A measure: whole numbers without decimals, else at most two, with a decimal comma.
        return str(int(value)) if value.is_integer() else str(round(value, 2)).replace(".", ",")
    return str(value)


def render_text(template: str, facts: Mapping[str, object], kinds: Mapping[str, FactKind]) -> str:
    parts: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(literal)
        if name:
            parts.append(format_value(kinds[name], facts.get(name)))
    return "".join(parts)


def format_expr(kind: FactKind, value: ir.Value) -> ir.StringValue:
    """The same formatting as `format_value`, as a portable Ibis expression."""
    if kind == "datum":
        text = value.strftime("%d-%m-%Y")
    elif kind == "euro":
        text = euro_expr(value.cast("int64"))
    elif value.type().is_floating():
        whole = value == value.round(0)
        text = ibis.ifelse(
            whole, value.cast("int64").cast("string"), value.round(2).cast("string").replace(".", ",")
        )
    else:
        text = value.cast("string")
    return text.fill_null(MISSING)


def euro_expr(cents: ir.IntegerValue) -> ir.StringValue:
    """`zorgpad.formatting.euro` on the backend: '-€ 1.234.567,89' (thousands grouped up to 10^15 euro)."""
    euros = cents.abs() // 100
    rest = (cents.abs() % 100).cast("string").lpad(2, "0")
    groups = [(euros // 10**power) % 1000 for power in (12, 9, 6, 3)]
    units = (euros % 1000).cast("string")
    # A group below the highest one is padded to three digits; groups are joined with a dot.
    text = ibis.ifelse(euros >= 1000, units.lpad(3, "0"), units)
    for index, group in enumerate(reversed(groups)):
        higher = euros >= 10 ** (3 * (index + 2))
        padded = ibis.ifelse(higher, group.cast("string").lpad(3, "0"), group.cast("string"))
        text = ibis.ifelse(euros >= 10 ** (3 * (index + 1)), padded + "." + text, text)
    sign = ibis.ifelse(cents < 0, "-", "")
    return sign + "€ " + text + "," + rest


def render_expr(template: str, columns: Mapping[str, ir.Value], facts: tuple[Fact, ...]) -> ir.StringValue:
    kinds = {fact.name: fact.kind for fact in facts}
    pieces: list[ir.StringValue] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            pieces.append(ibis.literal(literal))
        if name:
            pieces.append(format_expr(kinds[name], columns[name]))
    if not pieces:
        return ibis.literal("")
    result = pieces[0]
    for piece in pieces[1:]:
        result = result + piece
    return result
