"""Benchmark of `zorgpad synth`: claim lines per second and peak memory at two scales.

    .venv/bin/python benchmarks/synth.py [--lines 5000000]

Each measurement runs in its own subprocess so that its peak RSS is its own. The synth runs write the
declarations (JW323), sessions, access records and truth.csv, but not the small per-allocation
messages (the claim path alone). The baseline writes the same number of minimal Prestatie elements
with bare lxml `xmlfile`, so the ratio shows the cost of simulation on top of serialisation.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINES_PER_SCALE = 210_000  # claim lines of centraal-gelderland at scale 1 (measured)


def _child_synth(lines: int, out: str) -> dict[str, float]:
    from zorgpad.catalog import load_catalog
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.run import generate

    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    start = time.perf_counter()
    tally = generate(facts, Path(out), 2025, seed=1, scale=lines / LINES_PER_SCALE, messages=False)
    seconds = time.perf_counter() - start
    return {"lines": tally.claim_lines, "seconds": seconds}


def _child_baseline(lines: int, out: str) -> dict[str, float]:
    from lxml import etree

    ns = "http://www.istandaarden.nl/ijw/3_2/jw323/schema"
    start = time.perf_counter()
    with (
        etree.xmlfile(str(Path(out) / "baseline.xml"), encoding="UTF-8") as xf,
        xf.element(f"{{{ns}}}Bericht"),
    ):
        element = etree.Element(f"{{{ns}}}Prestatie")
        for name in ("ReferentieNummer", "ToewijzingNummer", "GeleverdVolume", "Bedrag"):
            etree.SubElement(element, f"{{{ns}}}{name}")
        leaves = list(element)
        for index in range(lines):
            for leaf in leaves:
                leaf.text = str(index)
            xf.write(element)
    return {"lines": lines, "seconds": time.perf_counter() - start}


def _measure(kind: str, lines: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--lines", str(lines), "--out", out],
            check=True,
            capture_output=True,
            text=True,
        )
    data: dict[str, float] = json.loads(result.stdout)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--child", choices=("synth", "baseline"))
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        run = _child_synth if args.child == "synth" else _child_baseline
        data = run(args.lines, args.out)
        data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(data))
        return
    small = max(10_000, args.lines // 5)
    baseline = _measure("baseline", args.lines)
    print(f"baseline xmlfile: {baseline['lines'] / baseline['seconds']:,.0f} regels/s")
    for lines in (small, args.lines):
        data = _measure("synth", lines)
        rate = data["lines"] / data["seconds"]
        print(
            f"synth {data['lines']:>10,.0f} prestaties: {data['seconds']:7.1f} s, {rate:,.0f} regels/s, "
            f"piek-RSS {data['peak_rss_mb']:.0f} MB, "
            f"{rate / (baseline['lines'] / baseline['seconds']):.2f}x de kale xmlfile-snelheid"
        )


if __name__ == "__main__":
    main()
