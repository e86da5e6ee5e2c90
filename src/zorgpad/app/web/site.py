"""The page-module contract: how a module adds pages and a menu entry to the dashboard.

Every module in `zorgpad.app.web.pages` (name not starting with `_`) that exposes
`register(site: Site) -> None` is imported when the app is created, in name order. Through `site` it
adds routes (`site.page`), a menu entry (`site.nav`), renders templates that extend `base.html`
(`site.render`) and reads the store, catalogue and indicators (`site.data`). See docs/dashboard.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zorgpad import formatting
from zorgpad.app.web import pages
from zorgpad.app.web.auth.csrf import csrf_token
from zorgpad.app.web.auth.principal import Principal
from zorgpad.app.web.blocks import BlockCache
from zorgpad.app.web.data import WebData
from zorgpad.app.web.filters import query_string
from zorgpad.app.web.runs import chosen_run_filters, list_runs
from zorgpad.app.web.scope import ROUTE_ACCESS
from zorgpad.app.web.tables import dutch_number, format_value
from zorgpad.app.web.warmup import Jobs, WarmJob
from zorgpad.insights.registry import Filters

HERE = Path(__file__).resolve().parent
TEMPLATE_DIRS = (HERE / "templates", HERE / "pages" / "templates")

Endpoint = Callable[..., Any]


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str
    order: int


class Site:
    """What a page module receives: a router for its routes, the data, the menu and the templates."""

    filters = staticmethod(chosen_run_filters)
    """FastAPI dependency giving the request's `Filters`, narrowed to the caller's scope
    (zorgpad.app.web.scope), with a control run the store holds (zorgpad.app.web.runs):
    `filters: Filters = Depends(site.filters)`."""

    def __init__(self, data: WebData) -> None:
        self.data = data
        self.blocks = BlockCache(data)
        self.router = APIRouter()
        self._nav: list[NavEntry] = []
        self.warm_jobs: list[WarmJob] = []
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in TEMPLATE_DIRS]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["waarde"] = format_value
        self.templates.filters["getal"] = lambda v, d=0: dutch_number(v, d)
        self.templates.filters["eenheid"] = formatting.unit_name
        self.templates.globals["query"] = query_string

    def page(self, path: str, *, name: str) -> Callable[[Endpoint], Endpoint]:
        """Register a GET page (HTML, left out of the OpenAPI description of the API)."""
        return self.router.get(path, name=name, response_class=HTMLResponse, include_in_schema=False)

    def nav(self, label: str, path: str, order: int = 100) -> None:
        """Add a menu entry; lower `order` comes first (overview 0, knelpunten 10, drill-downs 20-30)."""
        self._nav.append(NavEntry(label, path, order))

    def warm(self, jobs: Jobs, order: int = 100) -> None:
        """Prepare the caches in the background after startup: `jobs()` yields units of work (each a
        callable, e.g. building one block), run when no request is waiting; lower `order` first."""
        self.warm_jobs.append(WarmJob(order, jobs))

    @property
    def nav_entries(self) -> tuple[NavEntry, ...]:
        return tuple(sorted(self._nav, key=lambda e: (e.order, e.label)))

    def _nav_for(self, principal: Principal | None) -> tuple[NavEntry, ...]:
        """The menu entries the principal may open (all of them for a page shown without login)."""
        if principal is None:
            return ()
        return tuple(
            entry
            for entry in self.nav_entries
            if (access := ROUTE_ACCESS.get(entry.path)) is None
            or access.roles is None
            or principal.role in access.roles
        )

    def render(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        *,
        title: str,
        filters: Filters | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        """Render a template that extends `base.html`; with `filters`, the page shows the filter form."""
        path = request.url.path
        current = max(
            (e for e in self.nav_entries if path == e.path or (e.path != "/" and path.startswith(e.path))),
            key=lambda e: len(e.path),
            default=None,
        )
        principal = getattr(request.state, "principal", None)
        base = {
            "title": title,
            "nav": self._nav_for(principal),
            "principal": principal,
            "csrf": csrf_token(request.session) if principal and "session" in request.scope else None,
            "current_nav": current.path if current else None,
            "path": path,
            "filters": filters,
            "data": self.data,
            "region": self.data.catalog.region.name if self.data.catalog else None,
            "runs": self._runs(filters, principal),
        }
        html = self.templates.get_template(template).render({**base, **context})
        return HTMLResponse(html, status_code=status_code)

    def _runs(self, filters: Filters | None, principal: Principal | None) -> list[Any]:
        """The control runs for the run choice of the filter form (none on a page without filters)."""
        if filters is None:
            return []
        regional = principal is not None and principal.role == "regio"
        cursor = self.data.store.connection.cursor()
        try:
            return list_runs(cursor, filters.run, regional=regional)
        finally:
            cursor.close()


def discover(site: Site) -> list[str]:
    """Import every page module and let it register; returns the module names, in order."""
    names = []
    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pages.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(site)
            names.append(info.name)
    return names
