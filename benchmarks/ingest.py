"""Benchmark: `zorgpad.store.ingest` throughput against a bare lxml parse of the same files.

Run: `.venv/bin/python benchmarks/ingest.py` (or `make bench`; `--quick` for a small run). It writes,
with lxml from the vendored examples, valid JW323 declarations of 2,000 lines each (200,000 and
1,000,000 claim lines) and many small messages (JW301/JW305/JW307, distinct by their
Identificatie). For each case it measures, in the same run:

- the baseline: reading every file and parsing it with lxml (`etree.fromstring`), in one process;
- the ingest into a fresh DuckDB file (read, hash, XSD, every level-2 rule, extraction, Arrow,
  one transaction per batch), in a fresh interpreter, with one worker and with one per core;
- peak memory (VmHWM) of the ingest process and of its largest worker, to show that memory stays
  bounded when the input grows five-fold.

It prints a table with claim lines or files per second and the ratio of ingest time to bare-parse
time, and writes benchmarks/results/ingest.json. Exit 1 when a generated file turns out invalid
(the benchmark measures valid input only) or when peak memory grows with the input.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from copy import deepcopy
from pathlib import Path
from typing import Any

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, message_type

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "zorgpad" / "ijw" / "examples"
RESULTS = ROOT / "benchmarks" / "results" / "ingest.json"
LINES_PER_FILE = 2_000
PRESTATIES_PER_CLIENT = 4
PRODUCTS = (("45A03", 1250, 4), ("45A04", 1500, 16), ("45A03", 1250, 8), ("45A04", 1500, 2))
SMALL_TYPES = ("JW301", "JW305", "JW307")
# Memory is bounded when the peak for five times the claim lines stays within this factor.
MEMORY_GROWTH_BOUND = 1.5
KEY = "benchmark-pseudonym-key-0123456789"


def bsns(count: int) -> list[str]:
    """The first `count` numbers from 100000000 on that pass the 11-proef (CS002)."""
    found: list[str] = []
    candidate = 100_000_000
    while len(found) < count:
        digits = [int(c) for c in str(candidate)]
        total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
        if total % 11 == 0:
            found.append(str(candidate))
        candidate += 1
    return found


def _find(parent: etree._Element, path: str) -> etree._Element:
    found = parent.find(path)
    if found is None:
        raise LookupError(f"the example lacks {path}")
    return found


def declaration(number: int, lines: int, clients: list[str]) -> bytes:
    """A valid JW323 with `lines` Prestaties: the example's header, clients of 4 lines each."""
    tree = etree.parse(str(EXAMPLES / "JW323.xml"), etree.XMLParser(remove_blank_text=True))
    m, b = f"{{{message_type('JW323').namespace}}}", f"{{{NS_BASIS}}}"
    root = tree.getroot()
    _find(root, f"{m}Header/{m}BerichtIdentificatie/{b}Identificatie").text = f"B{number:09d}"
    declaratie = _find(root, f"{m}Declaratie")
    _find(declaratie, f"{m}DeclaratieNummer").text = f"DN{number:07d}"
    clienten = _find(declaratie, f"{m}Clienten")
    template = _find(clienten, f"{m}Client/{m}Prestaties/{m}Prestatie")
    clienten.clear()
    total = 0
    for index in range(lines // PRESTATIES_PER_CLIENT):
        client = etree.SubElement(clienten, f"{m}Client")
        etree.SubElement(client, f"{m}Bsn").text = clients[(number * 7 + index) % len(clients)]
        prestaties = etree.SubElement(client, f"{m}Prestaties")
        for slot, (code, tarief, volume) in enumerate(PRODUCTS):
            serial = index * PRESTATIES_PER_CLIENT + slot
            prestatie = deepcopy(template)
            _find(prestatie, f"{m}ProductReferentie/{b}ReferentieNummer").text = f"R{number:06d}x{serial}"
            _find(prestatie, f"{m}ToewijzingNummer").text = str(500_000 + serial)
            _find(prestatie, f"{m}ProductCode").text = code
            _find(prestatie, f"{m}GeleverdVolume").text = str(volume)
            _find(prestatie, f"{m}ProductTarief").text = str(tarief)
            _find(prestatie, f"{m}IngediendBedrag/{b}Bedrag").text = str(tarief * volume)
            total += tarief * volume
            prestaties.append(prestatie)
    _find(declaratie, f"{m}TotaalIngediendBedrag/{b}TotaalBedrag").text = str(total)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def write_claims(folder: Path, claim_lines: int) -> int:
    clients = bsns(5_000)
    files = max(1, claim_lines // LINES_PER_FILE)
    folder.mkdir(parents=True)
    for number in range(files):
        (folder / f"d{number:06d}.xml").write_bytes(declaration(number, LINES_PER_FILE, clients))
    return files * LINES_PER_FILE


def write_small(folder: Path, count: int) -> int:
    """`count` small messages: the valid JW301/305/307 examples, each with its own Identificatie."""
    folder.mkdir(parents=True)
    templates = []
    for code in SMALL_TYPES:
        root = etree.parse(str(EXAMPLES / f"{code}.xml")).getroot()
        m = f"{{{message_type(code).namespace}}}"
        templates.append(
            (root, _find(root, f"{m}Header/{m}BerichtIdentificatie/{{{NS_BASIS}}}Identificatie"))
        )
    for number in range(count):
        root, identificatie = templates[number % len(templates)]
        identificatie.text = f"S{number:09d}"
        (folder / f"m{number:07d}.xml").write_bytes(
            etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        )
    return count


def bare_parse(folder: Path) -> float:
    """The baseline: read every file and parse it with lxml, in one process; seconds."""
    paths = sorted(folder.glob("*.xml"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    started = time.perf_counter()
    for path in paths:
        etree.fromstring(path.read_bytes(), parser)
    return time.perf_counter() - started


def _high_water_mark_kb() -> int:
    # VmHWM belongs to this address space only (ru_maxrss can carry a parent's peak across exec).
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure(folder: Path, db: Path, workers: int) -> None:
    """In a fresh interpreter: one ingest; prints its time, counts and peak memory as JSON."""
    from zorgpad.store import IngestOptions, Store, ingest
    from zorgpad.store.work import warm_up

    # Once per process, whatever the input: compiling the XSDs, loading the rules and Arrow's
    # conversions (which import pandas). Timed apart from the ingest itself.
    started = time.perf_counter()
    warm_up()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    cpu = time.process_time()
    report = ingest(folder, db, IngestOptions(workers=workers))
    elapsed = time.perf_counter() - started
    parent_cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Store.open(db, read_only=True) as store:
        claim_lines = store.connection.execute("SELECT count(*) FROM claim_lines").fetchall()[0][0]
    result = {
        "seconds": elapsed,
        "startup_s": startup,
        "cpu_parent_s": parent_cpu,
        "cpu_workers_s": children.ru_utime + children.ru_stime,
        "files": sum(c.new for c in report.counts.values()),
        "invalid": report.invalid,
        "batches": report.batches,
        "claim_lines": claim_lines,
        "peak_rss_mb": _high_water_mark_kb() / 1024,
        # ru_maxrss of the largest worker, in kilobytes on Linux.
        "worker_peak_rss_mb": children.ru_maxrss / 1024 if workers > 1 else 0.0,
    }
    print(json.dumps(result))


def _ingest(folder: Path, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, __file__, "--measure", str(folder), str(Path(scratch) / "b.duckdb")]
        env = {**os.environ, "ZORGPAD_PSEUDONYM_KEY": KEY}
        done = subprocess.run([*command, str(workers)], capture_output=True, text=True, check=False, env=env)
        if done.returncode != 0:
            raise SystemExit(f"ingest van {folder} mislukt:\n{done.stderr}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def _case(name: str, folder: Path, claim_lines: int, cores: int) -> dict[str, Any]:
    files = len(list(folder.glob("*.xml")))
    bare = bare_parse(folder)
    runs = {workers: _ingest(folder, workers) for workers in sorted({1, cores})}
    for workers, run in runs.items():
        if run["invalid"] or run["files"] != files or run["claim_lines"] != claim_lines:
            raise SystemExit(
                f"{name}: {run['invalid']} ongeldige bestanden, {run['files']} van {files} opgeslagen, "
                f"{run['claim_lines']} van {claim_lines} declaratieregels ({workers} werkers)"
            )
    bytes_in = sum(p.stat().st_size for p in folder.glob("*.xml"))
    return {
        "case": name,
        "files": files,
        "claim_lines": claim_lines,
        "megabytes": bytes_in / 1_048_576,
        "bare_parse_s": bare,
        "runs": {
            str(workers): {
                **run,
                "files_per_s": files / run["seconds"],
                "claim_lines_per_s": claim_lines / run["seconds"],
                "ratio_to_bare_parse": run["seconds"] / bare,
            }
            for workers, run in runs.items()
        },
    }


def _table(cases: list[dict[str, Any]]) -> str:
    head = (
        f"{'case':<14}{'files':>8}{'lines':>10}{'MB':>7}{'bare s':>8} | {'w':>2}{'ingest s':>9}"
        f"{'files/s':>9}{'lines/s':>10}{'x bare':>8}{'cpu s':>7}{'RSS MB':>8}{'wrk MB':>8}"
    )
    out = [head, "-" * len(head)]
    for case in cases:
        for workers, run in case["runs"].items():
            out.append(
                f"{case['case']:<14}{case['files']:>8}{case['claim_lines']:>10}{case['megabytes']:>7.0f}"
                f"{case['bare_parse_s']:>8.2f} | {workers:>2}{run['seconds']:>9.2f}{run['files_per_s']:>9.0f}"
                f"{run['claim_lines_per_s']:>10.0f}{run['ratio_to_bare_parse']:>8.1f}"
                f"{run['cpu_parent_s'] + run['cpu_workers_s']:>7.1f}{run['peak_rss_mb']:>8.0f}"
                f"{run['worker_peak_rss_mb']:>8.0f}"
            )
    return "\n".join(out)


def run(quick: bool) -> dict[str, Any]:
    from zorgpad.store.ingest import available_cores

    cores = available_cores()
    claim_cases = (
        {"jw323-40k": 40_000, "jw323-200k": 200_000}
        if quick
        else {
            "jw323-200k": 200_000,
            "jw323-1m": 1_000_000,
        }
    )
    small = 2_000 if quick else 10_000
    cases = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, lines in claim_cases.items():
            folder = Path(scratch) / name
            started = time.perf_counter()
            written = write_claims(folder, lines)
            print(f"{name}: {written} regels geschreven in {time.perf_counter() - started:.0f} s", flush=True)
            cases.append(_case(name, folder, written, cores))
            for path in folder.glob("*.xml"):
                path.unlink()
        folder = Path(scratch) / f"klein-{small}"
        write_small(folder, small)
        cases.append(_case(folder.name, folder, 0, cores))
    first, last = cases[0]["runs"][str(cores)], cases[1]["runs"][str(cores)]
    growth = max(last["peak_rss_mb"], last["worker_peak_rss_mb"]) / max(
        first["peak_rss_mb"], first["worker_peak_rss_mb"]
    )
    return {
        "benchmark": "ingest",
        "cores": cores,
        "python": platform.python_version(),
        "load_average_1m": os.getloadavg()[0],
        "memory_growth": growth,
        "memory_growth_bound": MEMORY_GROWTH_BOUND,
        "cases": cases,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller cases (40k/200k lines, 2,000 files)")
    parser.add_argument("--measure", nargs=3, metavar=("DIR", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(Path(args.measure[0]), Path(args.measure[1]), int(args.measure[2]))
        return 0
    results = run(args.quick)
    print(_table(results["cases"]))
    print(
        f"Piekgeheugen bij {results['cases'][1]['claim_lines']:,} regels / "
        f"{results['cases'][0]['claim_lines']:,} regels: {results['memory_growth']:.2f}x "
        f"(grens {MEMORY_GROWTH_BOUND}x); belasting van de machine (1 min): {results['load_average_1m']:.1f}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if results["memory_growth"] <= MEMORY_GROWTH_BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
