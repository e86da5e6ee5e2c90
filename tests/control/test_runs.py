"""Every `zorgpad check` is a run kept in the store; the dashboard, the API and the board report read it.

The store holds one rejected debet (R1, TR307: € 624,00), one rejected credit (C1, TR323: € 78,00)
and two granted debets (R2 € 156,00 and R3 € 234,00).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from control.scenario_tables import TableBuilder
from zorgpad.app.cli import app as cli
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.store.database import Store, run

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

ALLOCATION = {"nummer": 1001, "client": "A", "product": "45A48", "ingang": "2025-03-10", "eind": "2025-12-31",
              "volume": 10, "eenheid": "04", "frequentie": "4"}  # fmt: skip
NS = "{http://www.istandaarden.nl/ijw/3_2/basisschema/schema}"


def _store(tmp_path: Path) -> Path:
    builder = TableBuilder()
    builder.allocation(ALLOCATION)
    builder.declaration({"nummer": "D1", "periode": "2025-03", "prestaties": [
        {"ref": "R1", "client": "A", "toewijzing": 1001, "product": "45A48", "volume": 8, "tarief": 7800},
        {"ref": "R2", "client": "A", "toewijzing": 1001, "product": "45A48", "begin": "2025-03-10",
         "volume": 2, "tarief": 7800},
    ]})  # fmt: skip
    builder.declaration({"nummer": "D2", "periode": "2025-04", "prestaties": [
        {"ref": "C1", "vorig": "R9", "dc": "C", "client": "A", "toewijzing": 1001, "product": "45A48",
         "volume": 1, "tarief": 7800},
        {"ref": "R3", "client": "A", "toewijzing": 1001, "product": "45A48", "volume": 3, "tarief": 7800},
    ]})  # fmt: skip
    db = tmp_path / "zorg.duckdb"
    builder.write(db)
    return db


def _check(db: Path, out: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", "--db", str(db), "--out", str(out), "--dagtekening", "2025-05-01"]
    )
    assert result.exit_code == 0, result.output


def _rows(db: Path, sql: str) -> list[Any]:
    with Store.open(db, read_only=True) as store:
        return run(store.connection, sql)


def _jw325_sums(out: Path, db: Path) -> tuple[int, int, int]:
    """Granted, rejected debet and rejected credit, read from the JW325 files themselves."""
    granted = debet = credit = 0
    for path in sorted((out / "jw325").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        total = root.find(".//{*}TotaalToegekendBedrag")
        if total is None:  # a header-only answer (level 2): nothing judged, nothing granted
            assert root.findtext("./{*}Header/{*}RetourCodes/{*}RetourCode") == "0001"
            continue
        sign = -1 if total.findtext(f"{NS}DebetCredit") == "C" else 1
        granted += sign * int(total.findtext(f"{NS}TotaalBedrag") or 0)
        codes = {c.text for c in root.iterfind("./{*}DeclaratieAntwoord/{*}RetourCodes/{*}RetourCode")}
        if codes - {"0200", "8001"}:  # the whole declaration rejected: its lines are not in the answer
            ident = root.findtext("./{*}Header/{*}DeclaratieIdentificatie/" + f"{NS}Identificatie")
            aanbieder = root.findtext("./{*}Header/{*}Ontvanger")
            lines = _rows(
                db,
                "SELECT l.signed_bedrag FROM claim_lines l JOIN declarations d USING (message_id) "
                f"WHERE d.identificatie = '{ident}' AND d.aanbieder = '{aanbieder}'",
            )
            debet += sum(v for (v,) in lines if v > 0)
            credit -= sum(v for (v,) in lines if v < 0)
        for amount in root.iterfind(".//{*}Prestatie/{*}IngediendBedrag"):
            value = int(amount.findtext(f"{NS}Bedrag") or 0)
            if amount.findtext(f"{NS}DebetCredit") == "C":
                credit += value
            else:
                debet += value
    return granted, debet, credit


def test_check_stores_a_run_with_its_findings_verdicts_and_answers(tmp_path: Path) -> None:
    db = _store(tmp_path)
    _check(db, tmp_path / "uit")
    runs = _rows(
        db,
        "SELECT run_id, trigger, dagtekening, findings, rejected_lines, answers, toegekend_cents, "
        "afgewezen_cents, afgewezen_credit_cents, ruleset_version FROM control_runs",
    )
    assert len(runs) == 1
    run_id, trigger, day, findings, rejected, answers, granted, debet, credit, ruleset = runs[0]
    assert (run_id, trigger, str(day)) == (1, "check", "2025-05-01")
    assert (rejected, answers) == (2, 2)
    assert (granted, debet, credit) == (15600 + 23400, 62400, 7800)
    assert ruleset.startswith("0.") and "+" in ruleset
    stored = _rows(db, "SELECT rule, referentie_nummer, bedrag FROM control_findings WHERE run_id = 1")
    assert len(stored) == findings
    assert {("TR307", "R1", 62400), ("TR323", "C1", -7800)} <= set(stored)
    verdicts = dict(
        _rows(
            db,
            "SELECT l.referentie_nummer, v.retourcodes FROM control_verdicts v JOIN claim_lines l "
            "USING (message_id, position) WHERE v.run_id = 1",
        )
    )
    assert set(verdicts) == {"R1", "C1"}
    assert "9307" in verdicts["R1"] and verdicts["C1"] == ["8017"]  # TR323's code is 8017
    # --out keeps writing the files
    assert (tmp_path / "uit" / "findings.parquet").exists()
    assert len(list((tmp_path / "uit" / "jw325").glob("*.xml"))) == 2


def test_a_second_check_on_unchanged_data_stores_the_same_findings(tmp_path: Path) -> None:
    db = _store(tmp_path)
    _check(db, tmp_path / "een")
    _check(db, tmp_path / "twee")
    columns = (
        "rule, retourcode, severity, object, message_id, position, referentie_nummer, toewijzing_nummer, "
        "client_key, aanbieder, gemeente, bedrag, facts, explanation"
    )
    first = _rows(db, f"SELECT {columns} FROM control_findings WHERE run_id = 1 ORDER BY rowid")
    second = _rows(db, f"SELECT {columns} FROM control_findings WHERE run_id = 2 ORDER BY rowid")
    assert first == second and len(first) >= 2
    verdicts = "SELECT message_id, position, retourcodes FROM control_verdicts WHERE run_id = ? ORDER BY 1, 2"
    with Store.open(db, read_only=True) as store:
        assert run(store.connection, verdicts, [1]) == run(store.connection, verdicts, [2])
    assert [r[0] for r in _rows(db, "SELECT run_id FROM control_runs ORDER BY 1")] == [1, 2]


def test_api_dashboard_and_board_report_show_the_runs_jw325_sums(tmp_path: Path) -> None:
    db = _store(tmp_path)
    out = tmp_path / "uit"
    _check(db, out)
    granted, debet, credit = _jw325_sums(out, db)
    assert (granted, debet, credit) == (39000, 62400, 7800)
    app = create_app(db, None, warm=False)
    with TestClient(app) as client:
        client.headers.update(bearer_headers(app))
        body = client.get("/api/controle").json()
        assert (body["run"], body["toegekend_cents"], body["afgewezen_cents"]) == (1, granted, debet)
        assert body["afgewezen_credit_cents"] == credit
        page = client.get("/").text
        assert "€ 390,00" in page and "€ 624,00" in page
        assert client.get("/api/controle?run=7").json()["fout"]["code"] == "RUN-ONBEKEND"
    report = tmp_path / "rapport.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(db), "--out", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert "Toegekend bedrag" in text and "€ 390" in text
    assert "Afgewezen bedrag" in text and "€ 624" in text


def test_the_api_says_in_dutch_when_there_is_no_run(tmp_path: Path) -> None:
    db = _store(tmp_path)
    app = create_app(db, None, warm=False)
    with TestClient(app) as client:
        client.headers.update(bearer_headers(app))
        answer = client.get("/api/controle")
    assert answer.status_code == 200
    body = answer.json()
    assert body["run"] is None and body["afgewezen_cents"] == 0 and "nog geen controlerun" in body["melding"]


@pytest.fixture
def region_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small synthetic region-year of Centraal Gelderland, ingested."""
    from zorgpad.catalog import load_catalog
    from zorgpad.store.ingest import ingest
    from zorgpad.synth.anomalies import AnomalyRates
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.run import generate

    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", "run-tests-pseudonym-key-0123456789")
    region = tmp_path / "regio"
    generate(region_facts(load_catalog("centraal-gelderland"), 2025), region, 2025, 11, 0.005,
             AnomalyRates.uniform(0.05))  # fmt: skip
    db = tmp_path / "regio.duckdb"
    ingest(region, db)
    return db


@pytest.mark.slow
def test_a_synthetic_region_run_equals_the_sums_of_its_jw325_files(tmp_path: Path, region_copy: Path) -> None:
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        cli, ["check", "--db", str(region_copy), "--catalog", "centraal-gelderland", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    granted, debet, credit = _jw325_sums(out, region_copy)
    rows = _rows(
        region_copy, "SELECT toegekend_cents, afgewezen_cents, afgewezen_credit_cents FROM control_runs"
    )
    assert rows == [(granted, debet, credit)] and debet > 0
