"""A page per knelpunt (`/knelpunten/{slug}`) with every indicator that informs it, and their index."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.conclusions import all_conclusions, knelpunt_conclusion
from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.knelpunten import knelpunten
from zorgpad.app.web.site import Site
from zorgpad.insights.registry import Filters


def register(site: Site) -> None:
    site.nav("Knelpunten", "/knelpunten", order=10)

    def warm_every_indicator() -> list[Callable[[], object]]:
        # Unfiltered, every indicator's block is what the overview, knelpunt and indicator pages show.
        return [partial(site.blocks.block, item, Filters()) for item in site.data.indicators()]

    site.warm(warm_every_indicator, order=10)

    @site.page("/knelpunten", name="knelpunten")
    def index(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        context = {
            "groups": knelpunten(site.data.indicators()),
            "query_now": query_string(filters),
            "conclusions": all_conclusions(site.data, filters),
        }
        return site.render(request, "knelpunten.html", context, title="Knelpunten")

    @site.page("/knelpunten/{slug}", name="knelpunt")
    def knelpunt_page(request: Request, slug: str, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        for found, items in knelpunten(site.data.indicators()):
            if found.slug == slug:
                blocks = [site.blocks.block(item, filters) for item in items]
                context = {
                    "knelpunt": found,
                    "blocks": blocks,
                    "conclusion": knelpunt_conclusion(site.data, found.id, filters),
                }
                return site.render(request, "knelpunt.html", context, title=found.title, filters=filters)
        raise NotFoundError(
            "KNELPUNT-ONBEKEND", f"Er is geen knelpunt '{slug}'. Zie /knelpunten.", "path.slug"
        )
