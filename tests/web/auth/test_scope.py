"""The route x role test: every route of the app declares its access, and for every role nothing
outside the caller's scope comes back: the roles not allowed get 403, a scoped account gets only
rows of its own municipality or provider (JSON, CSV and HTML tables), and asking for another's
municipality or provider answers 403, never an empty success."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.routing import Mount
from starlette.testclient import TestClient

from zorgpad.app.web.auth.install import route_access
from zorgpad.app.web.auth.principal import Principal
from zorgpad.app.web.routes import all_routes
from zorgpad.app.web.scope import NOT_NARROWED, ScopedFilters, restrict, scope_filters
from zorgpad.insights.registry import Filters, compute_indicator

from .conftest import Region

ROLES = ("regio", "gemeente", "aanbieder", "toegang", "beheer")
BROWSER = {"accept": "text/html"}


def _concrete(path: str, region: Region, own: bool = True) -> str:
    if path.startswith("/gemeenten/"):
        path = path.replace("{formaat}", "html")
        return path.replace("{code}", region.gemeente if own else region.other_gemeente)
    if path.startswith("/aanbieders/"):
        return path.replace("{code}", region.aanbieder if own else region.other_aanbieder)
    if path.startswith("/scenarios/"):  # a download needs a chosen reform (its default parameters)
        return path + "?hervorming=indexeer_tarieven"
    if "{client}" in path:
        return path.replace("{client}", region.client)
    if "{bestand}" in path:
        return path.replace("{bestand}", region.answer)
    if "{referentie}" in path:
        return path.replace("{referentie}", region.referentie)
    return path.replace("{id}", "kosten-per-aanbieder").replace("{slug}", "seed000-4")


def _allowed_codes(role: str, region: Region) -> dict[str, set[str]]:
    if role in ("gemeente", "toegang"):
        return {"gemeente": {region.gemeente}}
    if role == "aanbieder":
        return {"aanbieder": {region.aanbieder}}
    return {}


def _walk(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            found.append((key, item))
            found += _walk(item)
        return found
    if isinstance(value, list):
        return [pair for item in value for pair in _walk(item)]
    return []


def assert_in_scope(answer: Any, role: str, region: Region, where: str) -> None:
    """No value of a `gemeente`/`aanbieder` field, CSV column or HTML table cell outside the scope."""
    allowed = _allowed_codes(role, region)
    if not allowed:
        return
    kind = answer.headers.get("content-type", "")
    if kind.startswith("application/json"):
        for key, value in _walk(answer.json()):
            if key in allowed and isinstance(value, str):
                assert value in allowed[key], f"{where}: {key}={value} outside the scope of {role}"
    elif kind.startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
        for row in rows:
            for key, codes in allowed.items():
                if key in row:
                    assert row[key] in codes, f"{where}: {key}={row[key]} outside the scope of {role}"
    elif kind.startswith("text/html"):
        tables = "".join(re.findall(r"<table.*?</table>", answer.text, flags=re.S))
        others = (region.gemeenten - allowed.get("gemeente", region.gemeenten)) | (
            region.aanbieders - allowed.get("aanbieder", region.aanbieders)
        )
        for code in others:
            assert f"({code})" not in tables and f">{code}<" not in tables, f"{where}: {code} in a table"


def test_every_route_declares_its_access(scoped_app: FastAPI) -> None:
    undeclared = [
        getattr(route, "path", route) for route in all_routes(scoped_app) if route_access(route) is None
    ]
    assert undeclared == [], f"routes without an access declaration in zorgpad.app.web.scope: {undeclared}"


def test_every_route_for_every_role(
    scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient]
) -> None:
    checked = 0
    for route in all_routes(scoped_app):
        access = route_access(route)
        assert access is not None
        if isinstance(route, Mount):
            path = route.path + "/zorgpad.css"
        elif "GET" not in getattr(route, "methods", set()):
            continue
        else:
            path = _concrete(route.path, region)
        anonymous = role_clients["anoniem"].get(path)
        if access.roles is None:
            assert anonymous.status_code == 200, path
            continue
        assert anonymous.status_code == 401, path
        assert anonymous.json()["fout"]["code"] == "NIET-INGELOGD"
        for role in ROLES:
            client = role_clients[role]
            for headers in ({}, BROWSER):
                answer = client.get(path, headers=headers)
                where = f"{role} {path} {headers}"
                if role not in access.roles:
                    assert answer.status_code == 403, where
                    assert "BUITEN-BEREIK" in answer.text, where
                    continue
                assert answer.status_code == 200, f"{where}: {answer.status_code} {answer.text[:300]}"
                assert_in_scope(answer, role, region, where)
            if role in access.roles and access.path_codes:
                other = client.get(_concrete(route.path, region, own=False))
                scoped_on = {"gemeente": ("gemeente", "toegang"), "aanbieder": ("aanbieder",)}
                if any(role in scoped_on[d] for d in access.path_codes.values()):
                    assert other.status_code == 403, f"{role} {route.path} for another"
                    assert other.json()["fout"]["code"] == "BUITEN-BEREIK"
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize(("role", "query"), [("gemeente", "gemeente"), ("aanbieder", "aanbieder")])
def test_asking_for_another_municipality_or_provider_is_403(
    scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient], role: str, query: str
) -> None:
    other = region.other_gemeente if query == "gemeente" else region.other_aanbieder
    for path in (
        "/",
        "/api/indicatoren/kosten-per-maand",
        "/indicatoren/kosten-per-maand/csv",
        "/api/bevindingen",
    ):
        answer = role_clients[role].get(f"{path}?{query}={other}")
        assert answer.status_code == 403, path
        assert answer.json()["fout"] == {
            "code": "BUITEN-BEREIK",
            "bericht": answer.json()["fout"]["bericht"],
            "locatie": f"query.{query}",
        }


def test_every_indicator_through_the_api_stays_in_scope(
    scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient]
) -> None:
    ids = [item["id"] for item in role_clients["regio"].get("/api/indicatoren").json()]
    for role in ("gemeente", "aanbieder"):
        for id in ids:
            answer = role_clients[role].get(f"/api/indicatoren/{id}")
            dimension = "gemeente" if role == "gemeente" else "aanbieder"
            if dimension in NOT_NARROWED.get(id, ()):
                assert answer.status_code == 403, (role, id)
                continue
            assert answer.status_code in (200, 409), (role, id, answer.text[:200])
            assert_in_scope(answer, role, region, f"{role} {id}")


def test_every_indicator_narrows_to_a_scope_or_is_declared_not_to(
    scoped_app: FastAPI, region: Region
) -> None:
    """An indicator that ignores the gemeente or aanbieder filter must be listed in NOT_NARROWED (so
    a scoped account is refused it); one that is listed must really ignore it."""
    data = scoped_app.state.data
    for item in data.indicators():
        whole = compute_indicator(data.context, item.id, Filters())
        for dimension, code in (("gemeente", region.gemeente), ("aanbieder", region.aanbieder)):
            narrowed = compute_indicator(data.context, item.id, Filters(**{dimension: code}))
            honours = dimension in narrowed.schema.names or not narrowed.equals(whole) or whole.num_rows == 0
            declared = dimension in NOT_NARROWED.get(item.id, ())
            assert honours != declared, f"{item.id} / {dimension}: honours={honours}, declared={declared}"


def test_a_peer_comparison_over_fewer_than_ten_clients_is_blanked(region: Region) -> None:
    import pyarrow as pa

    table = pa.table(
        {
            "aanbieder": [region.aanbieder, region.aanbieder],
            "zorgbehoefte": ["a", "b"],
            "peers": [2, 3],
            "mediaan_peers": [1000, 2000],
            "ratio": [1.5, 1.1],
            "robuuste_z": [2.0, 0.5],
            "uitschieter": [True, False],
        }
    )
    principal = Principal("p", "aanbieder", aanbieders=frozenset({region.aanbieder}))
    filters = scope_filters(principal, Filters())
    assert isinstance(filters, ScopedFilters) and filters.aanbieder == region.aanbieder
    shown = restrict("kosten-per-client-uitschieters", table, filters).to_pylist()
    # peers 2: one other provider (>= 5 clients) is behind the median: blanked. peers 3: two others.
    assert shown[0]["mediaan_peers"] is None and shown[0]["ratio"] is None and shown[0]["peers"] is None
    assert shown[1]["mediaan_peers"] == 2000 and shown[1]["peers"] == 3
    assert (
        restrict("kosten-per-client-uitschieters", table, Filters()).to_pylist()[0]["mediaan_peers"] == 1000
    )
