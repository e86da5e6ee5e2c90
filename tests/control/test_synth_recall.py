"""On a small synthetic region every labelled anomaly is found with its expected code, at most 0.5 % of
unlabelled claim lines get an afkeur (in total and so per rule), and no unlabelled start, stop or
request is rejected. With many anomalies in starts, stops and requests every cross-message rule is
labelled and found."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.catalog.bundled import load_catalog
from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.recall import load_tables, measure, report_lines
from zorgpad.control.run import check
from zorgpad.store import summaries
from zorgpad.store.ingest import ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.care_anomalies import CARE_RULES
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate


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
    # Starts, stops and requests without a labelled anomaly get no rejection.
    assert measurement.unlabelled_messages > 1000, report
    assert measurement.false_rejected_messages == 0, report

    # Without the summaries the store keeps at ingest the run computes them itself: the same findings.
    raw = duckdb.connect(str(db))
    raw.execute("DELETE FROM store_meta WHERE name = ?", [summaries.MARKER])
    raw.close()
    store, tables = open_inputs(db)
    with store:
        computed = check(store.backend, tables, load_policy("centraal-gelderland"))
    assert sorted(map(repr, computed.findings.to_pylist())) == sorted(map(repr, result.findings.to_pylist()))


@pytest.mark.slow
def test_every_cross_message_rule_is_found_in_synth_starts_stops_and_requests(tmp_path: Path) -> None:
    out, db = tmp_path / "synth", tmp_path / "db.duckdb"
    out.mkdir()
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    generate(facts, out, 2025, 1, 0.02, AnomalyRates(care=0.3))
    ingest(out, db)
    store, tables = open_inputs(db)
    with store:
        result = check(store.backend, tables, load_policy("centraal-gelderland"))
        messages, lines, level2 = load_tables(tables)
    measurement = measure(out / "truth.csv", result.findings, messages, lines, level2)
    report = "\n".join(report_lines(measurement))
    care_rules = {rule for rules in CARE_RULES.values() for rule in rules}
    assert len(care_rules) == 20
    # Every rule labelled at least five times, and every labelled message found with its rule.
    assert {rule: measurement.labelled[rule] >= 5 for rule in care_rules} == dict.fromkeys(
        care_rules, True
    ), report
    assert {rule: measurement.recall(rule) for rule in care_rules} == dict.fromkeys(care_rules, 1.0), report
    assert measurement.missed == [], report
    assert measurement.unlabelled_messages > 1000, report
    assert measurement.false_rejected_messages == 0, report
