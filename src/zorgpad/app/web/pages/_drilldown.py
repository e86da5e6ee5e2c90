"""Shared by the drill-down pages per municipality and per provider: an index and a detail page.

The detail page fixes one filter (`gemeente` or `aanbieder`) from the URL path and shows the key figures
and every indicator that is not itself broken down by that dimension, grouped by knelpunt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Literal

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.conclusions import knelpunt_conclusion
from zorgpad.app.web.data import Option
from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.figures import key_figure_units, key_figures
from zorgpad.app.web.filters import query_string, with_fixed
from zorgpad.app.web.knelpunten import knelpunten
from zorgpad.app.web.scope import ScopedFilters
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import format_value
from zorgpad.insights.conclusions import rules
from zorgpad.insights.registry import Filters, Indicator, get_indicator


@dataclass(frozen=True)
class Drilldown:
    dimension: Literal["gemeente", "aanbieder"]
    path: str
    nav_label: str
    order: int
    index_title: str
    detail_title: str  # with {name}
    cost_indicator: str
    options: Callable[[], tuple[Option, ...]]
    find: Callable[[str], Option | None]


def _largest_first(site: Site, spec: Drilldown) -> list[str]:
    """The codes of the drill-down list, largest declared amount first (the likeliest to be visited)."""
    amounts: dict[str, float] = {}
    indicator = next((i for i in site.data.indicators() if i.id == spec.cost_indicator), None)
    table = site.data.outcome(indicator, Filters()).table if indicator else None
    if table is not None and {spec.dimension, "bedrag"} <= set(table.schema.names):
        for row in table.select([spec.dimension, "bedrag"]).to_pylist():
            amounts[str(row[spec.dimension])] = float(row["bedrag"] or 0)
    codes = [option.code for option in spec.options()]
    return sorted(codes, key=lambda code: -amounts.get(code, 0.0))


def _shown(site: Site, spec: Drilldown) -> tuple[Indicator, ...]:
    return tuple(i for i in site.data.indicators() if spec.dimension not in i.dimensions)


PER_THOUSAND = "clienten-per-1000-jeugdigen"


def comparison(site: Site, code: str, filters: Filters) -> dict[str, object] | None:
    """The municipality per 1,000 young people against the region, this year against last year."""
    table = site.data.outcome(get_indicator(PER_THOUSAND), filters).table
    row = next((r for r in (table.to_pylist() if table is not None else []) if r["gemeente"] == code), None)
    if row is None:
        return None

    def shown(value: object, unit: str | None) -> str:
        return "–" if value is None else format_value(value, unit)

    return {
        "jaar": row["jaar"],
        "vorig_jaar": row["jaar"] - 1,
        "per_1000": [shown(row[c], None) for c in (
            "clienten_per_1000", "vorig_jaar_clienten_per_1000", "regio_clienten_per_1000",
            "regio_vorig_jaar_clienten_per_1000")],
        "per_jeugdige": [shown(row["bedrag_per_jeugdige"], "eurocent"), "–",
                         shown(row["regio_bedrag_per_jeugdige"], "eurocent"), "–"],
        "jeugdigen": shown(row["jeugdigen"], None),
        "bron": row["bron_jeugdigen"] or "geen bevolkingscijfer bekend",
    }  # fmt: skip


def register_drilldown(site: Site, spec: Drilldown) -> None:
    site.nav(spec.nav_label, spec.path, order=spec.order)

    def warm_details() -> Iterator[Callable[[], object]]:
        # What a detail page without further filters reads: its key figures and every block.
        for code in _largest_first(site, spec):
            fixed = with_fixed(Filters(), **{spec.dimension: code})
            yield from key_figure_units(site.data, fixed)
            for item in _shown(site, spec):
                yield partial(site.blocks.block, item, fixed, f"{spec.dimension}-")
            if spec.dimension == "gemeente":  # the comparison per 1,000 young people
                yield partial(site.data.outcome, get_indicator(PER_THOUSAND), fixed)
            for rule in rules().values():  # what the page's conclusions read besides its blocks
                for id in rule.indicators:
                    yield partial(site.data.outcome, get_indicator(id), fixed)

    site.warm(warm_details, order=spec.order)

    @site.page(spec.path, name=f"{spec.dimension}-index")
    def index(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        costs: dict[str, tuple[str, str]] = {}
        indicator = next((i for i in site.data.indicators() if i.id == spec.cost_indicator), None)
        table = site.data.outcome(indicator, filters).table if indicator else None
        if table is not None and spec.dimension in table.schema.names:
            for row in table.to_pylist():
                amount = format_value(row.get("bedrag"), "eurocent")
                clients = format_value(row.get("clienten"), None) if "clienten" in row else "–"
                costs[str(row[spec.dimension])] = (amount, clients)
        # A scoped account sees only the municipalities or providers with figures in its scope.
        options = [o for o in spec.options() if not isinstance(filters, ScopedFilters) or o.code in costs]
        rows = [(option, *costs.get(option.code, ("–", "–"))) for option in options]
        context = {"rows": rows, "spec": spec, "query_now": query_string(filters, **{spec.dimension: None})}
        return site.render(request, "drilldown_index.html", context, title=spec.index_title, filters=filters)

    @site.page(f"{spec.path}/{{code}}", name=spec.dimension)
    def detail(request: Request, code: str, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        option = spec.find(code)
        if option is None:
            raise NotFoundError(
                f"{spec.dimension.upper()}-ONBEKEND",
                f"'{code}' komt in deze gegevens niet voor. Kies er een uit {spec.path}.",
                "path.code",
            )
        fixed = with_fixed(filters, **{spec.dimension: code})
        groups = [
            (
                found,
                knelpunt_conclusion(site.data, found.id, fixed),
                [site.blocks.block(item, fixed, prefix=f"{spec.dimension}-") for item in items],
            )
            for found, items in knelpunten(_shown(site, spec))
        ]
        context = {
            "option": option,
            "spec": spec,
            "figures": key_figures(site.data, fixed, query_string(fixed)),
            "groups": groups,
            "fixed": {spec.dimension: code},
            "comparison": comparison(site, code, fixed) if spec.dimension == "gemeente" else None,
        }
        title = spec.detail_title.format(name=option.name)
        return site.render(request, "drilldown.html", context, title=title, filters=fixed)
