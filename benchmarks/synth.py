"""Benchmark of `zorgpad synth`: claim lines per second and peak memory at two scales.

    .venv/bin/python benchmarks/synth.py [--lines 5000000]

Each measurement runs in its own subprocess so that its peak RSS is its own. The synth runs write the
declarations (JW323), sessions, access records and truth.csv, but not the small per-allocation
messages (the claim path alone). The baseline writes the same number of minimal Prestatie elements
with bare lxml `xmlfile`, so the ratio shows the cost of simulation on top of serialisation.

Rates are given per second of wall time and per second of CPU time (user + system) of the measuring
process: on a shared machine the CPU figure is the stable one. A default region-year with every message
type (what `zorgpad demo` generates) is timed too (`--full`, on by default).
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

LINES_PER_SCALE = 160_793  # claim lines of centraal-gelderland 2025 at scale 1, seed 1, claim path (measured)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child_synth(lines: int, out: str) -> dict[str, float]:
    from zorgpad.catalog import load_catalog
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.run import generate

    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    start, cpu = time.perf_counter(), _cpu()
    tally = generate(facts, Path(out), 2025, seed=1, scale=lines / LINES_PER_SCALE, messages=False)
    return {"lines": tally.claim_lines, "seconds": time.perf_counter() - start, "cpu": _cpu() - cpu}


def _child_full(lines: int, out: str) -> dict[str, float]:
    from zorgpad.catalog import load_catalog
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.run import generate

    start, cpu = time.perf_counter(), _cpu()
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    tally = generate(facts, Path(out), 2025, seed=1)
    return {
        "lines": tally.claim_lines,
        "messages": sum(tally.messages.values()),
        "seconds": time.perf_counter() - start,
        "cpu": _cpu() - cpu,
    }


def _child_baseline(lines: int, out: str) -> dict[str, float]:
    from lxml import etree

    ns = "http://www.istandaarden.nl/ijw/3_2/jw323/schema"
    start, cpu = time.perf_counter(), _cpu()
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
    return {"lines": lines, "seconds": time.perf_counter() - start, "cpu": _cpu() - cpu}


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
    parser.add_argument("--child", choices=("synth", "baseline", "full"))
    parser.add_argument("--no-full", action="store_true", help="no region-year with all messages")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        run = {"synth": _child_synth, "baseline": _child_baseline, "full": _child_full}[args.child]
        data = run(args.lines, args.out)
        data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(data))
        return
    small = max(10_000, args.lines // 5)
    baseline = _measure("baseline", args.lines)
    base_wall, base_cpu = baseline["lines"] / baseline["seconds"], baseline["lines"] / baseline["cpu"]
    print(f"baseline xmlfile: {base_wall:,.0f} regels/s (wand), {base_cpu:,.0f} regels/s (cpu)", flush=True)
    for lines in (small, args.lines):
        data = _measure("synth", lines)
        wall, cpu = data["lines"] / data["seconds"], data["lines"] / data["cpu"]
        print(
            f"synth {data['lines']:>10,.0f} prestaties: {data['seconds']:7.1f} s wand, "
            f"{data['cpu']:7.1f} s cpu; "
            f"{wall:,.0f} regels/s (wand), {cpu:,.0f} regels/s (cpu); piek-RSS {data['peak_rss_mb']:.0f} MB; "
            f"{wall / base_wall:.2f}x (wand) / {cpu / base_cpu:.2f}x (cpu) de kale xmlfile-snelheid",
            flush=True,
        )
    if not args.no_full:
        data = _measure("full", 0)
        print(
            f"standaard regiojaar (alle berichten): {data['seconds']:.1f} s wand, {data['cpu']:.1f} s cpu, "
            f"{data['messages']:,.0f} berichten, {data['lines']:,.0f} prestaties, "
            f"piek-RSS {data['peak_rss_mb']:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
