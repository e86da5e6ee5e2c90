"""Who may see what: every route's declared access, and the one place where a request's filters are
narrowed to the caller's scope before any indicator, table, download, drill-down or API route reads a
row. See docs/access-control.md.

- `ROUTE_ACCESS` declares, per route path, which roles may call it and which path parameter names a
  municipality or provider. The gate (`zorgpad.app.web.auth.gate`) enforces it on every request; a
  route without a declaration is open to the `regio` role only, and the route x role test fails.
- `scope_filters` turns the filters of a request into `ScopedFilters`: a municipality or provider
  account always gets its own code as filter (403 for another's). `WebData.outcome` then hands an
  indicator's result through `restrict`, which drops any row of another municipality or provider,
  refuses an indicator that cannot be narrowed to the scope, and blanks a comparison with others
  computed over fewer than `MIN_GROUP` clients.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from fastapi import Depends, Request

from zorgpad.app.web.auth.errors import ForbiddenError
from zorgpad.app.web.auth.gate import require_principal
from zorgpad.app.web.auth.principal import Principal
from zorgpad.app.web.filters import filter_query
from zorgpad.app.web.known_codes import check_known
from zorgpad.insights.registry import Filters

Dimension = Literal["gemeente", "aanbieder"]

DATA_ROLES = frozenset({"regio", "gemeente", "aanbieder"})
EVERY_ROLE = frozenset({"regio", "gemeente", "aanbieder", "toegang", "beheer"})
MIN_GROUP = 10

# Indicators that do not narrow to a dimension when filtered on it (their figures stay regional), so a
# principal scoped on that dimension may not see them. tests/web/auth/test_scope.py checks every
# indicator against this list.
NOT_NARROWED: Mapping[str, frozenset[Dimension]] = {
    "zorgpad-stappen": frozenset({"aanbieder"}),
}

# Columns that compare with others outside the filter (a provider against its peers), and the column
# holding how many others (each with at least `MIN_PEER_CLIENTS` clients) are behind the comparison.
MIN_PEER_CLIENTS = 5
COMPARISONS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "kosten-per-client-uitschieters": (("mediaan_peers", "ratio", "robuuste_z", "uitschieter"), "peers"),
}


@dataclass(frozen=True)
class Access:
    """A route's declared access: the roles that may call it (`None`: anyone, no login) and which path
    parameters name a municipality or provider that must lie in the caller's scope."""

    roles: frozenset[str] | None
    path_codes: Mapping[str, Dimension] = field(default_factory=dict)
    client_level: bool = False  # answers with client-level rows: every call is written to the audit trail

    def __hash__(self) -> int:
        return hash((self.roles, tuple(sorted(self.path_codes.items())), self.client_level))


PUBLIC = Access(None)
ACCOUNT = Access(EVERY_ROLE)  # any logged-in user; no client data
DATA = Access(DATA_ROLES)

ROUTE_ACCESS: dict[str, Access] = {
    "/api/gezondheid": PUBLIC,
    "/health": PUBLIC,
    "/inloggen": PUBLIC,
    "/favicon.ico": PUBLIC,
    "/static": PUBLIC,
    "/oidc/inloggen": PUBLIC,
    "/oidc/terug": PUBLIC,
    "/uitloggen": ACCOUNT,
    "/api/openapi.json": ACCOUNT,
    "/api/indicatoren": ACCOUNT,
    "/indicatoren": ACCOUNT,
    "/knelpunten": ACCOUNT,
    "/": DATA,
    "/api/indicatoren/{id}": DATA,
    "/indicatoren/{id}": DATA,
    "/indicatoren/{id}/csv": DATA,
    "/indicatoren/{id}/excel": DATA,
    "/knelpunten/{slug}": DATA,
    "/gemeenten": DATA,
    "/gemeenten/{code}": Access(DATA_ROLES, {"code": "gemeente"}),
    "/aanbieders": DATA,
    "/aanbieders/{code}": Access(DATA_ROLES, {"code": "aanbieder"}),
    "/scenarios": Access(frozenset({"regio"})),
    "/scenarios/csv": Access(frozenset({"regio"})),
    "/scenarios/excel": Access(frozenset({"regio"})),
    "/knip": Access(frozenset({"regio"})),
    "/contracten": DATA,
    "/gegevens": ACCOUNT,  # which data each figure rests on: no client data
    # Claim lines behind a figure, one line's trace: client-level rows, read under the scoped filters.
    "/declaraties": Access(DATA_ROLES, client_level=True),
    "/declaraties/{referentie}": Access(DATA_ROLES, client_level=True),
    # The board report is computed for the whole municipality (all providers), so not for a provider.
    "/gemeenten/{code}/rapport/{formaat}": Access(frozenset({"regio", "gemeente"}), {"code": "gemeente"}),
    "/toegang": Access(frozenset({"regio", "gemeente", "toegang"}), client_level=True),
}


def declare(path: str, access: Access) -> None:
    """Declare the access of a route added elsewhere (a page module, another part of the server)."""
    ROUTE_ACCESS[path] = access


def scope_codes(principal: Principal, dimension: Dimension) -> frozenset[str] | None:
    """The codes of `dimension` the principal is limited to, or None when it is not limited on it."""
    if dimension == "gemeente" and principal.role in ("gemeente", "toegang"):
        return principal.gemeenten
    if dimension == "aanbieder" and principal.role == "aanbieder":
        return principal.aanbieders
    return None


def check_code(principal: Principal, dimension: Dimension, code: str | None, location: str) -> None:
    """403 when `code` names a municipality or provider outside the principal's scope."""
    allowed = scope_codes(principal, dimension)
    if code is not None and allowed is not None and code not in allowed:
        what = "gemeente" if dimension == "gemeente" else "aanbieder"
        raise ForbiddenError(f"De {what} '{code}' valt buiten uw bereik ({principal.scope_text}).", location)


def check_route(principal: Principal, access: Access | None, path_params: Mapping[str, str]) -> None:
    """403 when the route is not open to the principal's role, or names a code outside its scope."""
    roles = access.roles if access is not None else frozenset({"regio"})
    if roles is not None and principal.role not in roles:
        raise ForbiddenError(f"Deze pagina is niet beschikbaar voor de rol '{principal.role}'.", "path")
    for name, dimension in (access.path_codes if access else {}).items():
        check_code(principal, dimension, path_params.get(name), f"path.{name}")


@dataclass(frozen=True)
class ScopedFilters(Filters):
    """Filters narrowed to a principal's scope; `scoped` names the dimensions fixed by the scope."""

    scoped: frozenset[str] = frozenset()


def scope_filters(principal: Principal, filters: Filters) -> Filters:
    """The request's filters within the principal's scope: a scoped dimension is always set, to the
    one asked for (403 when outside the scope) or else to the first code of the scope (an account with
    several municipalities sees one at a time). The whole region's filters pass unchanged."""
    if principal.role == "beheer":
        # No client data: the routes that read data refuse this role before they get here; should
        # one not, these filters match no municipality and no provider.
        return ScopedFilters(
            gemeente="0000", aanbieder="00000000", scoped=frozenset({"gemeente", "aanbieder"})
        )
    fixed: dict[str, str] = {}
    dimensions: tuple[Dimension, ...] = ("gemeente", "aanbieder")
    for dimension in dimensions:
        allowed = scope_codes(principal, dimension)
        if allowed is None:
            continue
        asked = getattr(filters, dimension)
        check_code(principal, dimension, asked, f"query.{dimension}")
        fixed[dimension] = asked or min(allowed)
    if not fixed:
        return filters
    values = {name: getattr(filters, name) for name in ("period_from", "period_to", "product", "run")}
    base = Filters(**values, gemeente=filters.gemeente, aanbieder=filters.aanbieder)
    return ScopedFilters(**{**base.__dict__, **fixed}, scoped=frozenset(fixed))


def restrict(indicator_id: str, table: pa.Table, filters: Filters) -> pa.Table:
    """An indicator's result as a scoped principal may see it (unchanged for unscoped filters)."""
    if not isinstance(filters, ScopedFilters):
        return table
    refused = NOT_NARROWED.get(indicator_id, frozenset()) & filters.scoped
    if refused:
        raise ForbiddenError(
            "Deze indicator laat alleen cijfers van de hele regio zien en valt daarmee buiten uw bereik.",
            "path.id",
        )
    for dimension in filters.scoped:
        if dimension in table.schema.names:
            table = table.filter(pc.equal(table[dimension].cast(pa.string()), getattr(filters, dimension)))
    comparison = COMPARISONS.get(indicator_id)
    if comparison is not None:
        table = _blank_small_comparisons(table, *comparison)
    return table


def _blank_small_comparisons(table: pa.Table, columns: Iterable[str], peers: str) -> pa.Table:
    """Blank a comparison unless the others behind it hold at least MIN_GROUP clients: peers other
    than the row itself, each with at least MIN_PEER_CLIENTS clients."""
    if peers not in table.schema.names:
        return table
    others = pc.subtract(pc.fill_null(table[peers], 0), 1)
    enough = pc.greater_equal(pc.multiply(others, MIN_PEER_CLIENTS), MIN_GROUP)
    for column in columns:
        if column in table.schema.names:
            index = table.schema.get_field_index(column)
            blank = pa.nulls(table.num_rows, type=table.schema.field(index).type)
            table = table.set_column(
                index, table.schema.field(index), pc.if_else(enough, table[column], blank)
            )
    index = table.schema.get_field_index(peers)
    kept = pc.if_else(enough, table[peers], pa.nulls(table.num_rows, type=table[peers].type))
    return table.set_column(index, table.schema.field(index), kept)


async def scoped_filter_query(request: Request, filters: Filters = Depends(filter_query)) -> Filters:
    """FastAPI dependency (`site.filters`): the request's filters narrowed to the caller's scope.
    Async because it only reads the request: it then costs no trip to the thread pool."""
    scoped = scope_filters(require_principal(request), filters)  # outside the scope: 403 first
    data = getattr(request.app.state, "data", None)
    if data is not None and (filters.gemeente is not None or filters.aanbieder is not None):
        check_known(data, filters)
    return scoped


def in_scope(principal: Principal, *, gemeente: str | None = None, aanbieder: str | None = None) -> bool:
    """Whether a row of this municipality and provider lies in the principal's scope."""
    gemeenten = scope_codes(principal, "gemeente")
    aanbieders = scope_codes(principal, "aanbieder")
    if principal.role == "beheer":
        return False
    return (gemeenten is None or gemeente in gemeenten) and (aanbieders is None or aanbieder in aanbieders)
