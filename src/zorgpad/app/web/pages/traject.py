"""`/toegang/clienten/{client}`: one client's care path (the `zorgpad traject` view) for the access
team, reached from the status page by the client's pseudonymous reference (never a BSN in a URL).

Only the steps in the caller's municipalities are shown; a client with no step there answers 403 (the
client exists, but not for you). Every view is written to the audit trail.
"""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import HTMLResponse

from zorgpad.access.care_path import care_path
from zorgpad.access.pseudonyms import PREFIX, reference
from zorgpad.app.web.auth.errors import ForbiddenError
from zorgpad.app.web.auth.gate import audit_read, require_principal
from zorgpad.app.web.errors import NotFoundError
from zorgpad.app.web.scope import Access, declare, in_scope
from zorgpad.app.web.site import Site
from zorgpad.app.web.tables import dutch_date
from zorgpad.errors import UserError

PATH = "/toegang/clienten/{client}"
ACCESS = Access(frozenset({"regio", "gemeente", "toegang"}), client_level=True)
_REFERENCE = re.compile(r"[0-9a-f]{6,32}")


def _client_key(site: Site, given: str) -> str:
    # Only a reference: a BSN never goes into a URL (it would land in logs and browser histories).
    prefix = given.strip().lower().removeprefix(PREFIX)
    if not given.strip().lower().startswith(PREFIX) or not _REFERENCE.fullmatch(prefix):
        # No such page (404, as for any unknown name in a path), with what to give instead.
        raise NotFoundError("CLIENT-ONGELDIG", "Geef een cliëntreferentie (cl-...), geen BSN.", "path.client")
    keys = (
        site.data.query(
            "SELECT DISTINCT client_key FROM allocations WHERE starts_with(client_key, ?) LIMIT 2", [prefix]
        )
        .column(0)
        .to_pylist()
    )
    if not keys:
        raise NotFoundError(
            "CLIENT-ONBEKEND", f"Er is geen cliënt {PREFIX}{prefix} met een toewijzing.", "path.client"
        )
    if len(keys) > 1:
        raise UserError(
            "CLIENT-DUBBELZINNIG", "Deze referentie past bij meer cliënten; geef meer tekens.", "path.client"
        )
    return str(keys[0])


def register(site: Site) -> None:
    declare(PATH, ACCESS)

    @site.page(PATH, name="toegang-traject")
    def path(request: Request, client: str) -> HTMLResponse:
        principal = require_principal(request)
        key = _client_key(site, client)
        data = site.data
        with data._lock:
            steps = care_path(data.compute_store.connection, key, data.catalog)
        shown = [s for s in steps if in_scope(principal, gemeente=s.allocation.gemeente)]
        if steps and not shown:
            raise ForbiddenError(
                f"Cliënt {reference(key)} heeft geen zorg in uw gemeente(n) ({principal.scope_text}).",
                "path.client",
            )
        audit_read(request, [key])
        rows = []
        for number, step in enumerate(shown, start=1):
            a = step.allocation
            product = data.catalog.find_product(a.product_code) if data.catalog and a.product_code else None
            rows.append(
                {
                    "stap": number,
                    "product": (a.product_code or a.product_categorie or "?")
                    + (f" {product.name}" if product else ""),
                    "gemeente": data.gemeente_names.get(a.gemeente, a.gemeente),
                    "aanbieder": data.aanbieder_names.get(a.aanbieder, a.aanbieder),
                    "van": dutch_date(a.ingangsdatum),
                    "tot": dutch_date(a.einddatum) if a.einddatum else "open",
                    "hoe": step.cause,
                    "richting": step.direction,
                    "gestopt": dutch_date(step.stopped[0]) if step.stopped else "–",
                }
            )
        context = {"client": reference(key), "rows": rows, "hidden": len(steps) - len(shown)}
        return site.render(request, "traject.html", context, title=f"Zorgpad van cliënt {reference(key)}")
