"""A date zorgpad cannot hold never stops the month (issue 17, item 2).

At ingest it is a ``DATUM`` finding (the message counts as invalid); in a store that still holds such
a declaration with a missing date, `check` answers every other declaration and names the one it
cannot judge.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from control.scenario_tables import TableBuilder
from store.store_data import declaration
from zorgpad.app.cli import app
from zorgpad.ijw.reader import parse_file
from zorgpad.ijw.validate import validate_document

ALLOCATION = {"nummer": 1001, "client": "A", "product": "45A48", "ingang": "2025-01-01", "eind": "2025-12-31",
              "volume": 100, "eenheid": "04", "frequentie": "4"}  # fmt: skip


def _line(ref: str) -> dict[str, object]:
    return {"ref": ref, "client": "A", "toewijzing": 1001, "product": "45A48", "volume": 2, "tarief": 7800}


def _store(tmp_path: Path) -> Path:
    builder = TableBuilder()
    builder.allocation(ALLOCATION)
    builder.declaration({"nummer": "D1", "periode": "2025-03", "prestaties": [_line("R1")]})
    builder.declaration({"nummer": "D2", "periode": "2025-04", "prestaties": [_line("R2")]})
    db = tmp_path / "zorg.duckdb"
    builder.write(db)
    return db


@pytest.mark.parametrize(
    ("table", "column", "judged"),
    [
        ("messages", "dagtekening", ("declaratie", None)),
        ("claim_lines", "product_periode_eind", ("prestatie", "R1")),
    ],
)
def test_check_answers_the_rest_when_one_declaration_lacks_a_date(
    tmp_path: Path, table: str, column: str, judged: tuple[str, str | None]
) -> None:
    db = _store(tmp_path)
    with duckdb.connect(str(db)) as connection:
        target = "(SELECT message_id FROM declarations WHERE declaratie_nummer = 'D1')"
        connection.execute(f"UPDATE {table} SET {column} = NULL WHERE message_id IN {target}")
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        app, ["check", "--db", str(db), "--out", str(out), "--dagtekening", "2025-05-20"]
    )
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "ONBEOORDEELBAAR" in result.output
    answers = sorted((out / "jw325").glob("*.xml"))
    assert len(answers) == 1
    assert validate_document(parse_file(answers[0])) == ()
    assert b"D2" in answers[0].read_bytes()
    unjudged = [
        r for r in pq.read_table(out / "findings.parquet").to_pylist() if r["rule"] == "ONBEOORDEELBAAR"
    ]
    assert [(r["object"], r["referentie_nummer"]) for r in unjudged] == [judged]
    assert "ontbreekt of is onleesbaar" in unjudged[0]["explanation"]


def _with_year_10000(message: bytes, reference: str) -> bytes:
    """The message with the Einddatum of the line `reference` moved to the year 10000 (XSD-valid)."""
    text = message.decode()
    line = text.index(f">{reference}<")
    end = text.index("Einddatum>", line) + len("Einddatum>")
    return (text[:end] + "10000" + text[end + 4 :]).encode()


def test_a_line_dated_in_the_year_10000_is_a_finding_of_the_run(tmp_path: Path) -> None:
    """Issue 17 item 2 end to end: ingest, check; every other JW325 written; the line a coded row."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for number in range(3):
        message = declaration(f"D{number}", clients=2, lines_per_client=2, first_bsn=10 * number)
        if number == 1:
            message = _with_year_10000(message, "RD1x3")
        (inbox / f"JW323_{number}.xml").write_bytes(message)
    db = tmp_path / "zorg.duckdb"
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert ingested.exception is None or isinstance(ingested.exception, SystemExit), ingested.output
    out = tmp_path / "uit"
    result = runner.invoke(app, ["check", "--db", str(db), "--out", str(out), "--dagtekening", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert "Niet beoordeeld [ONBEOORDEELBAAR]: declaratie D1" in result.output

    answers = sorted((out / "jw325").glob("*.xml"))
    assert [path.name.split("_")[1] for path in answers] == ["D0", "D2"]
    assert all(validate_document(parse_file(path)) == () for path in answers)

    rows = [r for r in pq.read_table(out / "findings.parquet").to_pylist() if r["rule"] == "ONBEOORDEELBAAR"]
    assert len(rows) == 1
    row = rows[0]
    assert row["object"] == "prestatie" and row["severity"] == "signaal" and row["retourcode"] is None
    facts = dict(row["facts"])
    assert facts["oorzaak"] == "datum buiten de jaren 1-9999"
    assert facts["plek"].endswith("/Client[2]/Prestaties/Prestatie[2]/ProductPeriode/Einddatum")
    assert "RD1x3" in row["explanation"] and "'10000-04-30'" in row["explanation"]
    with duckdb.connect(str(db), read_only=True) as connection:
        stored = connection.execute(
            "SELECT f.message_id, m.identificatie, f.explanation FROM control_findings f "
            "JOIN messages m USING (message_id) WHERE f.rule = 'ONBEOORDEELBAAR'"
        ).fetchall()
        counted = connection.execute("SELECT findings FROM control_runs").fetchone()
    assert [(ident, text) for _, ident, text in stored] == [("D1", row["explanation"])]
    assert stored[0][0] == row["message_id"]
    assert counted is not None and counted[0] >= 1

    sheet = load_workbook(out / "findings.xlsx", read_only=True)["Bevindingen"]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert any(r[0] == "ONBEOORDEELBAAR" and r[3] == "prestatie" and "RD1x3" in str(r[13]) for r in cells)
