"""Benchmark: a composed scenario over one region-year against a bare DuckDB aggregate.

Run: `.venv/bin/python benchmarks/scenario.py [--lines N]` (or `make bench`). It fills an in-memory
DuckDB with the store's own tables (`messages`, `claim_lines`, `allocations`) for one region-year of
Centraal Gelderland 2025 — by default 190,000 claim lines, the size `zorgpad synth` produces at demo
scale — with products, providers and volumes drawn deterministically in SQL. It then times, in the
same run and alternating, (a) the whole scenario: granted lines, four composed reforms
(per-level tariffs, a small-group product with a shift of care, a duration cap, indexing), the replay
and the totals per municipality, provider, product, care form, lot and month; and (b) a bare
`sum(signed_bedrag) GROUP BY gemeente` over the same claim lines. Target: the scenario under 5 s.
Results go to benchmarks/results/scenario.json; exit 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from zorgpad.catalog import load_catalog
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.reform import parse_spec
from zorgpad.scenarios.summary import all_totals
from zorgpad.store.schema import TABLES

RESULTS = Path(__file__).resolve().parent / "results" / "scenario.json"
TARGET_SECONDS = 5.0
REFORMS = (
    "tarief_per_niveau:aandeel_hoog=40",
    "nieuw_product:code=54B22,van=54B01+54B02,aandeel=25",
    "begrens_duur:producten=54B03,maanden=9",
    "indexeer_tarieven:procent=3,3",
)


def fill(con: duckdb.DuckDBPyConnection, lines: int) -> None:
    cat = load_catalog("centraal-gelderland@2025")
    products = [
        (p.code, p.unit or "04", p.tariffs[0].blended or 0) for p in cat.products if p.tariffs[0].blended
    ]
    gemeenten = [m.cbs_code for m in cat.region.municipalities]
    providers = sorted({c.provider.agb for c in cat.contracts})
    con.register("p", pa.table({"i": list(range(len(products))), "code": [p[0] for p in products],
                                "unit": [p[1] for p in products],
                                "tarief": [p[2] for p in products]}))  # fmt: skip
    con.register("g", pa.table({"i": list(range(len(gemeenten))), "gemeente": gemeenten}))
    con.register("a", pa.table({"i": list(range(len(providers))), "aanbieder": providers}))
    for name in ("messages", "claim_lines", "allocations"):
        con.register("empty", TABLES[name].arrow_schema.empty_table())
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM empty")
    trajectories = lines * 100 // 566  # a trajectory is claimed in 5.66 months on average here
    con.execute(
        f"""
        CREATE TABLE t AS SELECT r AS traj, hash(r) AS h FROM range({trajectories}) tbl(r);
        INSERT INTO claim_lines (message_id, position, gemeente, aanbieder, client_key, referentie_nummer,
            toewijzing_nummer, product_categorie, product_code, product_periode_begin, product_periode_eind,
            geleverd_volume, eenheid, product_tarief, ingediend_bedrag, debet_credit, signed_bedrag)
        SELECT md5(g.gemeente || a.aanbieder || m.month::VARCHAR), row_number() OVER (),
            g.gemeente, a.aanbieder, md5(t.traj::VARCHAR), t.traj::VARCHAR || '-' || m.month::VARCHAR,
            t.traj, substr(p.code, 1, 2), p.code,
            make_date(2025, m.month, 1), last_day(make_date(2025, m.month, 1)),
            1 + (t.h >> 8) % 12, p.unit, p.tarief, (1 + (t.h >> 8) % 12) * p.tarief, 'D',
            (1 + (t.h >> 8) % 12) * p.tarief
        FROM t
        JOIN range(1, 13) m(month) ON m.month BETWEEN 1 + t.h % 12 AND least(12, 1 + t.h % 12 + 7)
        JOIN p ON p.i = (t.h >> 16) % {len(products)}
        JOIN g ON g.i = (t.h >> 24) % {len(gemeenten)}
        JOIN a ON a.i = (t.h >> 32) % {len(providers)};
        INSERT INTO messages (message_id, message_type, valid)
        SELECT DISTINCT message_id, 'JW323', true FROM claim_lines;
        """
    )


def scenario_once(con: duckdb.DuckDBPyConnection) -> tuple[float, int]:
    cat = load_catalog("centraal-gelderland@2025")
    started = time.perf_counter()
    scenario = Scenario.prepare(con, cat.data, None)
    result = scenario.run(tuple(parse_spec(spec) for spec in REFORMS))
    all_totals(result.lines)
    return time.perf_counter() - started, result.lines.num_rows


def bare_once(con: duckdb.DuckDBPyConnection) -> float:
    started = time.perf_counter()
    con.execute("SELECT gemeente, sum(signed_bedrag) FROM claim_lines GROUP BY gemeente").fetchall()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=190_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    con = duckdb.connect()
    fill(con, args.lines)
    count = int(con.execute("SELECT count(*) FROM claim_lines").fetchone()[0])  # type: ignore[index]
    scenario_times, bare_times = [], []
    for _ in range(args.rounds):
        seconds, replayed = scenario_once(con)
        scenario_times.append(seconds)
        bare_times.append(bare_once(con))
    best, bare = min(scenario_times), min(bare_times)
    report = {
        "claim_lines": count, "replayed_lines": replayed, "reforms": list(REFORMS),
        "scenario_seconds_min": round(best, 3),
        "scenario_seconds_median": round(statistics.median(scenario_times), 3),
        "bare_aggregate_seconds_min": round(bare, 4), "ratio_to_bare": round(best / bare, 1),
        "target_seconds": TARGET_SECONDS, "met": best < TARGET_SECONDS,
        "machine": f"{platform.machine()} {platform.python_version()} duckdb {duckdb.__version__}",
    }  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
