"""The JSON API: every indicator, its filters, and its OpenAPI description."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from zorgpad.insights.registry import all_indicators

INDICATOR_IDS = [item.id for item in all_indicators()]


def test_health(client: TestClient) -> None:
    answer = client.get("/api/gezondheid")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


def test_list_names_every_registered_indicator(client: TestClient) -> None:
    listed = client.get("/api/indicatoren").json()
    assert [item["id"] for item in listed] == INDICATOR_IDS
    first = listed[0]
    assert first["url"] == f"/api/indicatoren/{first['id']}"
    assert first["knelpunt_titel"]


@pytest.mark.parametrize("indicator_id", INDICATOR_IDS)
def test_every_indicator_answers_with_its_columns(client: TestClient, indicator_id: str) -> None:
    answer = client.get(f"/api/indicatoren/{indicator_id}")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["indicator"]["id"] == indicator_id
    dimensions = body["indicator"]["dimensies"]
    codes = [column for column in body["kolommen"] if not column.endswith("_naam")]
    assert codes[: len(dimensions)] == dimensions
    for row in body["rijen"]:
        assert list(row) == body["kolommen"]


@pytest.mark.parametrize(
    ("indicator_id", "column"),
    [
        ("kosten-per-gemeente", "gemeente"),
        ("kosten-per-aanbieder", "aanbieder"),
        ("kosten-per-product", "product_code"),
        ("stromen-tussen-producten", "naar_product"),
    ],
)
def test_rows_carry_names_beside_codes(client: TestClient, indicator_id: str, column: str) -> None:
    body = client.get(f"/api/indicatoren/{indicator_id}").json()
    columns = body["kolommen"]
    assert columns[columns.index(column) + 1] == f"{column}_naam"
    assert body["rijen"]
    for row in body["rijen"]:
        assert row[f"{column}_naam"] and row[f"{column}_naam"] != row[column]


def test_gemeente_filter_narrows_the_rows(client: TestClient) -> None:
    everything = client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"]
    assert len(everything) > 1
    chosen = everything[0]["gemeente"]
    narrowed = client.get(f"/api/indicatoren/kosten-per-gemeente?gemeente={chosen}").json()
    assert narrowed["filters"] == {"gemeente": chosen}
    assert [row["gemeente"] for row in narrowed["rijen"]] == [chosen]
    assert narrowed["rijen"][0]["bedrag"] == everything[0]["bedrag"]


def test_period_filter_narrows_the_months(client: TestClient) -> None:
    months = client.get("/api/indicatoren/kosten-per-maand").json()["rijen"]
    narrowed = client.get("/api/indicatoren/kosten-per-maand?van=2025-03-01&tot=2025-05-31").json()["rijen"]
    assert 0 < len(narrowed) < len(months)
    total = sum(row["bedrag"] for row in months)
    assert sum(row["bedrag"] for row in narrowed) < total


def test_indicator_needing_the_catalogue_is_409_without_one(bare_client: TestClient) -> None:
    needs = next(item.id for item in all_indicators() if item.needs_catalog)
    answer = bare_client.get(f"/api/indicatoren/{needs}")
    assert answer.status_code == 409
    assert answer.json()["fout"]["code"] == "INDICATOR-CATALOGUS-NODIG"


def test_openapi_describes_the_api_and_its_error_shape(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/gezondheid",
        "/api/indicatoren",
        "/api/indicatoren/{id}",
        "/api/controle",
        "/api/bevindingen",
    }
    rows = spec["paths"]["/api/indicatoren/{id}"]["get"]
    assert {p["name"] for p in rows["parameters"]} >= {"id", "van", "tot", "gemeente", "product", "aanbieder"}
    assert "404" in rows["responses"]
    assert "ErrorBody" in spec["components"]["schemas"]
