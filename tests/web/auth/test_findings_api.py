"""Against a region-year store with a control run: every API route without credentials answers 401;
a gemeente token gets only its rows from /api/bevindingen and 403 for another's; an aanbieder token
only its AGB's rows; each of these reads appears in `zorgpad audit --format json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.testclient import TestClient
from typer.testing import CliRunner

from zorgpad.app.cli import app as cli
from zorgpad.app.web.routes import all_routes
from zorgpad.app.web.scope import PUBLIC, ROUTE_ACCESS

from .conftest import Region


def _audit(db: Path, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["audit", "--db", str(db), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    entries: list[dict[str, object]] = json.loads(result.output)
    return entries


def test_every_api_route_without_credentials_is_401(
    scoped_app: FastAPI, role_clients: dict[str, TestClient]
) -> None:
    checked = 0
    for route in all_routes(scoped_app):
        path = getattr(route, "path", "")
        if not path.startswith("/api/") or ROUTE_ACCESS.get(path) == PUBLIC:
            continue
        for method in sorted((getattr(route, "methods", None) or {"GET"}) - {"HEAD"}):
            answer = role_clients["anoniem"].request(method, path.replace("{id}", "kosten-per-maand"))
            assert answer.status_code == 401, (method, path)
            assert answer.json()["fout"]["code"] == "NIET-INGELOGD"
            checked += 1
    assert checked >= 4
    assert role_clients["anoniem"].get("/api/gezondheid").status_code == 200
    bad_token = role_clients["anoniem"].get("/api/bevindingen", headers={"authorization": "Bearer zp_fout"})
    assert bad_token.status_code == 401


def _every_row(client: TestClient) -> dict[str, Any]:
    """Every finding the caller may see, read page by page (a run can hold more than one page)."""
    first = client.get("/api/bevindingen", params={"per_pagina": 1000}).json()
    rows = list(first["rijen"])
    page = 1
    while len(rows) < first["totaal"]:
        page += 1
        rows += client.get("/api/bevindingen", params={"per_pagina": 1000, "pagina": page}).json()["rijen"]
    return {**first, "rijen": rows}


def test_findings_per_role_and_their_audit(
    scoped_app: FastAPI, checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    everything = _every_row(role_clients["regio"])
    assert everything["totaal"] == len(everything["rijen"]) > 0
    first = everything["rijen"][0]
    assert {"gemeente", "aanbieder", "rule", "retourcode", "bedrag_cents", "toelichting"} <= set(first)
    assert isinstance(first["bedrag_cents"], int | None) and first["toelichting"]
    gemeenten = {row["gemeente"] for row in everything["rijen"]}
    assert len(gemeenten) > 1

    own = role_clients["gemeente"].get("/api/bevindingen", params={"per_pagina": 1000}).json()
    assert own["totaal"] == sum(1 for row in everything["rijen"] if row["gemeente"] == region.gemeente)
    assert own["totaal"] > 0 and {row["gemeente"] for row in own["rijen"]} == {region.gemeente}
    other = role_clients["gemeente"].get("/api/bevindingen", params={"gemeente": region.other_gemeente})
    assert other.status_code == 403 and other.json()["fout"]["code"] == "BUITEN-BEREIK"

    provider = role_clients["aanbieder"].get("/api/bevindingen", params={"per_pagina": 1000}).json()
    assert provider["totaal"] == sum(1 for row in everything["rijen"] if row["aanbieder"] == region.aanbieder)
    assert {row["aanbieder"] for row in provider["rijen"]} == {region.aanbieder}

    rule = first["rule"]
    by_rule = role_clients["regio"].get("/api/bevindingen", params={"rule": rule, "per_pagina": 2}).json()
    assert by_rule["per_pagina"] == 2 and len(by_rule["rijen"]) <= 2
    assert {row["rule"] for row in by_rule["rijen"]} == {rule}
    page_two = role_clients["regio"].get("/api/bevindingen", params={"per_pagina": 1, "pagina": 2}).json()
    assert page_two["rijen"][0] == everything["rijen"][1]

    trail = _audit(checked_db)
    reads = [(e["gebruiker"], e["route"]) for e in trail if str(e["route"]).startswith("/api/bevindingen")]
    assert ("t-gemeente", "/api/bevindingen?per_pagina=1000") in reads
    assert ("t-aanbieder", "/api/bevindingen?per_pagina=1000") in reads
    assert ("t-regio", "/api/bevindingen?per_pagina=1000") in reads
    gemeente_read = next(e for e in trail if e["gebruiker"] == "t-gemeente")
    assert gemeente_read["rol"] == "gemeente" and gemeente_read["bereik"] == f"gemeente:{region.gemeente}"
    clients = gemeente_read["clienten"]
    assert isinstance(clients, list) and clients and all(len(str(c)) == 32 for c in clients)
    only = _audit(checked_db, "--gebruiker", "t-aanbieder")
    assert only and {e["gebruiker"] for e in only} == {"t-aanbieder"}
    assert _audit(checked_db, "--van", "2999-01-01") == []


def test_no_bsn_in_the_audit_trail_or_the_findings(
    scoped_app: FastAPI, checked_db: Path, role_clients: dict[str, TestClient]
) -> None:
    role_clients["regio"].get("/api/bevindingen")
    bsns = {row["bsn"] for row in scoped_app.state.data.query("SELECT bsn FROM clients_clear").to_pylist()}
    assert bsns
    text = json.dumps(_audit(checked_db)) + role_clients["regio"].get("/api/bevindingen").text
    assert not any(bsn in text for bsn in bsns)


def test_findings_come_from_the_latest_stored_control_run(
    scoped_app: FastAPI, checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    """The store holds a run of `zorgpad check` (control_runs, control_findings) and no legacy
    findings table: the API answers that run, scoped, filtered and paged, and each read is audited."""
    data = scoped_app.state.data
    assert not data.has_table("findings")
    run_id = data.query("SELECT max(run_id) FROM control_runs").column(0)[0].as_py()

    def stored(where: str = "true", params: tuple[object, ...] = ()) -> int:
        sql = f"SELECT count(*) FROM control_findings f WHERE run_id = ? AND {where}"
        return int(data.query(sql, [run_id, *params]).column(0)[0].as_py())

    whole = role_clients["regio"].get("/api/bevindingen", params={"per_pagina": 5}).json()
    assert whole["run"] == str(run_id) and whole["totaal"] == stored() > 5 and len(whole["rijen"]) == 5
    explained = data.query(
        "SELECT explanation FROM control_findings WHERE run_id = ? AND explanation IS NOT NULL LIMIT 1",
        [run_id],
    ).column(0)
    assert explained.to_pylist()  # the stored run carries the Dutch explanation the API shows

    gemeente = role_clients["gemeente"].get("/api/bevindingen", params={"per_pagina": 1}).json()
    assert gemeente["totaal"] == stored("gemeente = ?", (region.gemeente,)) > 0
    assert gemeente["filters"]["gemeente"] == region.gemeente
    by_filter = role_clients["regio"].get("/api/bevindingen", params={"gemeente": region.gemeente}).json()
    assert by_filter["totaal"] == gemeente["totaal"]

    aanbieder = role_clients["aanbieder"].get("/api/bevindingen", params={"per_pagina": 1000}).json()
    assert aanbieder["totaal"] == stored("aanbieder = ?", (region.aanbieder,)) > 0
    assert {row["aanbieder"] for row in aanbieder["rijen"]} == {region.aanbieder}
    assert (
        role_clients["aanbieder"]
        .get("/api/bevindingen", params={"aanbieder": region.other_aanbieder})
        .status_code
        == 403
    )

    rule = aanbieder["rijen"][0]["rule"]
    narrowed = role_clients["aanbieder"].get("/api/bevindingen", params={"rule": rule}).json()
    assert narrowed["totaal"] == stored("aanbieder = ? AND rule = ?", (region.aanbieder, rule))
    assert role_clients["regio"].get("/api/bevindingen", params={"rule": "X Y"}).status_code == 400

    client = role_clients["gemeente"]
    pages = [
        client.get("/api/bevindingen", params={"per_pagina": 2, "pagina": n}).json()["rijen"] for n in (1, 2)
    ]
    both = client.get("/api/bevindingen", params={"per_pagina": 4}).json()["rijen"]
    assert pages[0] + pages[1] == both[: len(pages[0]) + len(pages[1])]
    beyond = role_clients["gemeente"].get("/api/bevindingen", params={"pagina": 10_000}).json()
    assert beyond["rijen"] == [] and beyond["totaal"] == gemeente["totaal"]

    assert "/api/bevindingen?per_pagina=2&pagina=2" in [str(e["route"]) for e in _audit(checked_db)]
    trail = _audit(checked_db, "--gebruiker", "t-aanbieder")
    read = next(e for e in trail if e["route"] == "/api/bevindingen?per_pagina=1000")
    assert read["rol"] == "aanbieder" and read["bereik"] == f"aanbieder:{region.aanbieder}"
    keys = read["clienten"]
    shown = {row["client"] for row in aanbieder["rijen"] if row["client"]}
    assert isinstance(keys, list) and len(keys) == len(shown) > 0


def test_findings_carry_names_beside_codes(role_clients: dict[str, TestClient]) -> None:
    rows = role_clients["regio"].get("/api/bevindingen", params={"per_pagina": 1000}).json()["rijen"]
    with_line = [row for row in rows if row["product"]]
    assert with_line
    named = [row for row in rows if row["gemeente"]]
    assert all(row["gemeente_naam"] and row["gemeente_naam"] != row["gemeente"] for row in named)
    assert any(row["aanbieder_naam"] and row["aanbieder_naam"] != row["aanbieder"] for row in rows)
    assert all(row["product_naam"] and row["product_naam"] != row["product"] for row in with_line)
    assert all(row["regel_titel"] != row["rule"] for row in rows)


def test_a_rule_bar_lists_the_lines_with_that_finding(
    scoped_app: FastAPI, role_clients: dict[str, TestClient]
) -> None:
    from zorgpad.insights.registry import Filters

    rows = role_clients["regio"].get("/api/indicatoren/afgewezen-per-regel").json()["rijen"]
    rejected = [row for row in rows if row["afgewezen_bedrag"]]
    assert rejected
    rule = max(rejected, key=lambda row: row["afgewezen_bedrag"])["regel"]
    findings = role_clients["regio"].get("/api/bevindingen", params={"rule": rule, "per_pagina": 1000}).json()
    on_lines = {
        (row["aanbieder"], row["referentie_nummer"]) for row in findings["rijen"] if row["referentie_nummer"]
    }
    table, total = scoped_app.state.data.claim_lines(Filters(), 1_000_000, (("regel", rule),))
    assert total == table.num_rows > 0
    assert {(line["aanbieder"], line["referentie_nummer"]) for line in table.to_pylist()} == on_lines
    page = role_clients["regio"].get(f"/declaraties?regel={rule}", headers={"accept": "text/html"}).text
    assert f"regel {scoped_app.state.data.names.name('regel', rule)}" in page
