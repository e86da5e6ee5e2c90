"""Dates the XSD accepts but zorgpad cannot hold get a coded finding at ingest (issue 17, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from store.store_data import copy_examples
from store.store_tables import rows
from zorgpad.app.cli import app
from zorgpad.store import ingest


@pytest.mark.parametrize("year", ["10000", "-0001"])
def test_unholdable_date_is_a_finding_and_no_row(tmp_path: Path, year: str) -> None:
    folder = copy_examples(tmp_path / "voorbeelden", fixed=True)
    inbox = tmp_path / "in"
    inbox.mkdir()
    text = (folder / "JW323.xml").read_text(encoding="utf-8")
    start = text.index("<ijw:Begindatum>") + len("<ijw:Begindatum>")
    (inbox / "JW323.xml").write_text(text[:start] + year + text[start + 4 :], encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = ingest(inbox, db)
    assert report.invalid == 1
    findings = rows(db, "message_findings")
    assert [f["rule"] for f in findings] == ["DATUM"]
    assert "1 tot en met 9999" in findings[0]["message"]
    assert rows(db, "claim_lines") == [] and rows(db, "declarations") == []
    validated = CliRunner().invoke(app, ["validate", str(inbox / "JW323.xml")])
    assert validated.exit_code == 1 and "DATUM" in validated.output


def test_a_header_date_of_year_zero_in_an_invalid_message_stops_nothing(tmp_path: Path) -> None:
    """Found by benchmarks/fuzz.py: the XSD refuses the year 0, but the message's row is stored, and a
    year-0 Dagtekening read by Arrow's fast cast stopped `check` (OverflowError) for the whole region."""
    folder = copy_examples(tmp_path / "voorbeelden", fixed=True)
    inbox = tmp_path / "in"
    inbox.mkdir()
    text = (folder / "JW323.xml").read_text(encoding="utf-8")
    start = text.index("<ijw:Dagtekening>") + len("<ijw:Dagtekening>")
    (inbox / "JW323.xml").write_text(text[:start] + "0000" + text[start + 4 :], encoding="utf-8")
    (inbox / "JW301.xml").write_bytes((folder / "JW301.xml").read_bytes())
    db = tmp_path / "store.duckdb"
    report = ingest(inbox, db)
    assert report.invalid == 1
    stored = {m["message_type"]: m for m in rows(db, "messages")}
    assert stored["JW323"]["dagtekening"] is None and stored["JW301"]["dagtekening"] is not None
    checked = CliRunner().invoke(app, ["check", "--db", str(db), "--out", str(tmp_path / "uit")])
    assert checked.exit_code == 0, checked.output
