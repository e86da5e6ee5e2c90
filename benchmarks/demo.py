"""Benchmark of `zorgpad demo` (target: under 2 minutes) and of every indicator on its store.

    .venv/bin/python benchmarks/demo.py [--scale 0.05] [--repeat 20]

Runs the default demo (the same library function as the command) in a temporary folder and reports
the time per step against the 2-minute target. Then it computes every indicator `--repeat` times on
the demo's store and reports the median and p95 per indicator against the dashboard's 300 ms page
target, beside a baseline measured in the same run: one bare DuckDB aggregate over all claim lines.
Results go to benchmarks/results/demo.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from zorgpad.app.demo import DEFAULT_SCALE, DemoOptions, run_main_demo
from zorgpad.catalog import load_catalog
from zorgpad.insights.registry import InsightContext, all_indicators, compute_indicator
from zorgpad.store import Store

TARGET_DEMO_S = 120.0
TARGET_INDICATOR_MS = 300.0
RESULTS = Path(__file__).resolve().parent / "results" / "demo.json"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm-up: the first call compiles and caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=DEFAULT_SCALE)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        options = DemoOptions(out=Path(folder) / "demo", scale=args.scale)
        started = time.perf_counter()
        run = run_main_demo(options, lambda name: print(f"  … {name}", flush=True))
        total = time.perf_counter() - started
        print(f"demo (schaal {args.scale}): {total:.1f} s; doel < {TARGET_DEMO_S:.0f} s")
        for name, seconds in run.timings.items():
            print(f"  {name}: {seconds:.1f} s")
        report: dict[str, object] = {
            "scale": args.scale,
            "demo_seconds": round(total, 1),
            "steps": {k: round(v, 1) for k, v in run.timings.items()},
            "demo_within_target": total < TARGET_DEMO_S,
        }
        with Store.open(run.paths.db, read_only=True) as store:
            ctx = InsightContext(store, load_catalog(options.catalog))
            lines = store.connection.execute("SELECT count(*) FROM claim_lines").fetchall()[0][0]
            baseline = _time(
                lambda: store.connection.execute(
                    "SELECT gemeente, count(DISTINCT client_key), sum(signed_bedrag) "
                    "FROM claim_lines GROUP BY 1"
                ).fetchall(),
                args.repeat,
            )
            print(f"{lines} prestaties; basislijn (kale DuckDB-aggregatie): p95 {_p95(baseline):.1f} ms")
            indicators: dict[str, dict[str, float]] = {}
            for item in all_indicators():
                times = _time(partial(compute_indicator, ctx, item.id), args.repeat)
                indicators[item.id] = {
                    "median_ms": round(statistics.median(times), 1),
                    "p95_ms": round(_p95(times), 1),
                }
                flag = "" if _p95(times) < TARGET_INDICATOR_MS else "  BOVEN DOEL"
                median, p95 = statistics.median(times), _p95(times)
                print(f"  {item.id:36s} mediaan {median:7.1f} ms  p95 {p95:7.1f} ms{flag}")
        report |= {
            "claim_lines": lines,
            "baseline_p95_ms": round(_p95(baseline), 1),
            "indicators": indicators,
        }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Resultaten in {RESULTS}")


if __name__ == "__main__":
    main()
