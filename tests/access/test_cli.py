"""The access commands end to end: answer (files, antwoorden.csv, summary), worklist, triage, feed."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.ijw.validate import validate_path

from .builder import bsn_for, build_store

WIDE = {"COLUMNS": "220"}
GIVEN = {
    "referrals": [
        {"client": "A", "gemeente": "0202", "datum": "2026-02-01", "verwijzer": "02", "producten": ["54B02"],
         "domein": "psychisch", "complexiteit": "midden"},
    ],
    "requests": [
        {"ref": "R-A1", "client": "A", "gemeente": "0202", "aanbieder": "99000011", "product": "54B02",
         "ingang": "2026-03-16", "einde": "2026-09-15", "dagtekening": "2026-03-09"},
        {"ref": "R-B1", "client": "B", "gemeente": "0202", "aanbieder": "99000011", "product": "54B02",
         "ingang": "2026-03-16", "einde": "2026-09-15", "dagtekening": "2026-04-02"},
    ],
}  # fmt: skip


def test_answer_and_worklist(tmp_path: Path) -> None:
    db = build_store(GIVEN, tmp_path)
    out = tmp_path / "antwoorden"
    runner = CliRunner()
    args = ["answer", "--db", str(db), "--catalog", "centraal-gelderland@2026", "--out", str(out)]
    result = runner.invoke(
        app, [*args, "--op", "2026-04-03", "--adressen", str(tmp_path / "adressen.csv")], env=WIDE
    )
    assert result.exit_code == 0, result.output
    assert "1 onderzoek, 1 toewijzen" in result.output
    with (out / "antwoorden.csv").open(encoding="utf-8") as handle:
        rows = {r["referentie_aanbieder"]: r for r in csv.DictReader(handle)}
    assert rows["R-A1"]["besluit"] == "toewijzen" and rows["R-B1"]["besluit"] == "onderzoek"
    assert rows["R-B1"]["termijn"] == "2026-04-10"  # Goede Vrijdag telt, tweede paasdag niet
    for folder in ("jw301", "jw319"):
        files = list((out / folder).glob("*.xml"))
        assert len(files) == 1 and validate_path(files[0]).valid
    text = (out / "antwoorden.csv").read_text(encoding="utf-8") + result.output
    assert bsn_for("A") not in text and bsn_for("B") not in text

    listed = runner.invoke(app, ["worklist", "--db", str(db), "--op", "2026-04-03"], env=WIDE)
    assert listed.exit_code == 0, listed.output
    assert "te laat" in listed.output  # R-A1: due 16-03-2026
    assert "10-04-2026" in listed.output and "nog 4 werkdagen" in listed.output


def test_bad_date_and_missing_db_are_dutch_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["worklist", "--db", str(tmp_path / "geen.duckdb"), "--op", "2026-04-03"])
    assert result.exit_code != 0 and getattr(result.exception, "code", "") == "DB-ONBEKEND"
    db = build_store(GIVEN, tmp_path)
    result = runner.invoke(app, ["worklist", "--db", str(db), "--op", "3 april"])
    assert getattr(result.exception, "code", "") == "DATUM-ONGELDIG"


def test_triage_command_flags_and_file(tmp_path: Path) -> None:
    runner = CliRunner()
    flags = ["triage", "--catalog", "centraal-gelderland", "-a", "acuut_onveilig=nee", "-a", "domein=gedrag"]
    result = runner.invoke(app, [*flags, "-a", "leefgebieden=5"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert (
        "Advies gedrag-hoog" in result.output
        and "45A03" in result.output
        and "Lichtere alternatieven" in result.output
    )
    answers = tmp_path / "antwoorden.json"
    answers.write_text('{"acuut_onveilig": "ja", "thuis_wonen": "nee"}', encoding="utf-8")
    from_file = runner.invoke(
        app, ["triage", "--catalog", "rijnmond", "--antwoorden", str(answers)], env=WIDE
    )
    assert from_file.exit_code == 0 and "46B01" in from_file.output
    tree = runner.invoke(app, ["triage", "--catalog", "rijnmond", "--boom"], env=WIDE)
    assert "### De adviezen en hun criteria" in tree.output


def test_worklist_on_a_date_lists_only_what_was_received_by_then(tmp_path: Path) -> None:
    db = build_store(GIVEN, tmp_path)
    runner = CliRunner()
    before = runner.invoke(app, ["worklist", "--db", str(db), "--op", "2026-03-20"], env=WIDE)
    assert before.exit_code == 0, before.output
    assert "R-A1" in before.output and "R-B1" not in before.output  # R-B1 arrived on 02-04-2026
    assert "1 open verzoek)" in before.output
    earliest = runner.invoke(app, ["worklist", "--db", str(db), "--op", "2026-03-01"], env=WIDE)
    assert "Geen open verzoeken op 01-03-2026" in earliest.output
