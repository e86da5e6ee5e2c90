"""The gate in front of every route: who is asking (session cookie or bearer token), and the 401 or
the redirect to the login page for everyone else. Public: `PUBLIC_PATHS` and `PUBLIC_PREFIXES` only.

The middleware resolves the principal once per request and leaves it in `request.state.principal`;
`require_principal` is the FastAPI dependency routes use to get it (and answers 401 itself when a
route is reached some other way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from zorgpad.app.web.auth.accounts import Accounts
from zorgpad.app.web.auth.audit import AuditLog
from zorgpad.app.web.auth.errors import ForbiddenError, UnauthorizedError
from zorgpad.app.web.auth.principal import Principal
from zorgpad.app.web.auth.session import session_user
from zorgpad.app.web.auth.throttle import LoginThrottle
from zorgpad.app.web.errors import error_body
from zorgpad.errors import UserError

LOGIN_PATH = "/inloggen"
PUBLIC_PATHS = frozenset(
    {"/health", "/api/gezondheid", LOGIN_PATH, "/favicon.ico", "/oidc/inloggen", "/oidc/terug"}
)
PUBLIC_PREFIXES = ("/static/",)


@dataclass
class AuthState:
    """What access control needs at run time, kept as `app.state.auth`."""

    accounts: Accounts
    audit: AuditLog
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    oidc: object | None = None  # zorgpad.app.web.auth.oidc.OidcLogin when configured
    # Checks the route's declared access (zorgpad.app.web.scope); raises ForbiddenError.
    guard: Callable[[Scope, Principal], None] = lambda _scope, _principal: None
    # Answers a refused request in the app's error shape (HTML page or JSON).
    refuse: Callable[[Request, UserError], Response] | None = None


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _bearer(header: str | None) -> str | None:
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def authenticate(request: Request, state: AuthState) -> Principal | None:
    """The principal of a valid bearer token, else of a valid session, else None."""
    token = _bearer(request.headers.get("authorization"))
    if token is not None:
        return state.accounts.by_token(token)
    if "session" not in request.scope:
        return None
    name = session_user(request.session)
    return state.accounts.principal(name) if name else None


def require_principal(request: Request) -> Principal:
    """FastAPI dependency: the request's principal, or 401 in the app's error shape."""
    found = getattr(request.state, "principal", None)
    if isinstance(found, Principal):
        return found
    state: AuthState | None = getattr(request.app.state, "auth", None)
    principal = authenticate(request, state) if state is not None else None
    if principal is None:
        raise UnauthorizedError()
    request.state.principal = principal
    return principal


def _wants_page(request: Request) -> bool:
    return (
        request.method == "GET"
        and not request.url.path.startswith("/api/")
        and "text/html" in request.headers.get("accept", "")
    )


class AuthGate:
    """ASGI middleware: every non-public request needs a principal (401 JSON, or for a browser asking
    for a page a redirect to the login page that returns there afterwards)."""

    def __init__(self, app: ASGIApp, state: AuthState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        principal = authenticate(request, self.state)
        scope.setdefault("state", {})["principal"] = principal
        if principal is not None and not is_public(request.url.path):
            refused: Response | None = None
            try:
                self.state.guard(scope, principal)
            except ForbiddenError as forbidden:
                body = error_body(forbidden.code, forbidden.message, forbidden.location)
                refused = self.state.refuse(request, forbidden) if self.state.refuse else None
                refused = refused or JSONResponse(body, status_code=403)
            if refused is not None:
                await refused(scope, receive, send)
                return
        if principal is None and not is_public(request.url.path):
            response: Response
            if _wants_page(request):
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse(
                    f"{LOGIN_PATH}?volgende={quote(target, safe='')}", status_code=303
                )
            else:
                error = UnauthorizedError()
                response = JSONResponse(
                    error_body(error.code, error.message, error.location),
                    status_code=401,
                    headers={"www-authenticate": 'Bearer realm="zorgpad"'},
                )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def audit_read(request: Request, clients: Iterable[str]) -> None:
    """Write a read of client-level data by the request's principal to the audit trail."""
    state: AuthState = request.app.state.auth
    route = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    state.audit.record(require_principal(request), request.method, route, clients)
