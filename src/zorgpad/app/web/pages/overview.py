"""The overview (`/`): key figures and the knelpunten with their indicators."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.conclusions import all_conclusions
from zorgpad.app.web.figures import key_figure_units, key_figures
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.knelpunten import knelpunten
from zorgpad.app.web.site import Site
from zorgpad.insights.registry import Filters

# The chart the overview shows under the key figures, when that indicator exists.
HEADLINE_INDICATOR = "kosten-per-maand"


def register(site: Site) -> None:
    site.nav("Overzicht", "/", order=0)
    site.warm(lambda: key_figure_units(site.data, Filters()), order=0)

    @site.page("/", name="overzicht")
    def overview(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        indicators = site.data.indicators()
        headline = next((i for i in indicators if i.id == HEADLINE_INDICATOR), None)
        context = {
            "figures": key_figures(site.data, filters, query_string(filters)),
            "groups": knelpunten(indicators),
            "headline": site.blocks.block(headline, filters) if headline else None,
            "query_now": query_string(filters),
            "conclusions": all_conclusions(site.data, filters),
        }
        return site.render(request, "overview.html", context, title="Overzicht jeugdhulp", filters=filters)
