"""Build the board report: compute, draw, render HTML with Jinja2, and write HTML or PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from jinja2 import Environment, PackageLoader, select_autoescape

from zorgpad import __version__
from zorgpad.errors import UserError
from zorgpad.insights.names import Names
from zorgpad.insights.registry import Filters, Indicator, InsightContext
from zorgpad.report.charts import render_chart
from zorgpad.report.dutch import euro, number, percent
from zorgpad.report.figures import compute_all, key_figures, period_of, reading
from zorgpad.report.knelpunten import KNELPUNTEN

TABLE_ROWS = 12
_ENV = Environment(loader=PackageLoader("zorgpad.report", "templates"), autoescape=select_autoescape())


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    question: str
    reading: str
    indicators: list[dict[str, Any]]


def _cell(column: str, value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if any(word in column for word in ("bedrag", "kosten", "mediaan_peers")):
        return euro(int(value))
    if "aandeel" in column:
        return percent(float(value))
    if isinstance(value, float):
        return number(value, 1)
    if isinstance(value, int):
        return number(value)
    return str(value)


def _table(table: pa.Table) -> dict[str, Any]:
    rows = table.to_pylist()
    return {
        "headers": [name.replace("_", " ") for name in table.column_names],
        "rows": [[_cell(name, row[name]) for name in table.column_names] for row in rows[:TABLE_ROWS]],
        "more": max(0, len(rows) - TABLE_ROWS),
    }


def _municipality_name(ctx: InsightContext, code: str) -> str:
    if ctx.catalog is not None:
        for municipality in ctx.catalog.region.municipalities:
            if municipality.cbs_code == code:
                return municipality.name
    return code


def render_html(ctx: InsightContext, gemeente: str | None = None, today: dt.date | None = None) -> str:
    """The report as one self-contained HTML document (charts inline as SVG)."""
    filters = Filters(gemeente=gemeente)
    results = compute_all(ctx, filters)
    names = Names.of(ctx.catalog)
    sections = []
    for key, knelpunt in KNELPUNTEN.items():
        found: list[Indicator] = [results.indicators[id] for id in knelpunt.board if id in results.indicators]
        if not found:
            continue
        parts = [
            {
                "indicator": item,
                "chart": render_chart(names, item, results.tables[item.id], f"r-{item.id}"),
                "table": _table(results.tables[item.id]),
            }
            for item in found
        ]
        sections.append(Section(key, knelpunt.title_nl, knelpunt.question_nl, reading(key, results), parts))
    first, last = period_of(ctx)
    scope = f"gemeente {_municipality_name(ctx, gemeente)} ({gemeente})" if gemeente else "de hele regio"
    region = ctx.catalog.region.name if ctx.catalog is not None else "regio"
    return _ENV.get_template("rapport.html.j2").render(
        region=region,
        scope=scope,
        period=(first, last),
        figures=key_figures(results, ctx),
        sections=sections,
        catalog=f"{ctx.catalog.name} versie {ctx.catalog.version}" if ctx.catalog is not None else None,
        without_catalog=ctx.catalog is None,
        today=today or dt.date.today(),
        version=__version__,
    )


def write_report(ctx: InsightContext, out: Path, gemeente: str | None = None) -> Path:
    """Write the report to `out`: `.html` as HTML, `.pdf` as PDF (WeasyPrint)."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".pdf"):
        raise UserError(
            "RAPPORT-SOORT", "Het rapport kan alleen als .html of .pdf worden geschreven.", str(out)
        )
    if not out.parent.is_dir():
        raise UserError("RAPPORT-MAP", "De map voor het rapport bestaat niet; maak haar eerst aan.", str(out))
    if gemeente is not None and ctx.catalog is not None and gemeente not in ctx.catalog.municipality_codes:
        known = ", ".join(sorted(ctx.catalog.municipality_codes))
        raise UserError(
            "RAPPORT-GEMEENTE", f"Gemeente {gemeente} hoort niet bij deze regio. Bekend: {known}."
        )
    html = render_html(ctx, gemeente)
    if suffix == ".html":
        out.write_text(html, encoding="utf-8")
    else:
        from weasyprint import HTML  # type: ignore[import-untyped]

        HTML(string=html).write_pdf(out)
    return out
