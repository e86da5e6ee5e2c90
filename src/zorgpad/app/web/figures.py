"""Key figures (kerncijfers) at the top of the overview and drill-down pages.

Each key figure is read from an indicator (so it is defined once, in `zorgpad.insights`): the sum of one
of its columns, or its number of rows. A figure whose indicator or column is absent is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

import pyarrow.compute as pc

from zorgpad.app.web.data import WebData
from zorgpad.app.web.tables import format_value
from zorgpad.insights.registry import Filters


@dataclass(frozen=True)
class KeyFigure:
    label: str
    indicator: str
    column: str | None
    how: Literal["sum", "rows"]
    unit: str | None


@dataclass(frozen=True)
class Shown:
    label: str
    value: str
    link: str


KEY_FIGURES = (
    KeyFigure("gedeclareerd", "kosten-per-gemeente", "bedrag", "sum", "eurocent"),
    KeyFigure("cliënten met gedeclareerde zorg", "kosten-per-gemeente", "clienten", "sum", None),
    KeyFigure("aanbieders die declareerden", "kosten-per-aanbieder", None, "rows", None),
    KeyFigure("producten gedeclareerd", "kosten-per-product", None, "rows", None),
    # From the latest control run: equal to the sums of its JW325s.
    KeyFigure("toegekend", "controle-uitkomst", "toegekend_bedrag", "sum", "eurocent"),
    KeyFigure("afgewezen", "controle-uitkomst", "afgewezen_bedrag", "sum", "eurocent"),
)


def key_figure_units(data: WebData, filters: Filters) -> list[Callable[[], object]]:
    """The warm-up's units for the key figures: one indicator result each (see warmup.py)."""
    ids = {figure.indicator for figure in KEY_FIGURES}
    return [partial(data.outcome, item, filters) for item in data.indicators() if item.id in ids]


def key_figures(data: WebData, filters: Filters, link_query: str = "") -> list[Shown]:
    by_id = {item.id: item for item in data.indicators()}
    shown = []
    for figure in KEY_FIGURES:
        indicator = by_id.get(figure.indicator)
        if indicator is None:
            continue
        table = data.outcome(indicator, filters).table
        if table is None:
            continue
        if figure.how == "rows":
            value: object = table.num_rows
        elif figure.column in table.schema.names:
            value = pc.sum(table[figure.column]).as_py() or 0
        else:
            continue
        link = f"/indicatoren/{indicator.id}{link_query}"
        shown.append(Shown(figure.label, format_value(value, figure.unit), link))
    return shown
