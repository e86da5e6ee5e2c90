"""Recall and false rejections of `zorgpad check` on a synthetic region (per rule).

    .venv/bin/python benchmarks/control_recall.py --scale 0.05 [--care-rate 0.3] [--work DIR]

Generates a region-year (as `zorgpad synth`, with `--anomaly-rate` for every kind and `--care-rate` for
the anomalies in starts, stops and requests), runs `zorgpad ingest`, then the control engine with the
same catalogue, and prints recall per labelled rule, the share of unlabelled claim lines that got an
afkeur, and how many unlabelled starts, stops and requests were rejected.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
from pathlib import Path

from zorgpad.catalog.bundled import load_catalog
from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.recall import load_tables, measure, report_lines
from zorgpad.control.run import check
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalog", default="centraal-gelderland")
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--anomaly-rate", type=float, default=0.01)
    parser.add_argument("--care-rate", type=float, default=0.01)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="zp-recall-"))
    out, db = work / "synth", work / "db.duckdb"
    if not out.exists():
        out.mkdir(parents=True)
        rates = dataclasses.replace(AnomalyRates.uniform(args.anomaly_rate), care=args.care_rate)
        facts = region_facts(load_catalog(args.catalog), 2025)
        generate(facts, out, 2025, args.seed, args.scale, rates)
    if not db.exists():
        # ingest exits 1 when some files are invalid (the synth writes malformed ones on purpose).
        subprocess.run([ZORGPAD, "ingest", str(out), "--db", str(db)], check=False, capture_output=True)
    store, tables = open_inputs(db)
    with store:
        result = check(store.backend, tables, load_policy(args.catalog))
        messages, lines, level2 = load_tables(tables)
    measurement = measure(out / "truth.csv", result.findings, messages, lines, level2)
    print("\n".join(report_lines(measurement)))
    for row in measurement.missed[:20]:
        print("gemist:", row)


if __name__ == "__main__":
    main()
