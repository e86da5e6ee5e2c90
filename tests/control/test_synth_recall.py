"""On a small synthetic region every labelled anomaly is found with its expected code, and at most
0.5 % of unlabelled claim lines get an afkeur (in total and so per rule)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.recall import load_tables, measure, report_lines
from zorgpad.control.run import check
from zorgpad.store import summaries


@pytest.mark.slow
def test_recall_and_false_rejections_on_synth(tmp_path: Path) -> None:
    out, db = tmp_path / "synth", tmp_path / "db.duckdb"
    runner = CliRunner()
    made = runner.invoke(
        app,
        [
            "synth",
            "--catalog",
            "centraal-gelderland",
            "--year",
            "2025",
            "--seed",
            "1",
            "--out",
            str(out),
            "--scale",
            "0.02",
        ],
    )
    assert made.exit_code == 0, made.output
    runner.invoke(app, ["ingest", str(out), "--db", str(db)])  # exits 1: malformed messages are on purpose
    store, tables = open_inputs(db)
    with store:
        result = check(store.backend, tables, load_policy("centraal-gelderland"))
        messages, lines, level2 = load_tables(tables)
    measurement = measure(out / "truth.csv", result.findings, messages, lines, level2)
    report = "\n".join(report_lines(measurement))
    assert measurement.labelled, report
    assert measurement.missed == [], report
    assert measurement.false_rate() <= 0.005, report
    # The synth labels no anomaly in starts, stops and requests yet: none of them may be rejected.
    care = [row for row in result.findings.to_pylist() if row["object"] in ("melding", "verzoek")]
    assert care == [], care[:3]

    # Without the summaries the store keeps at ingest the run computes them itself: the same findings.
    raw = duckdb.connect(str(db))
    raw.execute("DELETE FROM store_meta WHERE name = ?", [summaries.MARKER])
    raw.close()
    store, tables = open_inputs(db)
    with store:
        computed = check(store.backend, tables, load_policy("centraal-gelderland"))
    assert sorted(map(repr, computed.findings.to_pylist())) == sorted(map(repr, result.findings.to_pylist()))
