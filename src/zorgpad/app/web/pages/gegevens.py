"""`/gegevens`: on which data each figure and each policy rule rests (zorgpad.insights.data_basis); the
same line is shown beside every indicator on every page."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.site import Site
from zorgpad.control.engine import builtin_rules
from zorgpad.insights.data_basis import SOURCE_NL, describe, for_indicator, for_rule


def register(site: Site) -> None:
    site.nav("Gegevensbasis", "/gegevens", order=90)
    site.templates.globals["gegevensbasis"] = lambda indicator_id: describe(for_indicator(indicator_id))

    @site.page("/gegevens", name="gegevens")
    def gegevens(request: Request) -> HTMLResponse:
        def sources(found: tuple[str, ...]) -> str:
            return ", ".join(SOURCE_NL[s] for s in found)  # type: ignore[index]

        indicators = [(i.name_nl, i.id, sources(for_indicator(i.id))) for i in site.data.indicators()]
        rules = [
            (r.code, r.title_nl, sources(for_rule(r.code)))
            for r in builtin_rules()
            if r.code.startswith("ZP")
        ]
        context = {"indicators": indicators, "rules": rules}
        return site.render(request, "gegevens.html", context, title="Gegevensbasis")
