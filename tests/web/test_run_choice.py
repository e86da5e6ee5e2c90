"""The dashboard, the API, the board report and the scenarios read the latest control run by default,
and a chosen run on request (`?run=N`; `zorgpad report --run N`, `zorgpad scenario run --run N`).

The store (tests/control/test_runs.py) is checked twice on unchanged claim lines: run 1 without a
catalogue grants € 390,00 and rejects € 624,00 (3 findings); run 2 with the Centraal Gelderland
catalogue (the provider has no contract there) grants € 0,00 and rejects € 1.014,00 (7 findings).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from control.test_runs import _store
from zorgpad.app.cli import app as cli
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.errors import UserError

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

GEMEENTE = "0202"  # Arnhem, the municipality of every line in the store
RUN_1 = ("€ 390,00", "€ 624,00")  # granted, rejected
RUN_2 = ("€ 0,00", "€ 1.014,00")


def _two_runs(folder: Path) -> Path:
    db = _store(folder)
    for number, extra in ((1, []), (2, ["--catalog", "centraal-gelderland"])):
        result = CliRunner().invoke(
            cli,
            ["check", "--db", str(db), "--out", str(folder / f"uit{number}"), "--dagtekening", "2025-05-01",
             *extra],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _two_runs(tmp_path_factory.mktemp("runs"))


@pytest.fixture(scope="module")
def client(two_runs: Path) -> Iterator[TestClient]:
    app = create_app(two_runs, "centraal-gelderland", warm=False)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        test_client.headers.update(bearer_headers(app))
        yield test_client


def _figure(page: str, label: str) -> str:
    """The value of the key figure with this label on a page (the label may be a link)."""
    found = re.search(
        r'<span class="kerncijfer__waarde">([^<]*)</span><span class="kerncijfer__label">'
        rf'(?:<a href="[^"]*">)?{re.escape(label)}(?:</a>)?</span>',
        page,
    )
    assert found is not None, label
    return found.group(1)


def _report_figure(report: str, label: str) -> str:
    found = re.search(rf'<div class="value">([^<]*)</div><div class="label">{label}</div>', report)
    assert found is not None, label
    return found.group(1)


def test_the_overview_shows_the_latest_run_and_a_chosen_one(client: TestClient) -> None:
    latest = client.get("/")
    assert latest.status_code == 200
    assert (_figure(latest.text, "toegekend"), _figure(latest.text, "afgewezen")) == RUN_2
    chosen = client.get("/?run=1")
    assert chosen.status_code == 200
    assert (_figure(chosen.text, "toegekend"), _figure(chosen.text, "afgewezen")) == RUN_1
    # The older run is named, with the way back to the latest.
    assert "U ziet de bevindingen en bedragen van controlerun 1" in chosen.text
    assert 'href="/"' in chosen.text and "Naar de laatste run" in chosen.text
    assert "U ziet de bevindingen" not in latest.text
    # Links from the page keep the chosen run.
    assert 'href="/indicatoren/controle-uitkomst?run=1"' in chosen.text


def test_the_run_choice_lists_every_run_with_time_and_counts_in_dutch(client: TestClient) -> None:
    page = client.get("/?run=1").text
    choice = page.split('<select id="f-run" name="run">', 1)[1].split("</select>", 1)[0]
    assert '<option value="">De laatste (run 2)</option>' in choice
    assert '<option value="1" selected>Run 1 · ' in choice
    assert (
        "zorgpad check · 3 bevindingen, 2 prestaties afgewezen, € 624,00 afgewezen, € 390,00 toegekend"
        in choice
    )
    assert "7 bevindingen, 4 prestaties afgewezen, € 1.014,00 afgewezen, € 0,00 toegekend" in choice
    assert choice.index('value="2"') < choice.index('value="1"')  # newest first


def test_a_municipality_sees_which_run_but_not_the_regions_amounts(client: TestClient) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    headers = bearer_headers(app, "test-arnhem", "gemeente", gemeenten=(GEMEENTE,))
    page = client.get("/?run=1", headers=headers)
    assert page.status_code == 200
    choice = page.text.split('<select id="f-run" name="run">', 1)[1].split("</select>", 1)[0]
    assert '<option value="1" selected>Run 1 · ' in choice and "zorgpad check" in choice
    assert "bevindingen" not in choice and "€" not in choice
    assert (_figure(page.text, "toegekend"), _figure(page.text, "afgewezen")) == RUN_1  # its own: all lines


def test_the_api_and_downloads_read_the_chosen_run(client: TestClient) -> None:
    def sums(query: str) -> tuple[int, int]:
        body = client.get(f"/api/indicatoren/controle-uitkomst{query}").json()
        return (
            sum(r["toegekend_bedrag"] for r in body["rijen"]),
            sum(r["afgewezen_bedrag"] for r in body["rijen"]),
        )

    assert sums("") == (0, 101400)
    assert sums("?run=1") == (39000, 62400)
    assert client.get("/api/controle?run=1").json()["afgewezen_cents"] == 62400
    assert client.get("/api/controle").json()["afgewezen_cents"] == 101400
    assert client.get("/api/bevindingen?run=1").json()["totaal"] == 3
    assert client.get("/api/bevindingen").json()["totaal"] == 7
    assert client.get("/api/bevindingen?run=1").json()["run"] == "1"
    csv = client.get("/indicatoren/controle-uitkomst/csv?run=1")
    assert csv.status_code == 200 and "390" in csv.text and "624" in csv.text


def test_the_board_report_reads_the_chosen_run(client: TestClient) -> None:
    latest = client.get(f"/gemeenten/{GEMEENTE}/rapport/html")
    chosen = client.get(f"/gemeenten/{GEMEENTE}/rapport/html?run=1")
    assert latest.status_code == chosen.status_code == 200
    assert (
        _report_figure(latest.text, "Toegekend bedrag"),
        _report_figure(latest.text, "Afgewezen bedrag"),
    ) == ("€ 0", "€ 1.014")
    assert (
        _report_figure(chosen.text, "Toegekend bedrag"),
        _report_figure(chosen.text, "Afgewezen bedrag"),
    ) == ("€ 390", "€ 624")


def test_the_scenario_baseline_is_what_the_chosen_run_granted(client: TestClient) -> None:
    latest = client.get("/scenarios?s1=identiek")
    chosen = client.get("/scenarios?s1=identiek&run=1")
    assert latest.status_code == chosen.status_code == 200, chosen.text
    assert _figure(latest.text, "basislijn (toegekend)") == "€ 0,00"
    assert _figure(chosen.text, "basislijn (toegekend volgens controlerun 1)") == "€ 390,00"
    assert '<option value="1" selected>Run 1 · ' in chosen.text


def test_a_run_the_store_lacks_or_a_malformed_run_is_a_dutch_error(client: TestClient) -> None:
    for path in ("/?run=9", "/api/indicatoren/controle-uitkomst?run=9", "/api/bevindingen?run=9",
                 f"/gemeenten/{GEMEENTE}/rapport/html?run=9", "/scenarios?s1=identiek&run=9"):  # fmt: skip
        answer = client.get(path, headers={"accept": "application/json"})
        assert answer.status_code == 404, path
        assert answer.json()["fout"]["code"] == "RUN-ONBEKEND", path
    answer = client.get("/api/indicatoren/controle-uitkomst?run=een")
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "FILTER-RUN-ONGELDIG"
    assert "Er is geen controlerun 9" in client.get("/?run=9").text


def test_report_and_scenario_commands_take_a_run(tmp_path: Path) -> None:
    two_runs = _two_runs(tmp_path)  # a store of its own: the served one is open in this process
    report = tmp_path / "rapport.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(two_runs), "--out", str(report), "--run", "1"])
    assert result.exit_code == 0, result.output
    assert _report_figure(report.read_text(encoding="utf-8"), "Afgewezen bedrag") == "€ 624"
    result = CliRunner().invoke(cli, ["report", "--db", str(two_runs), "--out", str(report)])
    assert result.exit_code == 0, result.output
    assert _report_figure(report.read_text(encoding="utf-8"), "Afgewezen bedrag") == "€ 1.014"
    out = tmp_path / "scenario"
    result = CliRunner().invoke(
        cli,
        ["scenario", "run", "--db", str(two_runs), "--catalog", "centraal-gelderland", "--reform", "identiek",
         "--out", str(out), "--run", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Basislijn (toegekend) € 390,00" in result.output
    result = CliRunner().invoke(
        cli,
        ["scenario", "run", "--db", str(two_runs), "--catalog", "centraal-gelderland", "--out", str(out),
         "--run", "9"],
    )  # fmt: skip
    assert isinstance(result.exception, UserError) and result.exception.code == "RUN-ONBEKEND"
