"""Fuzz run: >= 10,000 mutated messages through validate -> ingest -> check, >= 2,000 hostile HTTP requests.

The mutation corpus is a small synthetic region-year (tests/fuzz/harness.py builds it and the mutants).
Counted: tracebacks, hangs (a step over its time limit), stored values that differ from the validated
ones, HTTP 5xx, and peak memory. The baseline, measured in the same run, is the validation time per
unmutated corpus message; the ratio says what a hostile mutant costs beside an ordinary one.
Results go to benchmarks/results/fuzz.json; exit 1 when any traceback, hang, differing value or 5xx
was counted.

    python benchmarks/fuzz.py [--mutants 10000] [--http 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the harness lives beside the CI-sized fuzz test

from fuzz.harness import Tally, corpus, run_http, run_messages  # noqa: E402
from zorgpad.ijw.validate import validate_path  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "fuzz.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--http", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("ZORGPAD_PSEUDONYM_KEY", "fuzz-benchmark-pseudonym-key-0123456789")
    with tempfile.TemporaryDirectory(prefix="zorgpad-fuzz-") as temporary:
        work = Path(temporary)
        sources = corpus(work / "regio")
        sample = sources[: min(len(sources), 1000)]
        started = time.perf_counter()
        for path in sample:
            validate_path(path)
        baseline = (time.perf_counter() - started) / len(sample)

        tally = Tally()
        started = time.perf_counter()
        run_messages(sources, args.mutants, args.seed, work / "mutanten", tally)
        messages_s = time.perf_counter() - started
        started = time.perf_counter()
        run_http(work / "mutanten" / "partij000" / "zorg.duckdb", args.http, args.seed, tally)
        http_s = time.perf_counter() - started

    per_mutant = messages_s / max(tally.mutants, 1)
    figures = {
        "corpus_messages": len(sources),
        "mutants": tally.mutants,
        "validated": tally.validated,
        "valid_mutants": tally.valid,
        "stored_valid_messages": tally.stored_messages,
        "compared_values": tally.compared_values,
        "differing_values": tally.differing_values,
        "jw325_answers": tally.answers,
        "http_requests": tally.http_requests,
        "http_5xx": tally.http_5xx,
        "http_statuses": dict(sorted(tally.statuses.items())),
        "tracebacks": len(tally.tracebacks),
        "hangs": len(tally.hangs),
        "max_rss_mb": round(tally.max_rss_mb(), 1),
        "mutation_kinds": dict(sorted(tally.kinds.items())),
        "messages_seconds": round(messages_s, 1),
        "http_seconds": round(http_s, 1),
        "baseline_validate_ms": round(baseline * 1000, 2),
        "pipeline_ms_per_mutant": round(per_mutant * 1000, 2),
        "ratio_to_baseline": round(per_mutant / baseline, 2) if baseline else None,
    }
    print(
        f"Fuzz: {tally.mutants} gemuteerde berichten (corpus {len(sources)}), {tally.valid} geldig, "
        f"{tally.stored_messages} opgeslagen; {tally.compared_values} waarden vergeleken, "
        f"{tally.differing_values} afwijkend; {tally.answers} JW325's.\n"
        f"HTTP: {tally.http_requests} verzoeken, {tally.http_5xx} met 5xx; "
        f"statussen {figures['http_statuses']}.\n"
        f"Tracebacks {len(tally.tracebacks)}, vastgelopen {len(tally.hangs)}, piekgeheugen "
        f"{figures['max_rss_mb']} MB.\n"
        f"Tijd: berichten {messages_s:.0f} s ({per_mutant * 1000:.1f} ms per mutant, "
        f"{figures['ratio_to_baseline']}x de validatie van een gewoon bericht, {baseline * 1000:.1f} ms); "
        f"HTTP {http_s:.0f} s."
    )
    for problem in (tally.tracebacks + tally.hangs)[:10]:
        print(problem)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    failed = tally.tracebacks or tally.hangs or tally.differing_values or tally.http_5xx
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
