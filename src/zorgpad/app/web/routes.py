"""Every route of the app as one flat list, for the docs and error-shape tests and the benchmark.

FastAPI 0.13x+ keeps an included router as one entry in `app.routes` (holding the router itself), so
`app.routes` alone no longer lists every path; this walks into included routers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fastapi import FastAPI
from starlette.routing import BaseRoute


def _walk(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _walk(included.routes)
        else:
            yield route


def all_routes(app: FastAPI) -> list[BaseRoute]:
    """The app's routes with included routers expanded (their paths already carry their prefix)."""
    return list(_walk(app.routes))
