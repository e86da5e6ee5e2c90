"""Click-through: the claim lines behind a bar, point or table row (`/declaraties`), and one line's
verdict, reasons and the control trace of every rule (`/declaraties/{referentie}`, as `zorgpad explain`).

Both read through `WebData` with the request's filters, the one place where filters (and scoping) apply.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from zorgpad.app.web.auth.gate import audit_read
from zorgpad.app.web.data import Selection
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import format_value
from zorgpad.control.explain import RESULT_NL
from zorgpad.errors import UserError
from zorgpad.ijw import codelists
from zorgpad.insights.line_selectors import MOVE_LABELS, PARAMS, SELECTORS
from zorgpad.insights.registry import Filters

MAX_LINES = 200
MAX_SELECTOR_LENGTH = 120


def selection_of(request: Request) -> Selection:
    """The line selectors in the query (`zorgvorm=...`, `regel=...`), checked: short, printable text."""
    chosen = []
    for param in PARAMS:
        value = request.query_params.get(param, "").strip()
        if not value:
            continue
        if len(value) > MAX_SELECTOR_LENGTH or not value.isprintable():
            raise UserError(
                "FILTER-CODE-ONGELDIG",
                f"De waarde van '{param}' is geen geldige keuze "
                f"(hoogstens {MAX_SELECTOR_LENGTH} leesbare tekens).",
                f"query.{param}",
            )
        chosen.append((param, value))
    return tuple(chosen)


def _selected_name(site: Site, param: str, value: str) -> str:
    names = site.data.names
    if param == "regel":
        return names.name("regel", value)
    if param in ("van_product", "naar_product"):
        return names.name("product_code", value)
    lists = {"verwijzer": "COD327", "reden": "JZ588"}
    if param in lists and codelists.is_valid(lists[param], value):
        return f"{codelists.label(lists[param], value)} ({value})"
    return value


def describe(site: Site, filters: Filters, selection: Selection = ()) -> str:
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
    for param, value in selection:
        label = SELECTORS[param].label_nl if param in SELECTORS else MOVE_LABELS[param]
        parts.append(f"{label} {_selected_name(site, param, value)}")
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
        selection = selection_of(request)
        table, total = site.data.claim_lines(filters, MAX_LINES, selection)
        shown = table.to_pylist()
        audit_read(request, [str(line["client_key"]) for line in shown])
        rows = [_line_row(site, line, filters) for line in shown]
        context = {"rows": rows, "total": total, "filter_text": describe(site, filters, selection)}
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
