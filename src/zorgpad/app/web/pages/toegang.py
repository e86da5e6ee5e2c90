"""`/toegang`: the access team's page — triage with the path taken and why, the worklist of open
requests with their deadlines, and the latest status notifications (zorgpad.access, zorgpad.triage)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.access.feed import recent
from zorgpad.access.worklist import worklist
from zorgpad.app.web.auth.gate import audit_read, require_principal
from zorgpad.app.web.hardening import excerpt
from zorgpad.app.web.scope import in_scope
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError
from zorgpad.triage import run_triage


def _triage(site: Site, request: Request) -> dict[str, Any]:
    catalog = site.data.catalog
    if catalog is None or catalog.triage is None:
        return {"tree": None}
    tree = catalog.triage
    given = {q.id: request.query_params[q.id] for q in tree.questions if request.query_params.get(q.id)}
    questions = [
        {
            "id": q.id,
            "text": q.text,
            "help": q.help,
            "kind": q.kind,
            "options": [d.code for d in catalog.data.care_need_domains]
            if q.kind == "domein"
            else ["ja", "nee"]
            if q.kind == "ja_nee"
            else list(q.choices),
            "min": q.min,
            "max": q.max,
            "value": given.get(q.id, ""),
        }
        for q in tree.questions
    ]
    context: dict[str, Any] = {"tree": tree, "questions": questions, "result": None, "problem": None}
    if given:
        try:
            context["result"] = run_triage(catalog, given)
        except UserError as error:
            context["problem"] = error.message
    return context


def _named(site: Site, row: dict[str, str]) -> dict[str, str]:
    """A worklist row with names for the municipality, provider and products (codes stay in brackets)."""
    names = site.data.names
    named = dict(row)
    for column, kind in (("gemeente", "gemeente"), ("aanbieder", "aanbieder")):
        code = row.get(column, "")
        name = names.label(kind, code)
        named[column] = f"{name} ({code})" if name else code
    products = [code.strip() for code in row.get("product", "").split(",") if code.strip()]
    named["product"] = ", ".join(
        f"{names.label('product_code', code)} ({code})" if names.label("product_code", code) else code
        for code in products
    )
    return named


def register(site: Site) -> None:
    site.nav("Toegang", "/toegang", order=50)

    @site.page("/toegang", name="toegang")
    def toegang(request: Request) -> HTMLResponse:
        raw = request.query_params.get("op") or ""
        try:
            on = dt.date.fromisoformat(raw) if raw else site.data.data_end
        except ValueError:
            raise UserError(
                "FILTER-DATUM-ONGELDIG", f"'{excerpt(raw)}' is geen datum; schrijf JJJJ-MM-DD.", "op"
            ) from None
        principal = require_principal(request)
        items = [
            item
            for item in worklist(site.data.store, on)
            if in_scope(principal, gemeente=item.request.gemeente)
        ]
        # The feed's list names no municipality; scoped users see their own clients' status instead.
        notifications = recent(site.data.store.connection, 20) if principal.whole_region else []
        audit_read(request, [item.request.client_key for item in items])
        context = {
            **_triage(site, request),
            "work": [_named(site, item.row()) for item in items],
            "on": on,
            "notifications": notifications,
        }
        return site.render(request, "toegang.html", context, title="Toegang")
