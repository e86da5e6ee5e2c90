"""Build the board report: compute, draw, render HTML with Jinja2, and write HTML or PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from jinja2 import Environment, PackageLoader, select_autoescape

from zorgpad import __version__, formatting
from zorgpad.errors import UserError, excerpt
from zorgpad.insights.conclusions import Conclusion, Evidence, conclude, rule_for
from zorgpad.insights.names import Names
from zorgpad.insights.registry import Filters, Indicator, InsightContext, compute_indicator
from zorgpad.report.charts import render_chart
from zorgpad.report.figures import compute_all, key_figures, period_of, reading
from zorgpad.report.knelpunten import KNELPUNTEN
from zorgpad.report.knip_section import KnipSection

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog

TABLE_ROWS = 12
_ENV = Environment(loader=PackageLoader("zorgpad.report", "templates"), autoescape=select_autoescape())


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    question: str
    reading: str
    indicators: list[dict[str, Any]]
    conclusion: Conclusion | None = None


def _cell(column: str, unit: str | None, value: Any, names: Names | None = None) -> str:
    """One cell: a code with its name, a measure by the unit the indicator declares for its column
    (amounts in eurocents as euros)."""
    if value is None:
        return "–"
    if names is not None and isinstance(value, str) and names.label(column, value):
        return f"{names.label(column, value)} ({value})"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return formatting.day(value)
    if isinstance(value, int | float):
        return formatting.measure(value, unit)
    return str(value)


def _table(indicator: Indicator, table: pa.Table, names: Names | None = None) -> dict[str, Any]:
    rows = table.to_pylist()
    units = {name: indicator.unit_of(name) for name in table.column_names}
    return {
        "headers": [name.replace("_", " ") for name in table.column_names],
        "rows": [
            [_cell(name, units[name], row[name], names) for name in table.column_names]
            for row in rows[:TABLE_ROWS]
        ],
        "more": max(0, len(rows) - TABLE_ROWS),
    }


def _part(item: Indicator, table: pa.Table, names: Names, catalog: Catalog | None) -> dict[str, Any]:
    """One indicator of a section: its chart and table, or the sentence that says why they do not apply."""
    instead = item.explanation_instead(catalog)
    if instead is not None:
        empty = _table(item, table.slice(0, 0))
        return {"indicator": item, "chart": None, "table": empty, "instead": instead}
    return {
        "indicator": item,
        "chart": render_chart(names, item, table, f"r-{item.id}"),
        "table": _table(item, table, names),
        "instead": None,
    }


def _municipality_name(ctx: InsightContext, code: str) -> str:
    if ctx.catalog is not None:
        for municipality in ctx.catalog.region.municipalities:
            if municipality.cbs_code == code:
                return municipality.name
    return code


@dataclass(frozen=True)
class Report:
    """Everything the report shows, once, for HTML, PDF and DOCX alike."""

    region: str
    scope: str
    period: tuple[dt.date | None, dt.date | None]
    figures: list[Any]
    sections: list[Section]
    catalog: str | None
    today: dt.date
    tables: dict[str, pa.Table]


def _conclusion(
    ctx: InsightContext, key: str, results: Any, names: Names, gemeente: str | None
) -> Conclusion | None:
    rule = rule_for(key)
    if rule is None:
        return None

    def tables(filters: Filters, known: dict[str, pa.Table]) -> dict[str, pa.Table | None]:
        found: dict[str, pa.Table | None] = {}
        for id in rule.indicators:
            if id in known:
                found[id] = known[id]
                continue
            try:
                found[id] = compute_indicator(ctx, id, filters)
            except UserError:
                found[id] = None
        return found

    own = Evidence(tables(Filters(gemeente=gemeente), results.tables), names, ctx.catalog)
    region = Evidence(tables(Filters(), {}), names, ctx.catalog) if gemeente else None
    return conclude(rule, own, region)


def build_report(ctx: InsightContext, gemeente: str | None = None, today: dt.date | None = None) -> Report:
    """Compute every figure, chart and conclusion of the report (for one municipality, or the region)."""
    filters = Filters(gemeente=gemeente)
    results = compute_all(ctx, filters)
    names = Names.of(ctx.catalog)
    sections = []
    for key, knelpunt in KNELPUNTEN.items():
        found: list[Indicator] = [results.indicators[id] for id in knelpunt.board if id in results.indicators]
        if not found:
            continue
        parts = [_part(item, results.tables[item.id], names, ctx.catalog) for item in found]
        sections.append(
            Section(
                key, knelpunt.title_nl, knelpunt.question_nl, reading(key, results, names), parts,
                _conclusion(ctx, key, results, names, gemeente),
            )
        )  # fmt: skip
    first, last = period_of(ctx)
    scope = (
        f"gemeente {_municipality_name(ctx, gemeente)}, vergeleken met de regio"
        if gemeente
        else "de hele regio"
    )
    return Report(
        ctx.catalog.region.name if ctx.catalog is not None else "regio",
        scope,
        (first, last),
        key_figures(results, ctx),
        sections,
        f"{ctx.catalog.name} versie {ctx.catalog.version}" if ctx.catalog is not None else None,
        today or dt.date.today(),
        results.tables,
    )


def render_html(
    ctx: InsightContext,
    gemeente: str | None = None,
    today: dt.date | None = None,
    knip: KnipSection | None = None,
) -> str:
    """The report as one self-contained HTML document (charts inline as SVG)."""
    report = build_report(ctx, gemeente, today)
    return _ENV.get_template("rapport.html.j2").render(
        region=report.region,
        scope=report.scope,
        period=report.period,
        figures=report.figures,
        sections=report.sections,
        catalog=report.catalog,
        without_catalog=ctx.catalog is None,
        today=report.today,
        version=__version__,
        knip=knip,
    )


def write_report(
    ctx: InsightContext, out: Path, gemeente: str | None = None, knip: KnipSection | None = None
) -> Path:
    """Write the report to `out`: `.html` as HTML, `.pdf` as PDF (WeasyPrint)."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".pdf", ".docx"):
        raise UserError(
            "RAPPORT-SOORT", "Het rapport kan alleen als .html, .pdf of .docx worden geschreven.", str(out)
        )
    if not out.parent.is_dir():
        raise UserError("RAPPORT-MAP", "De map voor het rapport bestaat niet; maak haar eerst aan.", str(out))
    if gemeente is not None:
        # Without a catalogue the store says which municipalities the region has: an unknown code
        # must be an error, never an empty report.
        codes = ctx.catalog.municipality_codes if ctx.catalog is not None else _stored_municipalities(ctx)
        if gemeente not in codes:
            known = ", ".join(sorted(codes)) or "geen"
            raise UserError(
                "RAPPORT-GEMEENTE",
                f"Gemeente {excerpt(gemeente)} hoort niet bij deze regio. Bekend: {known}.",
            )
    if suffix == ".docx":
        from zorgpad.report.docx import render_docx

        out.write_bytes(render_docx(ctx, gemeente))
        return out
    html = render_html(ctx, gemeente, knip=knip)
    if suffix == ".html":
        out.write_text(html, encoding="utf-8")
    else:
        from weasyprint import HTML  # type: ignore[import-untyped]

        HTML(string=html).write_pdf(out)
    return out


def _stored_municipalities(ctx: InsightContext) -> set[str]:
    """The CBS codes of the municipalities the store has messages of."""
    rows = ctx.store.connection.execute(
        "SELECT DISTINCT gemeente FROM messages WHERE gemeente IS NOT NULL"
    ).fetchall()
    return {str(row[0]) for row in rows}
