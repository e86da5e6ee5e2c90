"""`zorgpad check` and `zorgpad explain` on a small store file: outputs, Dutch summary, trace, receipt."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from control.scenario_tables import TableBuilder
from zorgpad.app.cli import app
from zorgpad.errors import UserError
from zorgpad.ijw.reader import parse_file
from zorgpad.ijw.validate import validate_document

ALLOCATION = {"nummer": 1001, "client": "A", "product": "45A48", "ingang": "2025-03-10", "eind": "2025-12-31",
              "volume": 10, "eenheid": "04", "frequentie": "4"}  # fmt: skip


def _store(tmp_path: Path) -> Path:
    builder = TableBuilder()
    builder.allocation(ALLOCATION)
    builder.declaration({"nummer": "D1", "periode": "2025-03", "prestaties": [
        {"ref": "R1", "client": "A", "toewijzing": 1001, "product": "45A48", "volume": 8, "tarief": 7800},
        {"ref": "R2", "client": "A", "toewijzing": 1001, "product": "45A48", "begin": "2025-03-10",
         "volume": 2, "tarief": 7800},
    ]})  # fmt: skip
    db = tmp_path / "zorg.duckdb"
    builder.write(db)
    return db


def test_check_writes_answers_findings_and_a_dutch_summary(tmp_path: Path) -> None:
    db = _store(tmp_path)
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        app, ["check", "--db", str(db), "--out", str(out), "--dagtekening", "2025-04-20"]
    )
    assert result.exit_code == 0, result.output
    assert "TR307" in result.output and "toegekend € 156,00" in result.output
    findings = pq.read_table(out / "findings.parquet").to_pylist()
    # R1 begins on the 1st, before an allocation starting later that month: TR307 and TR387.
    assert sorted((f["rule"], f["referentie_nummer"]) for f in findings) == [("TR307", "R1"), ("TR387", "R1")]
    assert (out / "findings.xlsx").stat().st_size > 0
    answers = sorted((out / "jw325").glob("*.xml"))
    assert len(answers) == 1
    assert validate_document(parse_file(answers[0])) == ()


def test_explain_traces_every_rule_with_a_receipt(tmp_path: Path) -> None:
    db = _store(tmp_path)
    result = CliRunner().invoke(app, ["explain", "--db", str(db), "R1"])
    assert result.exit_code == 0, result.output
    assert "TR307 (9307) Prestatie begint vóór de toewijzing" in result.output
    assert "uitkomst: NIET VOLDAAN" in result.output
    assert "De prestatie begint op 01-03-2025, vóór de ingangsdatum 10-03-2025" in result.output
    assert "TR338 (9338)" in result.output and "uitkomst: voldaan" in result.output
    assert "ZP108" in result.output and "overgeslagen, geen catalogus opgegeven" in result.output
    assert "Kwitantie" in result.output and "zorgpad-versie" in result.output


def test_explain_unknown_reference_is_a_dutch_error(tmp_path: Path) -> None:
    db = _store(tmp_path)
    result = CliRunner().invoke(app, ["explain", "--db", str(db), "R404"])
    assert result.exit_code != 0
    assert result.exception is not None and "R404" in str(result.exception)


def test_explain_a_number_several_providers_use_names_them_and_asks_for_one(tmp_path: Path) -> None:
    builder = TableBuilder()
    for agb in ("99000011", "99000012"):
        builder.allocation({**ALLOCATION, "aanbieder": agb})
        builder.declaration({"nummer": f"D{agb}", "periode": "2025-03", "aanbieder": agb, "prestaties": [
            {"ref": "P0000000331", "client": "A", "toewijzing": 1001, "product": "45A48", "volume": 2,
             "begin": "2025-03-10", "tarief": 7800}]})  # fmt: skip
    db = tmp_path / "zorg.duckdb"
    builder.write(db)
    result = CliRunner().invoke(app, ["explain", "--db", str(db), "P0000000331"])
    assert result.exit_code != 0
    error = result.exception
    assert isinstance(error, UserError) and error.code == "CONTROLE-REFERENTIE-MEERDERE"
    assert "2 aanbieders: 99000011, 99000012" in error.message and "--aanbieder" in error.message
    chosen = CliRunner().invoke(app, ["explain", "--db", str(db), "--aanbieder", "99000012", "P0000000331"])
    assert chosen.exit_code == 0, chosen.output
    assert "Prestatie P0000000331 van aanbieder 99000012" in chosen.output
    assert "van aanbieder 99000011" not in chosen.output
