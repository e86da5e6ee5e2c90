"""Charts as accessible inline SVG, drawn on the server with matplotlib (no JavaScript, no fonts to fetch).

One renderer for the dashboard and the board report, so both show the same charts. Each chart gets
`role="img"`, a `<title>` (the indicator's name) and a `<desc>` (what it shows and its largest values, in
Dutch); the same data is always in the table beside it. Element ids are prefixed per chart so several
charts can share a page. Bars are horizontal so long names stay readable; names are wrapped, never cut.

What the chart test (tests/report/test_charts.py) holds every indicator to:
- the legend sits outside the plot area (above it), so it never covers a bar or a point;
- a category keeps its colour on every chart (`SERIES_COLOURS`, then the palette in order);
- bars start at zero; the first and last point of a line keep half a step of room;
- tick labels on one axis share their number of decimals ("2 4 6 … 10 12", never "2,0 … 10");
- the axis label names the unit of the values drawn (money in euros).
With `link` a bar or point is a plain link (`<a href>` in the SVG) to the claim lines behind it.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

from zorgpad import formatting
from zorgpad.insights.registry import Indicator
from zorgpad.report.dutch import dutch_text, number

MAX_CATEGORIES = 15
LABEL_WIDTH = 30  # characters per line of a category name before it wraps
# Rijkshuisstijl-like colours, each at least 3:1 against white (WCAG 1.4.11).
PALETTE = ("#154273", "#007bc7", "#ca005d", "#39870c", "#8f5e00", "#673327", "#42145f")
# Categories that appear on several charts keep one colour everywhere (keys in lower case).
SERIES_COLOURS = {
    "opschalen": "#ca005d",
    "afschalen": "#39870c",
    "gelijk": "#007bc7",
    "behandeling naar begeleiding": "#8f5e00",
    "regionaal": "#154273",
    "lokaal": "#39870c",
    "geen perceel": "#696969",
    "basislijn": "#696969",
}
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
UNIT_AXIS = {"eurocent": "bedrag in euro", "euro": "bedrag in euro"}


class Labeller(Protocol):
    """Anything that names a code in a well-known column (zorgpad.insights.names.Names, WebData)."""

    def label(self, column: str, value: object) -> str | None: ...


Link = Callable[[dict[str, Any]], str | None]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Plot:
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    omitted: int
    links: tuple[str | None, ...] = ()


def colours(names: Sequence[str]) -> list[str]:
    """One colour per series: a known category its own colour, the others the palette in order,
    skipping colours already taken on this chart."""
    fixed = [SERIES_COLOURS.get(name.lower()) for name in names]
    taken = {colour for colour in fixed if colour}
    free = [colour for colour in PALETTE if colour not in taken] or list(PALETTE)
    chosen, index = [], 0
    for colour in fixed:
        if colour is None:
            colour = free[index % len(free)]
            index += 1
        chosen.append(colour)
    return chosen


def category_name(names: Labeller, column: str, value: Any) -> str:
    """How a category is written on an axis: its name when known (codes stay in the table)."""
    if value is None:
        return "onbekend"
    name = names.label(column, value)
    if name:
        return name
    return dutch_text(str(value))


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LABEL_WIDTH, break_long_words=False)) or text


# Words of column names written as people write them in a legend.
_LEGEND_WORDS = (("clienten", "cliënten"), ("per client", "per cliënt"), ("per 1000", "per 1.000"))


def _heading(column: str) -> str:
    text = column.replace("_", " ").strip()
    for plain, written in _LEGEND_WORDS:
        text = text.replace(plain, written)
    return text[:1].upper() + text[1:]


def plot_data(
    names: Labeller, indicator: Indicator, table: pa.Table, link: Link | None = None
) -> Plot | None:
    """The categories and series an indicator's chart draws (money in euros), or None."""
    chart = indicator.chart
    if chart.kind == "none" or chart.x is None or not chart.y or table.num_rows == 0:
        return None
    columns = table.schema.names
    if chart.x not in columns or any(y not in columns for y in chart.y):
        return None
    scale = 0.01 if indicator.unit == "eurocent" else 1.0
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    links: dict[str, str | None] = {}
    # Per category the column values all its rows share: a bar that sums several rows links to the
    # lines of all of them, so it is narrowed only on what they have in common.
    common: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    series_names: list[str] = []
    valued: set[str] = set()  # series with at least one value: one without any is not drawn as zeros
    detail = chart.detail if chart.detail in columns else None
    for row in table.to_pylist():
        category = category_name(names, chart.x, row[chart.x])
        if detail is not None:
            category = f"{category} · {row[detail] if row[detail] is not None else 'onbekend'}"
        if category not in sums:
            order.append(category)
            common[category] = dict(row)
        else:
            common[category] = {k: v for k, v in common[category].items() if row.get(k) == v}
        if chart.series and chart.series in columns:
            pairs = [(str(row[chart.series] or "onbekend"), row[chart.y[0]])]
        else:
            pairs = [(_heading(y), row[y]) for y in chart.y]
        for name, value in pairs:
            if name not in series_names:
                series_names.append(name)
            if value is not None:
                valued.add(name)
            sums[category][name] += float(value or 0) * scale
    if chart.kind != "line" and len(order) > MAX_CATEGORIES:
        order.sort(key=lambda c: -sum(abs(v) for v in sums[c].values()))
    for category in order:
        links[category] = link(common[category]) if link else None
    kept = order if chart.kind == "line" else order[:MAX_CATEGORIES]
    drawn = [n for n in series_names if n in valued] or series_names
    series = tuple(Series(n, tuple(sums[c][n] for c in kept)) for n in drawn)
    return Plot(tuple(kept), series, len(order) - len(kept), tuple(links[c] for c in kept))


class DutchTicks(Formatter):
    """Tick labels with a decimal comma, a thousands point, and one number of decimals per axis."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        decimals = 0
        while decimals < 3 and any(abs(v * 10**decimals - round(v * 10**decimals)) > 1e-6 for v in values):
            decimals += 1
        return [number(v, decimals) for v in values]


def axis_label(unit: str) -> str:
    return UNIT_AXIS.get(unit, formatting.unit_name(unit))


def _figure(kind: str, stacked: bool, unit: str, plot: Plot) -> Figure:
    count = len(plot.categories)
    labels = [_wrap(c) for c in plot.categories]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    legend_rows = 0 if len(plot.series) < 2 else (len(plot.series) + 2) // 3
    if kind == "line":
        figure = Figure(figsize=(8, 3.4 + 0.3 * legend_rows), layout="constrained")
    else:
        per = 0.22 + 0.14 * lines
        bars = 1 if stacked else len(plot.series)
        figure = Figure(
            figsize=(8, max(2.2, per * count * max(1, bars * 0.7) + 1.0 + 0.3 * legend_rows)),
            layout="constrained",
        )
    axes = figure.add_subplot()
    palette = colours([s.name for s in plot.series])
    positions = list(range(count))
    links = list(plot.links) if plot.links else [None] * count
    if kind == "line":
        for index, series in enumerate(plot.series):
            axes.plot(positions, series.values, color=palette[index], label=series.name, zorder=2)
            points = axes.scatter(positions, series.values, color=palette[index], zorder=3, clip_on=False)
            if any(links):
                points.set_urls(links)
        step = max(1, count // 12)
        axes.set_xticks(positions[::step], labels[::step], rotation=45 if count > 8 else 0,
                        ha="right" if count > 8 else "center")  # fmt: skip
        axes.set_xlim(-0.5, count - 0.5)  # half a step of room: the first and last point are whole
        axes.yaxis.set_major_formatter(DutchTicks())
        axes.margins(y=0.08)
        if all(v >= 0 for series in plot.series for v in series.values):
            axes.set_ylim(bottom=0)
        axes.set_ylabel(axis_label(unit))
        axes.grid(axis="y", color="#dddddd")
    else:
        height = 0.8 if stacked else 0.8 / len(plot.series)
        left = [0.0] * count
        for index, series in enumerate(plot.series):
            offsets = positions if stacked else [p - 0.4 + height * (index + 0.5) for p in positions]
            drawn = axes.barh(
                offsets,
                series.values,
                height=height,
                left=left if stacked else None,
                color=palette[index],
                label=series.name,
            )
            for patch, url in zip(drawn.patches, links, strict=True):
                if url:
                    patch.set_url(url)
            if stacked:
                left = [a + b for a, b in zip(left, series.values, strict=True)]
        axes.set_yticks(positions, labels)
        axes.set_ylim(count - 0.5, -0.5)  # first category on top
        axes.xaxis.set_major_formatter(DutchTicks())
        axes.set_xlabel(axis_label(unit))
        lowest = min((v for series in plot.series for v in series.values), default=0.0)
        if lowest < 0:
            axes.axvline(0, color="#696969", linewidth=0.8)
        else:
            axes.set_xlim(left=0)
        axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    if len(plot.series) > 1:
        figure.legend(loc="outside upper left", ncols=min(3, len(plot.series)), frameon=False, fontsize=9)
    return figure


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def describe(indicator: Indicator, plot: Plot) -> str:
    kind = "Lijndiagram" if indicator.chart.kind == "line" else "Staafdiagram"
    parts = [f"{kind}: {indicator.definition_nl}"]
    if indicator.chart.kind != "line" and len(plot.series) == 1:
        first = plot.series[0]
        top = sorted(zip(plot.categories, first.values, strict=True), key=lambda p: -p[1])[:3]
        listed = "; ".join(f"{name}: {_value(value, indicator.unit)}" for name, value in top)
        parts.append(f"Hoogste waarden: {listed}.")
    if plot.omitted:
        parts.append(
            f"Alleen de {len(plot.categories)} grootste staan in de grafiek; "
            f"{plot.omitted} andere in de tabel."
        )
    if any(plot.links):
        parts.append("Elke staaf of punt is een link naar de declaratieregels erachter.")
    parts.append("Alle cijfers staan ook in de tabel.")
    return " ".join(parts)


def _value(value: float, unit: str) -> str:
    # Money is drawn in euros (see plot_data), so it is formatted as euros, not as eurocents.
    return formatting.measure(value, "euro" if unit in ("eurocent", "euro") else unit)


def accessible(svg: str, prefix: str, title: str, desc: str) -> str:
    """The SVG with `role="img"`, a title and a description, its ids prefixed with `prefix`."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    for found in set(_ID.findall(svg)):
        svg = svg.replace(f'id="{found}"', f'id="{prefix}-{found}"').replace(
            f"#{found})", f"#{prefix}-{found})"
        )
        svg = svg.replace(f'href="#{found}"', f'href="#{prefix}-{found}"')
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    head_end = svg.index(">") + 1
    # An image's children are presentational; a chart whose bars are links is a group of links instead.
    role = "group" if "<a href=" in svg else "img"
    labelled = f'aria-labelledby="{prefix}-titel {prefix}-omschrijving"'
    opening = svg[:head_end].replace("<svg", f'<svg role="{role}" class="grafiek" {labelled}', 1)
    escaped_title = title.replace("&", "&amp;").replace("<", "&lt;")
    escaped_desc = desc.replace("&", "&amp;").replace("<", "&lt;")
    inner = (
        f'<title id="{prefix}-titel">{escaped_title}</title>'
        f'<desc id="{prefix}-omschrijving">{escaped_desc}</desc>'
    )
    return opening + inner + svg[head_end:]


def chart_figure(indicator: Indicator, plot: Plot) -> Figure:
    """The matplotlib figure of an indicator's chart (the chart test measures it)."""
    stacked = indicator.chart.kind == "stacked_bar" or indicator.chart.series is not None
    return _figure(indicator.chart.kind, stacked, indicator.unit, plot)


def _named_links(svg: str, plot: Plot) -> str:
    """Links open in the same tab and say where they lead (matplotlib writes `target="_blank"`)."""
    names = {url: category for category, url in zip(plot.categories, plot.links, strict=True) if url}

    def name(match: re.Match[str]) -> str:
        url = match.group(1)
        category = names.get(url.replace("&amp;", "&"), "")
        label = f"Declaratieregels van {category}".replace("&", "&amp;").replace('"', "&quot;")
        # `href` (SVG 2), not `xlink:href`: browsers and assistive technology then see a link.
        return f'<a href="{url}" aria-label="{label}">'

    return re.sub(r'<a xlink:href="([^"]*)" target="_blank">', name, svg)


def render_chart(
    names: Labeller, indicator: Indicator, table: pa.Table, prefix: str, link: Link | None = None
) -> str | None:
    """The chart as inline SVG markup, or None when the indicator has no chart or no rows."""
    plot = plot_data(names, indicator, table, link)
    if plot is None or not plot.categories:
        return None
    with _LOCK, rc_context(_RC):  # type: ignore[arg-type]
        svg = _svg(chart_figure(indicator, plot))
    return accessible(_named_links(svg, plot), prefix, indicator.name_nl, describe(indicator, plot))


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
            plot.links,
        )
    with _LOCK, rc_context(_RC):  # type: ignore[arg-type]
        svg = _svg(_figure("bar", False, unit, scaled))
    return accessible(svg, prefix, title, desc)


def render_png(names: Labeller, indicator: Indicator, table: pa.Table) -> bytes | None:
    """The same chart as PNG (for documents that take no SVG, such as DOCX), or None."""
    plot = plot_data(names, indicator, table)
    if plot is None or not plot.categories:
        return None
    buffer = io.BytesIO()
    with _LOCK, rc_context(_RC):  # type: ignore[arg-type]
        chart_figure(indicator, plot).savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()
