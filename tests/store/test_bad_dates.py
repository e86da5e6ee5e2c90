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
