"""The JSON API: every indicator, with the same filters as the pages, described by OpenAPI.

`GET /api/indicatoren` lists the indicators; `GET /api/indicatoren/{id}?gemeente=...` gives one
indicator's rows, with a `<code column>_naam` column beside every municipality, provider, product or
rule code whose name is known; `GET /api/gezondheid` answers without touching the store.
Errors: see errors.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from zorgpad import __version__
from zorgpad.app.web.auth.errors import ForbiddenError
from zorgpad.app.web.downloads import with_names
from zorgpad.app.web.errors import ERROR_RESPONSES, NotFoundError, UnavailableError
from zorgpad.app.web.filters import to_params
from zorgpad.app.web.knelpunten import knelpunt
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.insights.registry import Filters, Indicator


class Health(BaseModel):
    status: str
    versie: str


class Grafiek(BaseModel):
    soort: str
    x: str | None
    y: list[str]
    reeks: str | None


class IndicatorMeta(BaseModel):
    id: str
    naam: str
    definitie: str
    eenheid: str
    knelpunt: str
    knelpunt_titel: str
    dimensies: list[str]
    grafiek: Grafiek
    catalogus_nodig: bool
    url: str


class IndicatorRows(BaseModel):
    indicator: IndicatorMeta
    filters: dict[str, str]
    kolommen: list[str]
    rijen: list[dict[str, Any]]


def meta(item: Indicator) -> IndicatorMeta:
    chart = item.chart
    return IndicatorMeta(
        id=item.id,
        naam=item.name_nl,
        definitie=item.definition_nl,
        eenheid=item.unit,
        knelpunt=item.knelpunt,
        knelpunt_titel=knelpunt(item.knelpunt).title,
        dimensies=list(item.dimensions),
        grafiek=Grafiek(soort=chart.kind, x=chart.x, y=list(chart.y), reeks=chart.series),
        catalogus_nodig=item.needs_catalog,
        url=f"/api/indicatoren/{item.id}",
    )


def find_indicator(site: Site, id: str) -> Indicator:
    for item in site.data.indicators():
        if item.id == id:
            return item
    raise NotFoundError(
        "INDICATOR-ONBEKEND", f"Er is geen indicator '{id}'. Zie /api/indicatoren.", "path.id"
    )


def router(site: Site) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["indicatoren"], responses=ERROR_RESPONSES)

    @api.get("/gezondheid", response_model=Health, summary="Draait de dienst?")
    def health() -> Health:
        return Health(status="ok", versie=__version__)

    @api.get("/indicatoren", response_model=list[IndicatorMeta], summary="Alle indicatoren")
    def indicators() -> list[IndicatorMeta]:
        return [meta(item) for item in site.data.indicators()]

    @api.get(
        "/indicatoren/{id}",
        response_model=IndicatorRows,
        summary="De rijen van één indicator",
        responses={409: {"model": ERROR_RESPONSES[404]["model"], "description": "Niet beschikbaar"}},
    )
    def indicator_rows(id: str, filters: Filters = Depends(site.filters)) -> dict[str, Any]:
        item = find_indicator(site, id)
        outcome = site.data.outcome(item, filters)
        if isinstance(outcome.problem, ForbiddenError):
            raise outcome.problem
        if outcome.table is None:
            problem = outcome.problem or UserError("INDICATOR-FOUT", "Deze indicator gaf geen uitkomst.")
            raise UnavailableError(problem.code, problem.message, problem.location)
        # Names beside codes (`gemeente_naam` after `gemeente`), as in the CSV download.
        table = with_names(outcome.table, site.data.names)
        rows = jsonable_encoder(table.to_pylist(), custom_encoder={dt.date: dt.date.isoformat})
        return {
            "indicator": meta(item),
            "filters": to_params(filters),
            "kolommen": table.schema.names,
            "rijen": rows,
        }

    return api
