"""Drill-down per provider: `/aanbieders` and `/aanbieders/{agb}`."""

from __future__ import annotations

from zorgpad.app.web.pages._drilldown import Drilldown, register_drilldown
from zorgpad.app.web.site import Site


def register(site: Site) -> None:
    register_drilldown(
        site,
        Drilldown(
            dimension="aanbieder",
            path="/aanbieders",
            nav_label="Aanbieders",
            order=30,
            index_title="Zorgaanbieders",
            detail_title="Aanbieder {name}",
            cost_indicator="kosten-per-aanbieder",
            options=lambda: site.data.aanbieders,
            find=site.data.aanbieder,
        ),
    )
