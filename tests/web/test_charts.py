"""Every indicator's chart, drawn from typical, empty and extreme data, measured on the figure that
writes the SVG and checked in the SVG itself: the legend never overlaps the plot, no label is cut or
runs off the figure, bars start at zero, the axis names the unit of the values, tick labels share their
decimals, and a category keeps its colour on every chart of a knelpunt page."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from fastapi import FastAPI
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from zorgpad.insights.registry import Filters, Indicator, all_indicators
from zorgpad.report.charts import _RC, axis_label, chart_figure, plot_data, render_chart

pytestmark = pytest.mark.slow  # every indicator drawn three times: ~1 minute on a quiet machine

CHARTED = [item for item in all_indicators() if item.chart.kind != "none"]
# What a measure column must be called to carry the indicator's unit (a unit that matches its values).
UNIT_WORDS = {
    "eurocent": ("bedrag", "kosten", "mediaan"),
    "procent": ("aandeel", "uitputting"),
    "dagen": ("dagen",),
    "maanden": ("maanden",),
}
LONG = "Een uitzonderlijk lange naam van een categorie die over meerdere regels moet lopen"


# The test store has no control findings and its catalogue no task budgets; typical rows for the
# indicators that read them.
WITHOUT_FINDINGS = {
    "budget-uitputting": [
        {"budget": name, "aanbieder": agb, "jaar": 2025, "budget_bedrag": budget, "gedeclareerd": spent,
         "uitputting": round(100 * spent / budget, 1), "jaar_verstreken": 75.0, "signaal": signal}
        for name, agb, budget, spent, signal in (
            ("Ambulante begeleiding", "99000011", 1_000_000_00, 820_000_00, "loopt voor"),
            ("Crisiszorg", "99000012", 400_000_00, 180_000_00, ""),
        )
    ],
    "controle-uitkomst": [
        {"gemeente": gemeente, "aanbieder": agb, "antwoorden": n, "toegekend_bedrag": n * 98_000_00,
         "afgewezen_bedrag": n * 1_250_00, "afgewezen_credit_bedrag": credit}
        for gemeente, agb, n, credit in (("0202", "99000011", 14, 0), ("0221", "99000012", 9, 310_36))
    ],
    "afgewezen-per-regel": [
        {"regel": code, "omschrijving": code, "ernst": "afkeur", "bevindingen": n,
         "afgewezen_bedrag": n * 41_250, "gesignaleerd_bedrag": 0}
        for code, n in (("ZP104", 12), ("ZP108", 7), ("TR307", 3), ("ZP106", 1))
    ]
}  # fmt: skip


def _typical(app: FastAPI, item: Indicator) -> pa.Table:
    table = app.state.data.outcome(item, Filters()).table
    assert table is not None, item.id
    if table.num_rows == 0 and item.id in WITHOUT_FINDINGS:
        table = pa.Table.from_pylist(WITHOUT_FINDINGS[item.id], schema=table.schema)
    assert table.num_rows > 0, item.id
    return table


def _extreme(table: pa.Table, item: Indicator) -> pa.Table:
    """40 rows: long, distinct category names, huge and zero values."""
    rows = table.to_pylist()
    grown = [dict(rows[i % len(rows)]) for i in range(40)]
    for index, row in enumerate(grown):
        assert item.chart.x is not None
        row[item.chart.x] = f"{LONG} {index}"
        for column in item.chart.y:
            if isinstance(row[column], int | float) and not isinstance(row[column], bool):
                factor = 0 if index == 0 else 10_000 * (index + 1)
                row[column] = type(row[column])(abs(row[column] or 1) * factor)
    return pa.Table.from_pylist(grown, schema=table.schema)


def _drawn(app: FastAPI, item: Indicator, table: pa.Table) -> tuple[Figure, Any, str]:
    names = app.state.data
    plot = plot_data(names, item, table, lambda _row: "/declaraties")
    assert plot is not None
    with rc_context(_RC):  # type: ignore[arg-type]
        figure = chart_figure(item, plot)
        FigureCanvasAgg(figure).draw()
    svg = render_chart(names, item, table, "t", lambda _row: "/declaraties")
    assert svg is not None
    return figure, plot, svg


def _overlap(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


def _check(item: Indicator, figure: Figure, plot: Any, svg: str) -> None:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    axes = figure.axes[0]
    plot_area = axes.get_window_extent(renderer)
    page = figure.bbox
    for legend in figure.legends:
        box = legend.get_window_extent(renderer)
        assert not _overlap(box, plot_area), f"{item.id}: legend over the plot"
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and box.y1 <= page.y1 + 1, item.id
    bar = item.chart.kind != "line"
    category_axis = axes.yaxis if bar else axes.xaxis
    value_axis = axes.xaxis if bar else axes.yaxis
    labels = [t for t in category_axis.get_ticklabels() if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for text, box in zip(labels, boxes, strict=True):
        assert "…" not in text.get_text(), f"{item.id}: label cut"
        assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1, f"{item.id}: label off the figure"
    if bar:
        for first, second in itertools.pairwise(boxes):
            assert not _overlap(first, second), f"{item.id}: category labels overlap"
    assert "…" not in svg
    values = [v for series in plot.series for v in series.values]
    if bar and min(values) >= 0:
        assert axes.get_xlim()[0] == 0, f"{item.id}: bars do not start at zero"
    if not bar and min(values) >= 0:
        assert axes.get_ylim()[0] == 0, f"{item.id}: the value axis does not start at zero"
    assert value_axis.get_label().get_text() == axis_label(item.unit)
    assert f">{axis_label(item.unit)}<" in svg
    ticks = [t.get_text() for t in value_axis.get_ticklabels() if t.get_text()]
    decimals = {len(t.split(",")[1]) if "," in t else 0 for t in ticks}
    assert len(decimals) == 1, f"{item.id}: ticks {ticks}"


@pytest.mark.parametrize("item", CHARTED, ids=[item.id for item in CHARTED])
def test_chart_with_typical_empty_and_extreme_data(app: FastAPI, item: Indicator) -> None:
    typical = _typical(app, item)
    for table in (typical, _extreme(typical, item)):
        figure, plot, svg = _drawn(app, item, table)
        _check(item, figure, plot, svg)
    assert render_chart(app.state.data, item, typical.slice(0, 0), "leeg") is None


@pytest.mark.parametrize("item", CHARTED, ids=[item.id for item in CHARTED])
def test_the_unit_matches_the_values(app: FastAPI, item: Indicator) -> None:
    words = UNIT_WORDS.get(item.unit)
    typical = _typical(app, item)
    for column in item.chart.y:
        if words is not None:
            assert any(word in column for word in words), f"{item.id}: {column} is not in {item.unit}"
        if item.unit == "procent":
            assert pc.max(typical[column]).as_py() <= 100


def test_a_category_keeps_its_colour_across_a_page(app: FastAPI) -> None:
    by_page: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in CHARTED:
        figure, _plot, _svg = _drawn(app, item, _typical(app, item))
        for legend in figure.legends:
            for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
                assert handle is not None
                colour = to_hex(handle.get_facecolor() if hasattr(handle, "get_facecolor") else "k")
                by_page[item.knelpunt][text.get_text().lower()].add(colour)
    assert by_page, "no chart with several series"
    for knelpunt, named in by_page.items():
        for name, found in named.items():
            assert len(found) == 1, f"{knelpunt}: '{name}' has colours {found}"
    steps = by_page["seed002:op-afschalen"]
    assert steps["opschalen"] and steps["afschalen"] and steps["gelijk"]
