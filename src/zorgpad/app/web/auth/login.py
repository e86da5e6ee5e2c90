"""The login page (`/inloggen`) and logging out (`/uitloggen`), both forms protected against CSRF."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zorgpad.app.web.auth.csrf import check_csrf, csrf_token
from zorgpad.app.web.auth.errors import ThrottledError
from zorgpad.app.web.auth.gate import LOGIN_PATH, AuthState
from zorgpad.app.web.auth.session import start_session
from zorgpad.app.web.site import Site


def safe_target(target: str | None) -> str:
    """Where to go after logging in: only a path on this site (never `//elsewhere` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def router(site: Site, state: AuthState) -> APIRouter:
    routes = APIRouter(include_in_schema=False)

    def form(request: Request, target: str, problem: str | None, status_code: int = 200) -> HTMLResponse:
        context = {
            "csrf": csrf_token(request.session),
            "volgende": safe_target(target),
            "probleem": problem,
            "sso": state.oidc is not None,
        }
        return site.render(request, "login.html", context, title="Inloggen", status_code=status_code)

    @routes.get(LOGIN_PATH, name="inloggen", response_class=HTMLResponse)
    def login_page(request: Request, volgende: str | None = None) -> HTMLResponse:
        return form(request, volgende or "/", None)

    @routes.post(LOGIN_PATH, name="inloggen-versturen")
    async def login(request: Request) -> Response:
        sent = await request.form()
        check_csrf(request.session, str(sent.get("csrf") or ""))
        name = str(sent.get("gebruiker") or "").strip().lower()
        password = str(sent.get("wachtwoord") or "")
        target = str(sent.get("volgende") or "/")
        keys = (f"naam:{name}", f"adres:{request.client.host if request.client else '-'}")
        wait = state.throttle.wait_seconds(*keys)
        if wait:
            error = ThrottledError(wait)
            return form(request, target, error.message, status_code=429)
        principal = state.accounts.by_password(name, password) if name and password else None
        if principal is None:
            state.throttle.failed(*keys)
            return form(request, target, "De gebruikersnaam of het wachtwoord klopt niet.", status_code=401)
        state.throttle.succeeded(*keys)
        start_session(request.session, principal.name)
        return RedirectResponse(safe_target(target), status_code=303)

    @routes.post("/uitloggen", name="uitloggen")
    async def logout(request: Request) -> Response:
        sent = await request.form()
        check_csrf(request.session, str(sent.get("csrf") or ""))
        request.session.clear()
        return RedirectResponse(LOGIN_PATH, status_code=303)

    return routes
