"""No cell zorgpad writes to CSV or Excel can run as a formula (issue 17, item 3)."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from control.scenario_tables import TableBuilder
from zorgpad.app.cli import app
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.cells import safe_cell

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

HOSTILE = ['=HYPERLINK("//x")', "=1+1", "+1+cmd", "-2+3", "@SUM(A1)", "\tinvullen", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_starts_get_an_apostrophe(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12", "+3,5", "-0.25", "45A03", "", "geen", 7, -3, None])
def test_numbers_and_plain_text_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


ALLOCATION = {"nummer": 1001, "client": "A", "product": "=1+1", "ingang": "2025-03-10", "eind": "2025-12-31",
              "volume": 10, "eenheid": "04", "frequentie": "4"}  # fmt: skip


def _store(tmp_path: Path) -> Path:
    builder = TableBuilder()
    builder.allocation(ALLOCATION)
    builder.declaration({"nummer": "D1", "periode": "2025-03", "prestaties": [
        {"ref": '=HYPERLINK("//x")', "client": "A", "toewijzing": 1001, "product": "=1+1", "volume": 8,
         "tarief": 7800},
        {"ref": "R2", "client": "A", "toewijzing": 1001, "product": "=1+1", "begin": "2025-03-10",
         "volume": 2, "tarief": 7800},
    ]})  # fmt: skip
    db = tmp_path / "zorg.duckdb"
    builder.write(db)
    return db


def _no_formula_cells(path: Path | io.BytesIO) -> list[str]:
    texts = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_findings_xlsx_holds_a_hostile_reference_as_text(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        app, ["check", "--db", str(_store(tmp_path)), "--out", str(out), "--dagtekening", "2025-04-20"]
    )
    assert result.exit_code == 0, result.output
    texts = _no_formula_cells(out / "findings.xlsx")
    assert '\'=HYPERLINK("//x")' in texts


def test_dashboard_downloads_hold_a_hostile_product_code_as_text(tmp_path: Path) -> None:
    web = create_app(_store(tmp_path), warm=False)
    with TestClient(web, raise_server_exceptions=False, headers=bearer_headers(web)) as client:
        answer = client.get("/indicatoren/kosten-per-product/csv")
        assert answer.status_code == 200
        cells = [cell for row in csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";")
                 for cell in row]  # fmt: skip
        assert "'=1+1" in cells
        assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
        excel = client.get("/indicatoren/kosten-per-product/excel")
        assert excel.status_code == 200
        assert "'=1+1" in _no_formula_cells(io.BytesIO(excel.content))
