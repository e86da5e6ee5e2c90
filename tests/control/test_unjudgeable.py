"""A date zorgpad cannot hold never stops the month (issue 17, item 2).

At ingest it is a ``DATUM`` finding (the message counts as invalid); in a store that still holds such
a declaration with a missing date, `check` answers every other declaration and names the one it
cannot judge.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from control.scenario_tables import TableBuilder
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
    ("table", "column"),
    [("messages", "dagtekening"), ("claim_lines", "product_periode_eind")],
)
def test_check_answers_the_rest_when_one_declaration_lacks_a_date(
    tmp_path: Path, table: str, column: str
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
