"""A page per indicator (`/indicatoren/{id}`) with its chart and full table, and its CSV/Excel downloads."""

from __future__ import annotations

import pyarrow as pa
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from zorgpad.app.web.api import find_indicator
from zorgpad.app.web.auth.errors import ForbiddenError
from zorgpad.app.web.downloads import to_csv, to_excel, with_names
from zorgpad.app.web.errors import UnavailableError
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.knelpunten import knelpunten
from zorgpad.app.web.site import Site
from zorgpad.insights.registry import Filters, Indicator

EXCEL_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_name(indicator: Indicator, filters: Filters, suffix: str) -> str:
    parts = [indicator.id, filters.gemeente, filters.product, filters.aanbieder]
    if filters.period_from or filters.period_to:
        parts.append(f"{filters.period_from or ''}_{filters.period_to or ''}")
    return "-".join(p for p in parts if p) + suffix


def register(site: Site) -> None:
    site.nav("Indicatoren", "/indicatoren", order=15)

    def table_of(indicator: Indicator, filters: Filters) -> pa.Table:
        outcome = site.data.outcome(indicator, filters)
        if isinstance(outcome.problem, ForbiddenError):
            raise outcome.problem
        if outcome.table is None:
            problem = outcome.problem
            code, message = (
                (problem.code, problem.message) if problem else ("INDICATOR-FOUT", "Geen uitkomst.")
            )
            raise UnavailableError(code, message)
        return outcome.table

    @site.page("/indicatoren", name="indicatoren")
    def index(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        context = {"groups": knelpunten(site.data.indicators()), "query_now": query_string(filters)}
        return site.render(request, "indicators.html", context, title="Alle indicatoren")

    @site.page("/indicatoren/{id}", name="indicator")
    def indicator_page(request: Request, id: str, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        item = find_indicator(site, id)
        context = {
            "b": site.blocks.block(item, filters),
            "api_url": f"/api/indicatoren/{id}{query_string(filters)}",
        }
        return site.render(request, "indicator.html", context, title=item.name_nl, filters=filters)

    @site.router.get("/indicatoren/{id}/csv", name="indicator-csv", include_in_schema=False)
    def csv_download(id: str, filters: Filters = Depends(site.filters)) -> Response:
        item = find_indicator(site, id)
        name = _file_name(item, filters, ".csv")
        return Response(
            to_csv(item, with_names(table_of(item, filters), site.data.names)),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    @site.router.get("/indicatoren/{id}/excel", name="indicator-excel", include_in_schema=False)
    def excel_download(id: str, filters: Filters = Depends(site.filters)) -> Response:
        item = find_indicator(site, id)
        name = _file_name(item, filters, ".xlsx")
        return Response(
            to_excel(item, with_names(table_of(item, filters), site.data.names), filters),
            media_type=EXCEL_TYPE,
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
