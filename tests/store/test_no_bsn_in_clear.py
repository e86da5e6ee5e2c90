"""No BSN in clear outside `clients_clear` and the answer messages (issue 17, item 4).

A small synthetic region with injected bad BSNs (CS002, an XSD-invalid one) and a duplicated client
(TR101) is ingested and checked; then every table of the store, every output file and everything
printed is scanned for any BSN of the region in clear.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from lxml import etree
from openpyxl import load_workbook
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.store import TABLES, Store

ALLOWED_TABLES = {"clients_clear"}  # the one table answer messages need


def _bsns(region: Path) -> set[str]:
    found: set[str] = set()
    for path in (region / "berichten").rglob("*.xml"):
        found.update(re.findall(rb"Bsn>([^<]*)<", path.read_bytes()))  # type: ignore[arg-type]
    values = {value.decode() if isinstance(value, bytes) else value for value in found}
    for path in list((region / "sessies").glob("*.csv")) + list((region / "toegang").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        if "bsn" in header:
            column = header.index("bsn")
            values.update(line.split(",")[column] for line in lines[1:] if line.count(",") >= column)
    return {value.strip() for value in values if len(value.strip()) >= 8}


def _inject(region: Path) -> set[str]:
    """A client twice in one declaration (TR101), a BSN failing the 11-proef, one with a letter (XSD)."""
    files = sorted((region / "berichten" / "JW323").glob("*.xml"))
    injected = set()
    for number, path in enumerate(files[:3]):
        root = etree.fromstring(path.read_bytes())
        client = next(e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("}Client"))
        bsn = next(e for e in client.iter() if isinstance(e.tag, str) and e.tag.endswith("}Bsn"))
        if number == 0:
            client.addnext(etree.fromstring(etree.tostring(client)))
        else:
            bsn.text = ("12345678" + str(number + 1)) if number == 1 else "1234567X9"
            injected.add(bsn.text)
        path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return injected


def _clear(text: str, bsns: set[str]) -> set[str]:
    return {
        match
        for match in re.findall(r"(?<![0-9A-Za-z])[0-9A-Za-z]{8,9}(?![0-9A-Za-z])", text)
        if match in bsns
    }


@pytest.mark.slow
def test_no_bsn_in_any_table_output_or_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = tmp_path / "regio"
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["synth", "--catalog", "rijnmond", "--year", "2025", "--seed", "5", "--out", str(region),
         "--scale", "0.005", "--anomaly-rate", "0.05"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    injected = _inject(region)
    bsns = _bsns(region) | injected
    assert len(bsns) > 50 and injected <= bsns

    db = tmp_path / "regio.duckdb"
    printed = [runner.invoke(app, ["ingest", str(region), "--db", str(db)])]
    out = tmp_path / "controle"
    printed.append(
        runner.invoke(app, ["check", "--db", str(db), "--out", str(out), "--dagtekening", "2026-01-31"])
    )
    printed.append(runner.invoke(app, ["validate", "--format", "json", str(region / "berichten" / "JW323")]))
    for result in printed:
        assert "Traceback" not in result.output
        assert _clear(result.output, bsns) == set(), result.output[:2000]

    with Store.open(db, read_only=True) as store:
        rules = {row[0] for row in store.connection.execute("SELECT rule FROM message_findings").fetchall()}
        assert {"CS002", "TR101", "XSD"} <= rules
        for name in TABLES:
            if name in ALLOWED_TABLES:
                continue
            text = " ".join(str(row) for row in store.connection.execute(f"SELECT * FROM {name}").fetchall())
            assert _clear(text, bsns) == set(), name

    for path in out.rglob("*"):
        # The answer messages (JW325, and the JW306/308/316/318 retours) must carry the BSN.
        if path.is_dir() or path.parent.name in ("jw325", "retour"):
            continue
        if path.suffix == ".parquet":
            text = str(pq.read_table(path).to_pylist())
        elif path.suffix == ".xlsx":
            book = load_workbook(path)
            text = " ".join(
                str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            )
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        assert _clear(text, bsns) == set(), path
