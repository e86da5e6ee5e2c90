"""The dashboard and API as one FastAPI app: `create_app(db_path, catalog=None)`.

Pages come from the page modules (`zorgpad.app.web.pages`), the JSON API from `api.py`, static files
(CSS, icon) from `static/`; nothing is fetched from elsewhere, so the dashboard works offline.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic.warnings import UnsupportedFieldAttributeWarning
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorgpad import __version__
from zorgpad.app.web import api, service_api
from zorgpad.app.web.auth.gate import require_principal
from zorgpad.app.web.auth.install import install_auth
from zorgpad.app.web.blocks import CACHE_SIZE as BLOCK_CACHE_SIZE
from zorgpad.app.web.data import WebData
from zorgpad.app.web.errors import ErrorDetail, install_error_handlers
from zorgpad.app.web.hardening import Hardening, allowed_hosts
from zorgpad.app.web.site import HERE, Site, discover
from zorgpad.app.web.warmup import Activity, Warmup
from zorgpad.catalog import Catalog, load_catalog
from zorgpad.service.server import Service

# pydantic >= 2.12 warns, when FastAPI first builds a route, that the alias FastAPI gives an optional
# query parameter "has no effect"; it does take effect (pydantic issue 12356). The English warning must
# not reach the server's log.
warnings.filterwarnings("ignore", category=UnsupportedFieldAttributeWarning)

# The warm-up fills at most half the block cache, so it never evicts what it warmed itself.
WARM_LIMIT = BLOCK_CACHE_SIZE // 2

SECURITY_HEADERS = {
    # Inline styles: matplotlib's SVG carries style attributes. No script runs from elsewhere.
    "content-security-policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


class _CountActivity:
    """Counts the requests being answered, so the background warm-up can give way to them."""

    def __init__(self, app: ASGIApp, activity: Activity) -> None:
        self.app = app
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.activity.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.end()


class _SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _catalog(catalog: Catalog | str | Path | None) -> Catalog | None:
    if catalog is None or isinstance(catalog, Catalog):
        return catalog
    return load_catalog(catalog)


def create_app(
    db_path: str | Path,
    catalog: Catalog | str | Path | None = None,
    *,
    warm: bool = True,
    service: Service | None = None,
    hosts: Iterable[str] = (),
) -> FastAPI:
    """The dashboard over the store at `db_path` (opened read-only), with an optional catalogue
    (a `Catalog`, a bundled name such as `centraal-gelderland`, or a path to a YAML file). With `warm`,
    a background thread fills the caches once the app has started (`app.state.warmup`). `hosts` are
    names answered besides loopback and `ZORGPAD_HOSTS` (`zorgpad.app.web.hardening`).

    With `service` (`zorgpad serve`), the app reads the store the service owns and writes to, and
    serves the inbox and the command line's channel too (`service_api.py`); the service's worker runs
    while the app does."""
    loaded = _catalog(catalog)
    data = WebData(service.owner.reader(), loaded) if service is not None else WebData.open(db_path, loaded)
    activity = Activity()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if service is not None:
            service.start(app.state.service_url)
        if warm:
            warmup.start()
        try:
            yield
        finally:
            warmup.stop()
            if service is not None:
                service.worker.stop()
            data.close()
            if service is not None:
                service.stop()

    app = FastAPI(
        title="zorgpad API",
        version=__version__,
        description="Indicatoren per knelpunt van de jeugdhulpregio, als JSON. Zie docs/dashboard.md.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    site = Site(data)
    app.state.site = site
    app.state.data = data

    def render_error(request: Request, status: int, detail: ErrorDetail) -> HTMLResponse:
        title = "Pagina niet gevonden" if status == 404 else "Er ging iets mis"
        return site.render(
            request, "error.html", {"status": status, "fout": detail}, title=title, status_code=status
        )

    install_error_handlers(app, render_error)
    app.include_router(api.router(site))
    signed_in = [Depends(require_principal)]
    app.include_router(service_api.controle_router(site, signed_in))
    app.state.service = service
    app.state.service_url = None  # set by `zorgpad serve`: written for the command line to find
    if service is not None:
        app.include_router(service_api.berichten_router(service, signed_in))
        app.include_router(service_api.intern_router(service))

        def store_changed() -> None:
            data.refresh()
            site.blocks.refresh()

        service.owner.on_change(store_changed)
    app.state.page_modules = discover(site)
    app.include_router(site.router)
    warmup = Warmup(site.warm_jobs, activity, lambda: len(site.blocks) >= WARM_LIMIT)
    app.state.warmup = warmup if warm else None
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        icon = (HERE / "static" / "favicon.svg").read_bytes()
        return Response(icon, media_type="image/svg+xml")

    install_auth(app, site)  # before the headers, so 401s and redirects carry them too
    app.add_middleware(_SecurityHeaders)
    app.add_middleware(_CountActivity, activity=activity)
    app.add_middleware(Hardening, hosts=allowed_hosts(hosts))  # outermost: before any route runs
    return app
