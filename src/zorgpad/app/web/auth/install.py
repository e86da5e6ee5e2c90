"""Put access control in front of an app: accounts on the store, the login routes, the gate with each
route's declared access, and the session cookies. `create_app` calls `install_auth` once, before its
own middleware (so refusals carry the security headers too)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from zorgpad.app.web.auth import login, oidc
from zorgpad.app.web.auth.accounts import Accounts
from zorgpad.app.web.auth.audit import AuditLog
from zorgpad.app.web.auth.gate import AuthGate, AuthState
from zorgpad.app.web.auth.oidc import OidcLogin, OidcSettings
from zorgpad.app.web.auth.principal import Principal
from zorgpad.app.web.auth.session import SchemeSessions, session_secret
from zorgpad.app.web.errors import ErrorDetail, error_body, wants_html
from zorgpad.app.web.routes import all_routes
from zorgpad.app.web.scope import ROUTE_ACCESS, Access, check_route
from zorgpad.app.web.site import Site
from zorgpad.errors import UserError


def route_access(route: BaseRoute) -> Access | None:
    """A route's declared access: from `ROUTE_ACCESS` by its path, or set on its endpoint."""
    path = getattr(route, "path", "")
    found = ROUTE_ACCESS.get(path)
    if found is None:
        found = getattr(getattr(route, "endpoint", None), "zorgpad_access", None)
    return found


def _guard(app: FastAPI) -> object:
    routes: list[BaseRoute] = []

    def guard(scope: Scope, principal: Principal) -> None:
        if not routes:
            routes.extend(all_routes(app))
        partial = None
        for route in routes:
            match, child = route.matches(scope)
            if match == Match.FULL:
                check_route(principal, route_access(route), child.get("path_params", {}))
                return
            if match == Match.PARTIAL and partial is None:
                partial = (route, child)
        if partial is not None:
            check_route(principal, route_access(partial[0]), partial[1].get("path_params", {}))

    return guard


def install_auth(app: FastAPI, site: Site) -> AuthState:
    connection = site.data.store.connection
    state = AuthState(Accounts(connection.cursor()), AuditLog(connection.cursor()))

    def refuse(request: Request, error: UserError) -> Response:
        status = getattr(error, "status_code", 403)
        if wants_html(request):
            detail = ErrorDetail(code=error.code, bericht=error.message, locatie=error.location)
            context = {"status": status, "fout": detail}
            return site.render(request, "error.html", context, title="Geen toegang", status_code=status)
        return JSONResponse(error_body(error.code, error.message, error.location), status_code=status)

    state.guard = _guard(app)  # type: ignore[assignment]
    state.refuse = refuse
    app.state.auth = state
    settings = OidcSettings.from_env()
    if settings is not None:
        sso = OidcLogin(settings)
        state.oidc = sso
        app.include_router(oidc.router(state, sso))
    app.include_router(login.router(site, state))
    app.add_middleware(AuthGate, state=state)
    app.add_middleware(SchemeSessions, secret=session_secret())
    return state
