"""`zorgpad scenario run` with a knip reform: the Dutch table per municipality, the missing local
contracts, the CSV files and the `knip` block of summary.json, from the hand-computed case."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import yaml
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.control.engine import empty_findings
from zorgpad.scenarios.params import euro

from . import cases

CASE = cases.load(Path(__file__).parent / "knip_inwoners.yaml")


def _inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    db = tmp_path / "regio.duckdb"
    con = cases.store(CASE)
    con.execute(f"ATTACH '{db}' AS f")
    for name in ("claim_lines", "messages", "allocations", "referrals"):
        con.execute(f"CREATE TABLE f.{name} AS SELECT * FROM {name}")
    con.close()
    catalog = tmp_path / "catalogus.yaml"
    data = cases.catalog(CASE["catalogus"]).model_dump(mode="json")
    catalog.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    findings = tmp_path / "findings.parquet"
    pq.write_table(empty_findings(), findings)
    return db, catalog, findings


def test_run_shows_and_writes_the_knip_per_municipality(tmp_path: Path) -> None:
    db, catalog, findings = _inputs(tmp_path)
    out = tmp_path / "uit"
    args = ["scenario", "run", "--db", str(db), "--catalog", str(catalog), "--findings", str(findings),
            "--reform", CASE["hervormingen"][0], "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "De knip per gemeente" in result.output
    # what Arnhem pays less and Doesburg more, in the project's one money format
    assert euro(-20827) in result.output and euro(20827) in result.output
    assert "Geen lokaal contract: Doesburg voor 41D10 Product 41D10 (€ 184,00 verschoven)." in result.output
    knip = json.loads((out / "summary.json").read_text(encoding="utf-8"))["knip"]
    assert knip["verschoven_cents"] == 71282
    assert knip["per_gemeente"]["0202"]["betaalt_voor_cents"] == 111990
    assert knip["verdeelsleutel_voor"] == ["vanaf 01-01-2025: naar aantal jeugdigen (0-17 jaar) (GR art. 12)"]
    with (out / "knip_per_gemeente.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [(r["naam"], r["verschil (cent)"]) for r in rows] == [("Arnhem", "-20827"), ("Doesburg", "20827")]
    with (out / "knip_ontbrekende_contracten.csv").open(encoding="utf-8-sig") as handle:
        missing = [(r["gemeente"], r["product"]) for r in csv.DictReader(handle, delimiter=";")]
    assert missing == [("0221", "41D01"), ("0221", "41D10")]


def test_a_run_without_a_knip_change_writes_no_knip_files(tmp_path: Path) -> None:
    db, catalog, findings = _inputs(tmp_path)
    out = tmp_path / "uit"
    args = ["scenario", "run", "--db", str(db), "--catalog", str(catalog), "--findings", str(findings),
            "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not (out / "knip_per_gemeente.csv").exists() and "De knip per gemeente" not in result.output
    assert "knip" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))
