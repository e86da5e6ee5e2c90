"""Click-through: the claim lines behind a bar, point or table row (`/declaraties`), and one line's
verdict, reasons and the control trace of every rule (`/declaraties/{referentie}`, as `zorgpad explain`).

Both read through `WebData` with the request's filters, the one place where filters (and scoping) apply.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.auth.gate import audit_read
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import format_value
from zorgpad.control.explain import RESULT_NL
from zorgpad.insights.registry import Filters

MAX_LINES = 200


def describe(site: Site, filters: Filters) -> str:
    """The active filters in words, with names: `gemeente Arnhem, periode vanaf 01-01-2025`."""
    names = site.data.names
    parts = []
    if filters.gemeente:
        parts.append(f"gemeente {names.name('gemeente', filters.gemeente)}")
    if filters.aanbieder:
        parts.append(f"aanbieder {names.name('aanbieder', filters.aanbieder)}")
    if filters.product:
        parts.append(f"product {names.name('product_code', filters.product)}")
    if filters.period_from:
        parts.append(f"zorgperiode vanaf {format_value(filters.period_from, None)}")
    if filters.period_to:
        parts.append(f"tot en met {format_value(filters.period_to, None)}")
    return ", ".join(parts) or "geen: alle declaratieregels"


def _line_row(site: Site, line: dict[str, Any], filters: Filters) -> dict[str, Any]:
    names = site.data.names
    query = query_string(filters, aanbieder=str(line["aanbieder"]))
    return {
        "referentie": line["referentie_nummer"],
        "url": f"/declaraties/{line['referentie_nummer']}{query}",
        "gemeente": names.name("gemeente", line["gemeente"]),
        "aanbieder": names.name("aanbieder", line["aanbieder"]),
        "product": names.name("product_code", line["product_code"]),
        "product_code": line["product_code"],
        "periode": f"{format_value(line['product_periode_begin'], None)} – "
        f"{format_value(line['product_periode_eind'], None)}",
        "volume": format_value(line["geleverd_volume"], None),
        "bedrag": format_value(line["signed_bedrag"], "eurocent"),
    }


def _verdict(steps: list[Any]) -> tuple[str, list[Any]]:
    hits = [step for step in steps if step.result is True]
    if any(step.rule.severity == "afkeur" for step in hits):
        return "afgewezen", hits
    return ("gesignaleerd" if hits else "goedgekeurd"), hits


def register(site: Site) -> None:
    site.nav("Declaraties", "/declaraties", order=35)

    @site.page("/declaraties", name="declaraties")
    def lines(request: Request, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        table, total = site.data.claim_lines(filters, MAX_LINES)
        shown = table.to_pylist()
        audit_read(request, [str(line["client_key"]) for line in shown])
        rows = [_line_row(site, line, filters) for line in shown]
        context = {"rows": rows, "total": total, "filter_text": describe(site, filters)}
        return site.render(request, "declaraties.html", context, title="Declaratieregels", filters=filters)

    @site.page("/declaraties/{referentie}", name="declaratie")
    def line(request: Request, referentie: str, filters: Filters = Depends(site.filters)) -> HTMLResponse:
        traces = site.data.explain(referentie, filters)
        audit_read(request, [str(found.line["client_key"]) for found in traces])
        shown = []
        for found in traces:
            verdict, hits = _verdict(found.steps)
            shown.append(
                {
                    "line": _line_row(site, found.line, filters),
                    "verdict": verdict,
                    "reasons": hits,
                    "steps": found.steps,
                }
            )
        context = {
            "traces": shown,
            "result_nl": RESULT_NL,
            "back": f"/declaraties{query_string(filters)}",
            "filter_text": describe(site, filters),
        }
        return site.render(request, "declaratie.html", context, title=f"Declaratieregel {referentie}")
