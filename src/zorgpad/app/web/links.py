"""Where a bar, point or table row leads: the claim lines behind it (`/declaraties` with filters).

A row's dimensions that are also filters (municipality, provider, product, month) narrow the page's own
filters; an indicator without such a dimension (a care form, a kind of move, a rule) has no link yet.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from zorgpad.app.web.filters import query_string
from zorgpad.insights.registry import Filters, Indicator
from zorgpad.report.charts import Link

FILTER_OF = {
    "gemeente": "gemeente",
    "aanbieder": "aanbieder",
    "product_code": "product",
    "van_product": "product",
}


def _month(value: str) -> dict[str, str] | None:
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return {"van": first.isoformat(), "tot": last.isoformat()}


def claim_link(indicator: Indicator, filters: Filters) -> Link | None:
    """A function giving each row's link to its claim lines, or None when no dimension maps to a filter."""
    dimensions = [d for d in indicator.dimensions if d in FILTER_OF or d == "maand"]
    if not dimensions:
        return None

    def link(row: dict[str, Any]) -> str | None:
        fixed: dict[str, str | None] = {}
        for dimension in dimensions:
            value = row.get(dimension)
            if value is None:
                return None
            if dimension == "maand":
                period = _month(str(value))
                if period is None:
                    return None
                fixed.update(period)
            else:
                fixed[FILTER_OF[dimension]] = str(value)
        return f"/declaraties{query_string(filters, **fixed)}"

    return link
