"""Fixtures for the dashboard tests: a small synthetic region-year, ingested once per session."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.access.pseudonyms import reference
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.gate import LOGIN_PATH
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.app.web.routes import all_routes
from zorgpad.catalog import load_catalog
from zorgpad.insights.registry import Filters
from zorgpad.store.ingest import ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

with warnings.catch_warnings():
    # Starlette warns on import that its test client will move from httpx to httpx2; the client works
    # as documented with httpx (a project dependency), so only this one warning is silenced, here.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

CATALOG = "centraal-gelderland"
SCALE = 0.02


@pytest.fixture(scope="session")
def region_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding a small synthetic region-year of Centraal Gelderland (2025)."""
    out = tmp_path_factory.mktemp("synth")
    facts = region_facts(load_catalog(CATALOG), 2025)
    generate(facts, out, 2025, seed=7, scale=SCALE, rates=AnomalyRates.uniform(0.02))
    db = tmp_path_factory.mktemp("store") / "regio.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "web-tests-pseudonym-key-0123456789")
        ingest(out, db)
    return db


@pytest.fixture(scope="session")
def rijnmond_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding a small synthetic Rijnmond year: lots A-E with the knip on D and E (the knip page)."""
    out = tmp_path_factory.mktemp("rijnmond")
    facts = region_facts(load_catalog("rijnmond"), 2025)
    generate(facts, out / "synth", 2025, seed=3, scale=0.005, rates=AnomalyRates.uniform(0.0))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "web-knip-tests-pseudonym-key-0123456789")
        ingest(out / "synth", out / "rijnmond.duckdb")
    return out / "rijnmond.duckdb"


@pytest.fixture(scope="session")
def app(region_db: Path) -> FastAPI:
    """The app without its background warm-up, so each test sees exactly the work it asks for
    (test_warmup.py and the browser tests run apps with it)."""
    return create_app(region_db, CATALOG, warm=False)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client logged in as a `regio` user (sees the whole region), by bearer token."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        test_client.headers.update(bearer_headers(app))
        yield test_client


@pytest.fixture(scope="session")
def bare_client(region_db: Path) -> Iterator[TestClient]:
    """The same store served without a catalogue."""
    bare = create_app(region_db, warm=False)
    with TestClient(bare, raise_server_exceptions=False) as test_client:
        test_client.headers.update(bearer_headers(bare))
        yield test_client


def _first_claim_line(app: FastAPI) -> str:
    """A claim line's ReferentieNummer with its provider (the number may repeat across providers)."""
    table, _total = app.state.data.claim_lines(Filters(), 1)
    line = table.to_pylist()[0]
    return f"{line['referentie_nummer']}?aanbieder={line['aanbieder']}"


def page_routes(app: FastAPI) -> list[str]:
    """The path of every HTML page route (downloads, icon and API left out), from the app itself."""
    return [
        route.path
        for route in all_routes(app)
        if isinstance(route, APIRoute)
        and not route.include_in_schema
        and route.path not in ("/favicon.ico", LOGIN_PATH)  # the login page: tests/web/auth
        and "GET" in route.methods
        and not route.path.endswith(("/csv", "/excel"))
        and not route.path.startswith("/portaal/jw325")  # JW325 downloads (XML, zip): tests/web/auth
    ]


def _first_client_reference(app: FastAPI) -> str:
    """The reference (never the BSN) of a client with an allocation, as the status view links it."""
    key = app.state.data.query("SELECT min(client_key) FROM allocations").column(0)[0].as_py()
    return reference(str(key))


@pytest.fixture(scope="session")
def page_paths(app: FastAPI, client: TestClient) -> list[str]:
    """Every page route, with a real value from the store for its path parameter."""
    first_provider = app.state.data.aanbieders[0].code  # the one a regio user's portal shows
    referentie = app.state.data.query(
        "SELECT min(referentie_nummer) FROM claim_lines WHERE aanbieder = ?", [first_provider]
    )
    samples = {
        "/portaal/prestaties/{referentie}": referentie.column(0)[0].as_py(),
        "/knelpunten/{slug}": client.get("/api/indicatoren").json()[0]["knelpunt"].replace(":", "-"),
        "/indicatoren/{id}": "kosten-per-gemeente",
        "/gemeenten/{code}": client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"][0][
            "gemeente"
        ],
        "/aanbieders/{code}": client.get("/api/indicatoren/kosten-per-aanbieder").json()["rijen"][0][
            "aanbieder"
        ],
        "/declaraties/{referentie}": _first_claim_line(app),
        "/toegang/clienten/{client}": _first_client_reference(app),
    }
    gemeente = samples["/gemeenten/{code}"]
    whole = {"/gemeenten/{code}/rapport/{formaat}": f"/gemeenten/{gemeente}/rapport/html"}
    paths = []
    for path in page_routes(app):
        if path in whole:
            paths.append(whole[path])
            continue
        if "{" in path:
            assert path in samples, f"add a sample value for {path} to page_paths in tests/web/conftest.py"
            path = re.sub(r"\{[^}]+\}", str(samples[path]), path)
        paths.append(path)
    return paths
