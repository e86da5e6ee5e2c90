"""Charts as inline SVG, drawn server-side with matplotlib from an indicator's chart hint.

No pyplot: a `Figure` per chart keeps drawing free of global state (safe in a web server too).
Amounts in eurocent are drawn in euro. Text stays text in the SVG, so it is small and searchable.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

import matplotlib as mpl
import pyarrow as pa
from matplotlib.figure import Figure

from zorgpad import formatting
from zorgpad.insights.registry import Indicator

mpl.rcParams["svg.fonttype"] = "none"
mpl.rcParams["svg.hashsalt"] = "zorgpad"  # stable element ids: the same data gives the same SVG
COLOURS = ("#154273", "#39870c", "#e17000", "#a90061", "#007bc7", "#673327", "#8fcae7", "#ffb612")
MAX_BARS = 25
MAX_LABEL = 24


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _scale(indicator: Indicator, values: list[Any]) -> list[float]:
    factor = 100.0 if indicator.unit == "eurocent" else 1.0
    return [0.0 if v is None else float(v) / factor for v in values]


def _unit_label(indicator: Indicator) -> str:
    return formatting.unit_name(indicator.unit)


_ID = re.compile(r'(id="|url\(#|href="#)([A-Za-z_][\w.-]*)')


def svg(indicator: Indicator, table: pa.Table, title: str | None = None) -> str | None:
    """The chart of `table` as an SVG document, or None when there is nothing to draw.

    Element ids are prefixed with the indicator id, so several charts can share one HTML page.
    """
    drawn = _draw(indicator, table, title)
    return None if drawn is None else _ID.sub(lambda m: f"{m.group(1)}{indicator.id}-{m.group(2)}", drawn)


def _draw(indicator: Indicator, table: pa.Table, title: str | None) -> str | None:
    chart = indicator.chart
    if chart.kind == "none" or chart.x is None or not chart.y or table.num_rows == 0:
        return None
    rows = table.to_pylist()
    if chart.series is not None:
        return _stacked(indicator, rows, title)
    rows = rows[:MAX_BARS]
    labels = [_short(str(row[chart.x])) for row in rows]
    fig = Figure(figsize=(7.0, 3.2), dpi=96)
    ax = fig.subplots()
    width = 0.8 / len(chart.y)
    for index, measure in enumerate(chart.y):
        values = _scale(indicator, [row[measure] for row in rows])
        colour = COLOURS[index % len(COLOURS)]
        if chart.kind == "line":
            ax.plot(labels, values, marker="o", color=colour, label=measure.replace("_", " "))
        else:
            positions = [i + (index - (len(chart.y) - 1) / 2) * width for i in range(len(rows))]
            ax.bar(positions, values, width=width, color=colour, label=measure.replace("_", " "))
    if chart.kind != "line":
        ax.set_xticks(range(len(rows)), labels)
    return _finish(fig, ax, indicator, title, legend=len(chart.y) > 1)


def _stacked(indicator: Indicator, rows: list[dict[str, Any]], title: str | None) -> str:
    chart = indicator.chart
    assert chart.x is not None and chart.series is not None
    measure = chart.y[0]
    xs = list(dict.fromkeys(str(row[chart.x]) for row in rows))[:MAX_BARS]
    series = list(dict.fromkeys(str(row[chart.series]) for row in rows))
    fig = Figure(figsize=(7.0, 3.2), dpi=96)
    ax = fig.subplots()
    bottom = [0.0] * len(xs)
    for index, name in enumerate(series):
        values = [0.0] * len(xs)
        for row in rows:
            x = str(row[chart.x])
            if str(row[chart.series]) == name and x in xs:
                values[xs.index(x)] += _scale(indicator, [row[measure]])[0]
        ax.bar(range(len(xs)), values, bottom=bottom, color=COLOURS[index % len(COLOURS)], label=name)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(range(len(xs)), [_short(x) for x in xs])
    return _finish(fig, ax, indicator, title, legend=True)


def _finish(fig: Figure, ax: Any, indicator: Indicator, title: str | None, *, legend: bool) -> str:
    ax.set_ylabel(_unit_label(indicator))
    ax.set_title(title or indicator.name_nl, fontsize=10, loc="left")
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}".replace(",", ".")))
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(fontsize=7, frameon=False)
    with warnings.catch_warnings():  # a crowded axis is drawn as well as it fits; no need to warn
        warnings.simplefilter("ignore", UserWarning)
        fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]
