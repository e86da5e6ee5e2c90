"""Drill-down per municipality: `/gemeenten` and `/gemeenten/{code}`."""

from __future__ import annotations

from zorgpad.app.web.pages._drilldown import Drilldown, register_drilldown
from zorgpad.app.web.site import Site


def register(site: Site) -> None:
    register_drilldown(
        site,
        Drilldown(
            dimension="gemeente",
            path="/gemeenten",
            nav_label="Gemeenten",
            order=20,
            index_title="Gemeenten",
            detail_title="Gemeente {name}",
            cost_indicator="kosten-per-gemeente",
            options=lambda: site.data.gemeenten,
            find=site.data.gemeente,
        ),
    )
