"""Fixtures for access control: a region store with a stored control run in it (what `zorgpad check`
leaves: findings, verdicts, JW325 totals, and the JW325 files beside it), an app over it, and clients
for one account of every role."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.access.pseudonyms import reference
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.control.cli_support import load_policy
from zorgpad.control.report import write_answers
from zorgpad.control.service import check_and_record
from zorgpad.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

CATALOG = "centraal-gelderland"
DAGTEKENING = dt.date(2026, 1, 31)


@pytest.fixture(scope="session")
def checked_db(region_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the region store after `zorgpad check --out DIR`: the run in the store (control_runs,
    control_findings, control_verdicts, control_answers), its JW325 files in `jw325/` beside it."""
    db = tmp_path_factory.mktemp("checked") / "regio.duckdb"
    shutil.copy(region_db, db)
    with Store.open(db) as store:
        recorded = check_and_record(store, load_policy(CATALOG), DAGTEKENING, trigger="check")
    write_answers(recorded.answers, db.parent)
    return db


@dataclass(frozen=True)
class Region:
    """Codes of the store: the municipality and provider the scoped accounts get, and the others."""

    gemeente: str
    other_gemeente: str
    aanbieder: str
    other_aanbieder: str
    gemeenten: frozenset[str]
    aanbieders: frozenset[str]
    referentie: str  # a ReferentieNummer of `aanbieder` (also the first provider a regio portal shows)
    answer: str  # the file name of a JW325 of the stored run to `aanbieder`
    client: str  # the reference of a client with allocations in `gemeente`


@pytest.fixture(scope="session")
def scoped_app(checked_db: Path) -> FastAPI:
    return create_app(checked_db, CATALOG, warm=False)


@pytest.fixture(scope="session")
def region(scoped_app: FastAPI) -> Region:
    rows = scoped_app.state.data.query(
        "SELECT gemeente, aanbieder, count(*) AS n FROM control_findings "
        "WHERE gemeente IS NOT NULL AND aanbieder IS NOT NULL GROUP BY ALL ORDER BY n DESC"
    ).to_pylist()
    gemeente, aanbieder = rows[0]["gemeente"], rows[0]["aanbieder"]
    gemeenten = frozenset(r["gemeente"] for r in rows)
    aanbieders = frozenset(r["aanbieder"] for r in rows)
    first = scoped_app.state.data.aanbieders[0].code
    if aanbieder != first:
        aanbieder = first if first in aanbieders else aanbieder
    referentie = (
        scoped_app.state.data.query(
            "SELECT referentie_nummer FROM claim_lines WHERE aanbieder = ? ORDER BY 1 LIMIT 1",
            [aanbieder],
        )
        .column(0)[0]
        .as_py()
    )
    answer = (
        scoped_app.state.data.query(
            "SELECT file_name FROM control_answers WHERE aanbieder = ? ORDER BY 1 LIMIT 1", [aanbieder]
        )
        .column(0)[0]
        .as_py()
    )
    client_key = (
        scoped_app.state.data.query(
            "SELECT client_key FROM allocations WHERE gemeente = ? ORDER BY 1 LIMIT 1", [gemeente]
        )
        .column(0)[0]
        .as_py()
    )
    return Region(
        gemeente,
        next(g for g in sorted(gemeenten) if g != gemeente),
        aanbieder,
        next(a for a in sorted(aanbieders) if a != aanbieder),
        gemeenten,
        aanbieders,
        referentie,
        answer,
        reference(str(client_key)),
    )


@pytest.fixture(scope="session")
def role_clients(scoped_app: FastAPI, region: Region) -> Iterator[dict[str, TestClient]]:
    """A client per role, each logged in by its own bearer token; key `anoniem` has none."""
    accounts = {
        "regio": {},
        "gemeente": {"gemeenten": (region.gemeente,)},
        "aanbieder": {"aanbieders": (region.aanbieder,)},
        "toegang": {"gemeenten": (region.gemeente,)},
        "beheer": {},
    }
    with TestClient(scoped_app, raise_server_exceptions=False) as base:
        clients = {"anoniem": base}
        for role, scope in accounts.items():
            client = TestClient(scoped_app, raise_server_exceptions=False)
            client.headers.update(bearer_headers(scoped_app, f"t-{role}", role, **scope))  # type: ignore[arg-type]
            clients[role] = client
        yield clients
