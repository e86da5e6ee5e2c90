"""`/toegang/status`: the access team's view of its clients' status changes — request received,
allocated, started, stopped, and answer deadline near — instead of e-mail. Scoped to the account's
municipalities (the whole region for `regio`) and written to the audit trail."""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.access.pseudonyms import reference
from zorgpad.access.worklist import worklist
from zorgpad.app.web.auth.gate import audit_read, require_principal
from zorgpad.app.web.scope import Access, declare, in_scope, scope_codes
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import dutch_date

LIMIT = 200
NEAR_DAYS = 5

EVENTS = """
SELECT 'verzoek ontvangen' AS status, dagtekening AS datum, gemeente, aanbieder, client_key
  FROM allocation_requests
UNION ALL
SELECT 'toegewezen', toewijzingsdatum, gemeente, aanbieder, client_key FROM allocations
UNION ALL
SELECT 'zorg gestart', begindatum, gemeente, aanbieder, client_key FROM starts WHERE status_aanlevering = '1'
UNION ALL
SELECT 'zorg gestopt', einddatum, gemeente, aanbieder, client_key FROM stops WHERE status_aanlevering = '1'
"""


def register(site: Site) -> None:
    declare("/toegang/status", Access(frozenset({"regio", "gemeente", "toegang"}), client_level=True))

    @site.page("/toegang/status", name="toegang-status")
    def status(request: Request) -> HTMLResponse:
        principal = require_principal(request)
        gemeenten = scope_codes(principal, "gemeente")
        where, params = ("", []) if gemeenten is None else ("WHERE gemeente IN ?", [sorted(gemeenten)])
        rows = site.data.query(
            f"SELECT * FROM ({EVENTS}) {where} ORDER BY datum DESC NULLS LAST, status LIMIT ?",
            [*params, LIMIT],
        ).to_pylist()
        today = dt.date.today()
        near = [
            item
            for item in worklist(site.data.store, today)
            if in_scope(principal, gemeente=item.request.gemeente)
            and (item.deadline.due - today).days <= NEAR_DAYS
        ]
        audit_read(request, [r["client_key"] for r in rows] + [i.request.client_key for i in near])
        names = site.data.gemeente_names
        context = {
            "events": [
                {
                    "status": r["status"],
                    "datum": dutch_date(r["datum"]) if r["datum"] else "–",
                    "client": reference(r["client_key"]),
                    "gemeente": names.get(r["gemeente"], r["gemeente"]),
                    "aanbieder": site.data.aanbieder_names.get(r["aanbieder"], r["aanbieder"]),
                }
                for r in rows
            ],
            "near": [
                {
                    "client": item.client,
                    "gemeente": names.get(item.request.gemeente, item.request.gemeente),
                    "termijn": f"{item.deadline.due:%d-%m-%Y}",
                    "nog": item.deadline.status(today),
                }
                for item in near
            ],
            "limit": LIMIT,
            "dagen": NEAR_DAYS,
        }
        return site.render(request, "status.html", context, title="Status van cliënten")
