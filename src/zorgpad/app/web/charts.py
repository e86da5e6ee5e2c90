"""Charts as accessible inline SVG, drawn on the server with matplotlib (no JavaScript, no fonts to fetch).

Each chart gets `role="img"`, a `<title>` (the indicator's name) and a `<desc>` (what it shows and its
largest values, in Dutch); the same data is always in the table beside it. Element ids are prefixed per
chart so several charts can share a page. Bars are horizontal so long names stay readable.
"""

from __future__ import annotations

import io
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from zorgpad import formatting
from zorgpad.app.web.data import WebData
from zorgpad.app.web.tables import dutch_number, format_value, heading
from zorgpad.insights.registry import Indicator

MAX_CATEGORIES = 15
# Rijkshuisstijl-like colours, each at least 3:1 against white (WCAG 1.4.11).
PALETTE = ("#154273", "#007bc7", "#ca005d", "#39870c", "#8f5e00", "#673327", "#42145f")
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "zorgpad",
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans", "Liberation Sans", "DejaVu Sans", "Arial"],
    "font.size": 10,
    "axes.edgecolor": "#696969",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_LOCK = threading.Lock()
_ID = re.compile(r'id="([^"]+)"')


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Plot:
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    omitted: int


def _category(data: WebData, column: str, value: Any) -> str:
    if value is None:
        return "onbekend"
    name = data.label(column, value)
    if name and column != "product_code":
        return name if len(name) <= 40 else name[:38] + "…"
    return format_value(value, None)


def _plot_data(data: WebData, indicator: Indicator, table: pa.Table) -> Plot | None:
    chart = indicator.chart
    if chart.kind == "none" or chart.x is None or not chart.y or table.num_rows == 0:
        return None
    names = table.schema.names
    if chart.x not in names or any(y not in names for y in chart.y):
        return None
    scale = 0.01 if indicator.unit == "eurocent" else 1.0
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    order: list[str] = []
    series_names: list[str] = []
    for row in table.to_pylist():
        category = _category(data, chart.x, row[chart.x])
        if category not in sums:
            order.append(category)
        if chart.series and chart.series in names:
            pairs = [(str(row[chart.series] or "onbekend"), row[chart.y[0]])]
        else:
            pairs = [(heading(y), row[y]) for y in chart.y]
        for name, value in pairs:
            if name not in series_names:
                series_names.append(name)
            sums[category][name] += float(value or 0) * scale
    if chart.kind != "line" and len(order) > MAX_CATEGORIES:
        order.sort(key=lambda c: -sum(sums[c].values()))
    kept = order if chart.kind == "line" else order[:MAX_CATEGORIES]
    series = tuple(Series(n, tuple(sums[c][n] for c in kept)) for n in series_names)
    return Plot(tuple(kept), series, len(order) - len(kept))


def _axis_label(unit: str) -> str:
    return {"eurocent": "bedrag in euro", "euro": "bedrag in euro"}.get(unit, formatting.unit_name(unit))


def _draw(indicator: Indicator, plot: Plot) -> str:
    stacked = indicator.chart.kind == "stacked_bar" or indicator.chart.series is not None
    return _figure(indicator.chart.kind, stacked, indicator.unit, plot)


def _figure(kind: str, stacked: bool, unit: str, plot: Plot) -> str:
    number = FuncFormatter(lambda v, _pos: dutch_number(v, 0 if abs(v) >= 10 or v == 0 else 1))
    count = len(plot.categories)
    if kind == "line":
        figure = Figure(figsize=(8, 3.4))
    else:
        figure = Figure(figsize=(8, max(2.2, 0.32 * count * (1 if stacked else len(plot.series)) + 1.0)))
    axes = figure.add_subplot()
    positions = list(range(count))
    if kind == "line":
        for index, series in enumerate(plot.series):
            axes.plot(
                positions, series.values, marker="o", color=PALETTE[index % len(PALETTE)], label=series.name
            )
        axes.set_xticks(
            positions, plot.categories, rotation=45 if count > 8 else 0, ha="right" if count > 8 else "center"
        )
        axes.yaxis.set_major_formatter(number)
        if all(v >= 0 for series in plot.series for v in series.values):
            axes.set_ylim(bottom=0)
        axes.set_ylabel(_axis_label(unit))
        axes.grid(axis="y", color="#dddddd")
    else:
        height = 0.8 if stacked else 0.8 / len(plot.series)
        left = [0.0] * count
        for index, series in enumerate(plot.series):
            offsets = positions if stacked else [p - 0.4 + height * (index + 0.5) for p in positions]
            axes.barh(
                offsets,
                series.values,
                height=height,
                left=left if stacked else None,
                color=PALETTE[index % len(PALETTE)],
                label=series.name,
            )
            if stacked:
                left = [a + b for a, b in zip(left, series.values, strict=True)]
        axes.set_yticks(positions, plot.categories)
        axes.invert_yaxis()
        axes.xaxis.set_major_formatter(number)
        axes.set_xlabel(_axis_label(unit))
        if any(v < 0 for series in plot.series for v in series.values):
            axes.axvline(0, color="#696969", linewidth=0.8)
        axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    if len(plot.series) > 1:
        axes.legend(frameon=False, fontsize=9, loc="best")
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _describe(indicator: Indicator, plot: Plot) -> str:
    kind = "Lijndiagram" if indicator.chart.kind == "line" else "Staafdiagram"
    parts = [f"{kind}: {indicator.definition_nl}"]
    if indicator.chart.kind != "line" and len(plot.series) == 1:
        first = plot.series[0]
        top = sorted(zip(plot.categories, first.values, strict=True), key=lambda p: -p[1])[:3]
        unit = "euro" if indicator.unit == "eurocent" else indicator.unit
        listed = "; ".join(f"{name}: {format_value(value, unit)}" for name, value in top)
        parts.append(f"Hoogste waarden: {listed}.")
    if plot.omitted:
        parts.append(
            f"Alleen de {len(plot.categories)} grootste staan in de grafiek; "
            f"{plot.omitted} andere in de tabel."
        )
    parts.append("Alle cijfers staan ook in de tabel.")
    return " ".join(parts)


def _accessible(svg: str, prefix: str, title: str, desc: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    for found in set(_ID.findall(svg)):
        svg = svg.replace(f'id="{found}"', f'id="{prefix}-{found}"').replace(
            f"#{found})", f"#{prefix}-{found})"
        )
        svg = svg.replace(f'href="#{found}"', f'href="#{prefix}-{found}"')
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace(
        "<svg", f'<svg role="img" class="grafiek" aria-labelledby="{prefix}-titel {prefix}-omschrijving"', 1
    )
    escaped_title = title.replace("&", "&amp;").replace("<", "&lt;")
    escaped_desc = desc.replace("&", "&amp;").replace("<", "&lt;")
    inner = (
        f'<title id="{prefix}-titel">{escaped_title}</title>'
        f'<desc id="{prefix}-omschrijving">{escaped_desc}</desc>'
    )
    return opening + inner + svg[head_end:]


def render_chart(data: WebData, indicator: Indicator, table: pa.Table, prefix: str) -> str | None:
    """The chart as inline SVG markup, or None when the indicator has no chart or no rows."""
    plot = _plot_data(data, indicator, table)
    if plot is None or not plot.categories:
        return None
    with _LOCK, rc_context(_RC):  # type: ignore[arg-type]
        svg = _draw(indicator, plot)
    return _accessible(svg, prefix, indicator.name_nl, _describe(indicator, plot))


def render_bars(plot: Plot, unit: str, prefix: str, title: str, desc: str) -> str | None:
    """Horizontal bars for figures that are not an indicator (e.g. scenarios): one group of bars per
    category, one colour per series; `unit` as an indicator's ("eurocent" is shown in euros)."""
    if not plot.categories or not plot.series:
        return None
    scaled = plot
    if unit == "eurocent":
        scaled = Plot(
            plot.categories,
            tuple(Series(s.name, tuple(v / 100 for v in s.values)) for s in plot.series),
            plot.omitted,
        )
    with _LOCK, rc_context(_RC):  # type: ignore[arg-type]
        svg = _figure("bar", False, unit, scaled)
    return _accessible(svg, prefix, title, desc)
