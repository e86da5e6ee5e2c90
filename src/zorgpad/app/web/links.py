"""Where a bar, point or table row leads: the claim lines behind it (`/declaraties` with filters).

A row's dimensions that are also filters (municipality, provider, product, month, year) narrow the
page's own filters; every other dimension (a care form, a rule, a reason of ending, a kind of move, ...)
becomes a line selector (`zorgpad.insights.line_selectors`) that narrows the lines the same way its
indicator counts them. Descriptive columns (a rule's description, a severity) are left out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from zorgpad.app.web.filters import query_string
from zorgpad.insights.line_selectors import DIMENSION_PARAM
from zorgpad.insights.registry import Filters, Indicator
from zorgpad.report.charts import Link

FILTER_OF = {
    "gemeente": "gemeente",
    "aanbieder": "aanbieder",
    "product_code": "product",
}


def _month(value: str) -> dict[str, str] | None:
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return {"van": first.isoformat(), "tot": last.isoformat()}


def _year(value: str) -> dict[str, str] | None:
    if not value.isdigit() or len(value) != 4:
        return None
    return {"van": f"{value}-01-01", "tot": f"{value}-12-31"}


def claim_link(indicator: Indicator, filters: Filters) -> Link | None:
    """A function giving each row's link to its claim lines, or None when no dimension maps to a
    filter or a line selector."""
    dimensions = [
        d for d in indicator.dimensions if d in FILTER_OF or d in ("maand", "jaar") or d in DIMENSION_PARAM
    ]
    if not dimensions:
        return None

    def link(row: dict[str, Any]) -> str | None:
        # A dimension absent from `row` is not narrowed on (a bar that sums rows differing in it);
        # one present but empty has no lines to show.
        fixed: dict[str, str | None] = {}
        present = [dimension for dimension in dimensions if dimension in row]
        if not present:
            return None
        for dimension in present:
            value = row[dimension]
            if value is None:
                return None
            if dimension in ("maand", "jaar"):
                period = (_month if dimension == "maand" else _year)(str(value))
                if period is None:
                    return None
                fixed.update(period)
            elif dimension in FILTER_OF:
                fixed[FILTER_OF[dimension]] = str(value)
            else:
                fixed[DIMENSION_PARAM[dimension]] = str(value)
        return f"/declaraties{query_string(filters, **fixed)}"

    return link
