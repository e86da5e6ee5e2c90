"""One error shape on every route: tested by walking `app.routes`, plus 404, 405, 422 and 500."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount
from starlette.testclient import TestClient

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.app.web.routes import all_routes

BROWSER = {"accept": "text/html,application/xhtml+xml"}


def assert_shape(body: Any, code: str | None = None) -> None:
    assert set(body) == {"fout"}
    assert set(body["fout"]) == {"code", "bericht", "locatie"}
    assert re.fullmatch(r"[A-Z0-9-]+", body["fout"]["code"])
    assert body["fout"]["bericht"] and "Traceback" not in body["fout"]["bericht"]
    if code is not None:
        assert body["fout"]["code"] == code


def concrete(path: str, value: str = "bestaat-niet") -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def routes(app: FastAPI) -> list[Any]:
    return all_routes(app)


def test_every_route_is_covered(app: FastAPI) -> None:
    kinds = {type(route).__name__ for route in routes(app)}
    assert kinds <= {"APIRoute", "Mount", "Route"}, kinds
    assert len(routes(app)) >= 15


def test_every_route_refuses_post_in_the_shape(app: FastAPI, client: TestClient) -> None:
    # The login and logout forms are the routes that take a POST (tested in tests/web/auth).
    forms = {route.path for route in routes(app) if "POST" in getattr(route, "methods", set())}
    for route in routes(app):
        if route.path in forms:
            continue
        path = concrete(route.path + "/zorgpad.css" if isinstance(route, Mount) else route.path)
        answer = client.post(path)
        assert answer.status_code == 405, path
        assert_shape(answer.json(), "METHODE-NIET-TOEGESTAAN")


def test_every_route_with_a_name_in_its_path_says_404_in_the_shape(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for route in routes(app):
        if isinstance(route, Mount):
            path = route.path + "/bestaat-niet.css"
        elif "{" in route.path:
            path = concrete(route.path)
        else:
            continue
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert_shape(answer.json())
        checked += 1
    assert checked >= 6


def test_every_route_with_filters_refuses_a_bad_filter_in_the_shape(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for route in routes(app):
        if not isinstance(route, APIRoute):
            continue
        names = _query_names(route.dependant)
        if "van" not in names:
            continue
        path = concrete(route.path, _known_value(client, route.path))
        for query, code in (
            ("van=1-2-2025", "FILTER-DATUM-ONGELDIG"),
            ("gemeente=Arnhem", "FILTER-CODE-ONGELDIG"),
            ("van=2025-06-01&tot=2025-01-01", "FILTER-PERIODE-OMGEKEERD"),
        ):
            answer = client.get(f"{path}?{query}")
            assert answer.status_code == 400, f"{path}?{query}"
            assert_shape(answer.json(), code)
            assert answer.json()["fout"]["locatie"].startswith("query.")
        checked += 1
    assert checked >= 8


def _query_names(dependant: Any) -> set[str]:
    """The query parameters of a route and of its dependencies, however deep (the filters are a
    dependency of the scoped filters)."""
    names = {param.name for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


def _known_value(client: TestClient, path: str) -> str:
    if "{slug}" in path:
        return "seed000-4"
    if path.startswith("/gemeenten"):
        return str(client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"][0]["gemeente"])
    if path.startswith("/aanbieders"):
        return str(client.get("/api/indicatoren/kosten-per-aanbieder").json()["rijen"][0]["aanbieder"])
    return "kosten-per-gemeente"


def test_unknown_route_is_404_in_the_shape(client: TestClient) -> None:
    for path in ("/bestaat-niet", "/api/bestaat-niet", "/static/bestaat-niet.css"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert_shape(answer.json(), "PAGINA-ONBEKEND")


def test_a_browser_gets_a_dutch_error_page_with_the_same_code(client: TestClient) -> None:
    answer = client.get("/indicatoren/bestaat-niet", headers=BROWSER)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in answer.text
    assert "INDICATOR-ONBEKEND" in answer.text
    api = client.get("/api/indicatoren/bestaat-niet", headers=BROWSER)
    assert_shape(api.json(), "INDICATOR-ONBEKEND")


def test_unexpected_errors_and_validation_errors_keep_the_shape(region_db: object) -> None:
    app = create_app(str(region_db))

    @app.get("/api/kapot")
    def broken() -> None:
        raise RuntimeError("interne details die niemand mag zien")

    @app.get("/api/getal/{n}")
    def number(n: int) -> int:
        return n

    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers.update(bearer_headers(app))
        answer = client.get("/api/kapot")
        assert answer.status_code == 500
        assert_shape(answer.json(), "INTERNE-FOUT")
        assert "interne details" not in answer.text
        invalid = client.get("/api/getal/twee")
        assert invalid.status_code == 422
        assert_shape(invalid.json(), "VERZOEK-ONGELDIG")
        assert invalid.json()["fout"]["locatie"] == "path.n"
        page = client.get("/api/kapot", headers=BROWSER)
        assert_shape(page.json(), "INTERNE-FOUT")


@pytest.mark.parametrize("path", ["/", "/api/indicatoren", "/static/zorgpad.css"])
def test_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
