"""Web hardening (issue 17, items 7 and 9): Host allowlist, no caching of data, short echoes, no 500."""

from __future__ import annotations

import asyncio
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.app.web.hardening import allowed_hosts

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.2", ""])
def test_unknown_host_is_refused_in_the_error_shape(client: TestClient, host: str) -> None:
    answer = client.get("/api/indicatoren", headers={"host": host})
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "HOST-ONBEKEND"


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8765", "LOCALHOST"])
def test_loopback_hosts_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/indicatoren", headers={"host": host}).status_code == 200


def test_configured_and_served_hosts_are_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZORGPAD_HOSTS", "dashboard.regio.nl, intern.regio.nl")
    hosts = allowed_hosts(["10.0.0.5"])
    assert {"dashboard.regio.nl", "intern.regio.nl", "10.0.0.5", "localhost"} <= hosts
    assert "evil.example" not in hosts


def test_serve_host_is_allowed(region_db: Path) -> None:
    app = create_app(region_db, warm=False, hosts=["dashboard.regio.nl"])
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers.update(bearer_headers(app))
        assert client.get("/api/indicatoren", headers={"host": "dashboard.regio.nl:8080"}).status_code == 200
        assert client.get("/api/indicatoren", headers={"host": "andere.regio.nl"}).status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/", "/api/indicatoren", "/indicatoren/kosten-per-gemeente/csv",
     "/indicatoren/kosten-per-gemeente/excel", "/nergens"],
)  # fmt: skip
def test_data_and_downloads_are_not_cached(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.headers["cache-control"] == "no-store"


def test_static_files_may_be_cached(client: TestClient) -> None:
    assert "no-store" not in client.get("/favicon.ico").headers.get("cache-control", "")


def _raw_get(app: FastAPI, path: str, query: bytes) -> tuple[int, bytes]:
    """A request straight to the ASGI app: the test client refuses URLs above 64 kB."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "",
        "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 1), "server": ("localhost", 80),
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


@pytest.mark.parametrize(
    "path", ["/api/indicatoren/kosten-per-gemeente", "/indicatoren/kosten-per-gemeente", "/"]
)
def test_a_100_kb_query_string_is_not_echoed(app: FastAPI, path: str) -> None:
    value = "q" * 100_000
    status, body = _raw_get(app, path, f"gemeente={value}".encode())
    assert status == 414
    assert json.loads(body)["fout"]["code"] == "VERZOEK-TE-LANG"
    assert len(body) < 1000


def test_a_long_filter_value_is_echoed_as_a_short_excerpt(client: TestClient) -> None:
    answer = client.get("/api/indicatoren/kosten-per-gemeente", params={"gemeente": "9" * 5000})
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "FILTER-CODE-ONGELDIG"
    assert len(answer.content) < 500


@pytest.mark.parametrize(
    "scenario",
    ["indexeer_tarieven:procent=1e309", "indexeer_tarieven:procent=nan", "indexeer_tarieven:procent=-1e17",
     "indexeer_tarieven:procent=" + "9" * 400, "begrens_duur:producten=45A03,maanden=" + "9" * 30],
)  # fmt: skip
def test_huge_scenario_values_are_a_client_error(client: TestClient, scenario: str) -> None:
    answer = client.get("/scenarios", params={"s1": scenario})
    assert answer.status_code == 400
    assert "SCN-PARAMETER" in answer.text or "SCN-WAARDE" in answer.text
    # The form shows what was asked (at most 2,000 characters); the problem quotes only an excerpt.
    if len(scenario) > 60:
        assert answer.text.count(scenario) <= 1


def test_an_overlong_scenario_is_refused_in_the_error_shape(client: TestClient) -> None:
    answer = client.get("/scenarios", params={"s1": "identiek;" * 300})  # 2,700 characters, under 8 kB
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "SCENARIO-TE-LANG"


@pytest.mark.parametrize(
    ("query", "code"),
    [("gemeente=9999", "FILTER-GEMEENTE-ONBEKEND"), ("aanbieder=99999999", "FILTER-AANBIEDER-ONBEKEND")],
)
@pytest.mark.parametrize("path", ["/api/indicatoren/afgewezen-per-regel", "/", "/declaraties"])
def test_an_unknown_municipality_or_provider_is_not_an_empty_answer(
    client: TestClient, path: str, query: str, code: str
) -> None:
    """Issue 17, Deliver 6: a filter on a code the region does not know is a 404, never an empty 200."""
    answer = client.get(f"{path}?{query}", headers={"Accept": "application/json"})
    assert answer.status_code == 404
    assert answer.json()["fout"]["code"] == code


def test_a_known_municipality_filter_still_answers(client: TestClient) -> None:
    answer = client.get("/api/indicatoren/afgewezen-per-regel?gemeente=0202")
    assert answer.status_code == 200
