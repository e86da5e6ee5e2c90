"""`zorgpad demo` end to end on a small region: files written, summary figures match the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.app.demo import MARKER, DemoOptions, prepare, run_main_demo
from zorgpad.errors import UserError
from zorgpad.report.dutch import euro, number
from zorgpad.store import Store


def test_prepare_replaces_an_earlier_demo_but_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    prepare(out)
    (out / "oud.txt").write_text("van de vorige keer", encoding="utf-8")
    prepare(out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER]
    foreign = tmp_path / "mijn-map"
    foreign.mkdir()
    (foreign / "belangrijk.txt").write_text("niet weggooien", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        prepare(foreign)
    assert refused.value.code == "DEMO-MAP-NIET-LEEG"
    assert (foreign / "belangrijk.txt").exists()


@pytest.mark.slow
def test_the_demo_runs_the_main_job_and_prints_a_dutch_summary(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--scale", "0.01"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    written_files = (
        "zorgpad.duckdb",
        "bestuursrapportage.html",
        "controle/findings.parquet",
        "regio/2025/truth.csv",
        "regio/2025/bevolking/jeugdigen.csv",
    )
    for written in written_files:
        assert (out / written).exists(), written
    assert any((out / "controle" / "jw325").iterdir())
    with Store.open(out / "zorgpad.duckdb", read_only=True) as store:
        clients, lines, declared = store.connection.execute(
            "SELECT count(DISTINCT client_key), count(*), sum(signed_bedrag) FROM claim_lines"
        ).fetchall()[0]
        findings = store.connection.execute("SELECT count(*) FROM control_findings").fetchall()[0][0]
    assert lines > 0 and findings > 0
    text = result.output
    assert f"Cliënten met declaraties: {number(clients)}; prestaties: {number(lines)}" in text
    assert f"gedeclareerd: {euro(declared)}" in text
    assert "Bevindingen per knelpunt (afkeur / signaal):" in text
    assert "Meest afgewezen regels:" in text
    assert f"zorgpad serve --db {out / 'zorgpad.duckdb'} --catalog centraal-gelderland" in text
    assert re.search(r"Klaar in \d+ seconden", text)
    report = (out / "bestuursrapportage.html").read_text(encoding="utf-8")
    assert euro(declared, whole=True) in report


@pytest.mark.slow
def test_run_main_demo_reports_its_steps(tmp_path: Path) -> None:
    steps: list[str] = []
    run = run_main_demo(DemoOptions(out=tmp_path / "d", scale=0.005, pdf=True), steps.append)
    assert steps == [
        "regio genereren",
        "berichten inlezen",
        "declaraties controleren",
        "bestuursrapportage schrijven",
    ]
    assert run.paths.report_pdf.read_bytes().startswith(b"%PDF")
    assert set(run.timings) == set(steps)
