"""Benchmark: full zorgpad validation of a JW323 against bare lxml parse + XSD validation.

Run: `.venv/bin/python benchmarks/validate.py` (or `make bench`). It writes two valid declarations of
about 6,400 and 100,000 lines (built with lxml from the structure of the vendored JW323 example),
checks that each is valid ("geldig"), times `validate_path` (read, XSD, every level-2 rule) and a bare
lxml parse + XSD validation of the same file, alternating in the same run, and reports min/median,
their ratio (target <= 3x) and the peak memory of each in a fresh subprocess, with a bound on what
validation adds. Results go to benchmarks/results/validate.json; exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, message_type
from zorgpad.ijw.schemas import schema_for
from zorgpad.ijw.validate import validate_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "zorgpad" / "ijw" / "examples" / "JW323.xml"
RESULTS = ROOT / "benchmarks" / "results" / "validate.json"
TARGET_RATIO = 3.0
# Peak memory is bounded when zorgpad's peak stays within this factor of the peak of a bare lxml
# parse + XSD check of the same file (which holds the whole tree as well).
MEMORY_BOUND_RATIO = 1.5
CASES = {"jw323-6400": 6_400, "jw323-100000": 100_000}
PRESTATIES_PER_CLIENT = 4
LINES_PER_CLIENT = 5 + 19 * PRESTATIES_PER_CLIENT  # Client, Bsn, Prestaties + 19 lines per Prestatie
PRODUCTS = (("45A03", 1250, 4), ("45A04", 1500, 16), ("45A03", 1250, 8), ("45A04", 1500, 2))


def _bsns() -> Callable[[], str]:
    """Successive BSNs that pass the 11-proef (9*d1 + ... + 2*d8 - d9 divisible by 11)."""
    state = {"n": 100_000_000}

    def following() -> str:
        while True:
            state["n"] += 1
            digits = [int(c) for c in str(state["n"])]
            total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
            if total % 11 == 0:
                return str(state["n"])

    return following


def _find(parent: etree._Element, path: str) -> etree._Element:
    found = parent.find(path)
    if found is None:
        raise LookupError(f"the JW323 example lacks {path}")
    return found


def build_declaration(target_lines: int) -> bytes:
    """A valid JW323 of about `target_lines` lines: the example's header and many clients."""
    tree = etree.parse(str(EXAMPLE), etree.XMLParser(remove_blank_text=True, resolve_entities=False))
    ns = message_type("JW323").namespace
    m, b = f"{{{ns}}}", f"{{{NS_BASIS}}}"
    declaratie = _find(tree.getroot(), f"{m}Declaratie")
    clienten = _find(declaratie, f"{m}Clienten")
    template = _find(clienten, f"{m}Client/{m}Prestaties/{m}Prestatie")
    clienten.clear()
    next_bsn = _bsns()
    total = 0
    for index in range(max(1, (target_lines - 30) // LINES_PER_CLIENT)):
        client = etree.SubElement(clienten, f"{m}Client")
        etree.SubElement(client, f"{m}Bsn").text = next_bsn()
        prestaties = etree.SubElement(client, f"{m}Prestaties")
        for number, (code, tarief, volume) in enumerate(PRODUCTS):
            prestatie = deepcopy(template)
            serial = index * PRESTATIES_PER_CLIENT + number
            _find(prestatie, f"{m}ProductReferentie/{b}ReferentieNummer").text = f"RN{serial:07d}"
            _find(prestatie, f"{m}ToewijzingNummer").text = str(500_000 + serial)
            _find(prestatie, f"{m}ProductCode").text = code
            _find(prestatie, f"{m}GeleverdVolume").text = str(volume)
            _find(prestatie, f"{m}ProductTarief").text = str(tarief)
            _find(prestatie, f"{m}IngediendBedrag/{b}Bedrag").text = str(tarief * volume)
            total += tarief * volume
            prestaties.append(prestatie)
    _find(declaratie, f"{m}TotaalIngediendBedrag/{b}TotaalBedrag").text = str(total)
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def bare_parse_and_xsd(path: Path) -> bool:
    """The baseline: what lxml alone needs to parse the file and check it against the XSD."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return bool(schema_for(message_type("JW323")).validate(etree.parse(str(path), parser)))


def full_validation(path: Path) -> bool:
    return validate_path(path).valid


def _interleaved(path: Path, repetitions: int) -> tuple[list[float], list[float]]:
    """Timings of both actions, alternating, so that load from other work hits both alike."""
    bare: list[float] = []
    full: list[float] = []
    for index in range(repetitions):
        order = ((bare_parse_and_xsd, bare), (full_validation, full))
        for action, timings in order if index % 2 == 0 else reversed(order):
            started = time.perf_counter()
            action(path)
            timings.append(time.perf_counter() - started)
    return bare, full


def _peak_rss_mb(mode: str, path: Path) -> float:
    """Peak resident memory of a fresh interpreter doing one run of `mode` on `path`."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", mode, str(path)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def _measure(mode: str, path: Path) -> None:
    if mode == "full":
        full_validation(path)
    elif mode == "bare":
        bare_parse_and_xsd(path)
    else:  # "imports": the interpreter with zorgpad and the compiled XSD, before any file
        schema_for(message_type("JW323"))
    print(f"{_high_water_mark_kb() / 1024:.1f}")


def _high_water_mark_kb() -> int:
    # ru_maxrss survives execve on Linux, so a child would report its parent's peak; VmHWM belongs to
    # the new address space only.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def _case(name: str, path: Path, repetitions: int) -> dict[str, object]:
    result = validate_path(path)
    if not result.valid:
        codes = ", ".join(sorted({f.rule for f in result.findings}))
        raise SystemExit(
            f"{name}: de gegenereerde declaratie is niet geldig ({len(result.findings)} bevindingen: "
            f"{codes}); de benchmark meet alleen geldige berichten."
        )
    tree = etree.parse(str(path))
    bare, full = _interleaved(path, repetitions)
    imports_mb = _peak_rss_mb("imports", path)
    bare_mb, full_mb = _peak_rss_mb("bare", path), _peak_rss_mb("full", path)
    return {
        "case": name,
        "lines": path.read_bytes().count(b"\n"),
        "bytes": path.stat().st_size,
        "clients": sum(1 for _ in tree.iter(f"{{{message_type('JW323').namespace}}}Client")),
        "prestaties": sum(1 for _ in tree.iter(f"{{{message_type('JW323').namespace}}}Prestatie")),
        "verdict": "geldig",
        "repetitions": repetitions,
        "bare_min_s": min(bare),
        "bare_median_s": statistics.median(bare),
        "full_min_s": min(full),
        "full_median_s": statistics.median(full),
        "ratio_min": min(full) / min(bare),
        "ratio_median": statistics.median(full) / statistics.median(bare),
        "imports_peak_rss_mb": imports_mb,
        "bare_peak_rss_mb": bare_mb,
        "full_peak_rss_mb": full_mb,
        "memory_ratio": full_mb / bare_mb,
    }


def run(repetitions: int) -> dict[str, object]:
    schema_for(message_type("JW323"))  # compile the XSD once, outside the timings
    cases = []
    with tempfile.TemporaryDirectory() as folder:
        for name, target in CASES.items():
            path = Path(folder) / f"{name}.xml"
            path.write_bytes(build_declaration(target))
            full_validation(path)  # warm caches (rule registry, code lists) outside the timings
            reps = repetitions if target < 50_000 else max(5, repetitions // 2)
            cases.append(_case(name, path, reps))
    return {
        "benchmark": "validate",
        "target_ratio": TARGET_RATIO,
        "memory_bound_ratio": MEMORY_BOUND_RATIO,
        "python": platform.python_version(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "cases": cases,
    }


def _report(case: dict[str, Any]) -> list[str]:
    ratio_ok = case["ratio_min"] <= TARGET_RATIO
    memory_ok = case["memory_ratio"] <= MEMORY_BOUND_RATIO
    return [
        f"{case['case']}: {case['lines']} regels, {case['clients']} cliënten, "
        f"{case['prestaties']} prestaties; oordeel: {case['verdict']}",
        f"  kale lxml parse + XSD   min {case['bare_min_s'] * 1000:8.1f} ms   mediaan "
        f"{case['bare_median_s'] * 1000:8.1f} ms",
        f"  zorgpad (alle regels)   min {case['full_min_s'] * 1000:8.1f} ms   mediaan "
        f"{case['full_median_s'] * 1000:8.1f} ms   ({case['repetitions']} keer, afwisselend)",
        f"  factor {case['ratio_min']:.2f}x (snelste runs), {case['ratio_median']:.2f}x (mediaan); "
        f"doel <= {TARGET_RATIO:.0f}x: {'gehaald' if ratio_ok else 'NIET gehaald'}",
        f"  piekgeheugen kaal {case['bare_peak_rss_mb']:.0f} MB, zorgpad {case['full_peak_rss_mb']:.0f} MB "
        f"(interpreter met imports {case['imports_peak_rss_mb']:.0f} MB): {case['memory_ratio']:.2f}x kaal, "
        f"grens {MEMORY_BOUND_RATIO:.1f}x: {'binnen' if memory_ok else 'BOVEN'}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure[0], Path(args.measure[1]))
        return 0
    report = run(args.repetitions)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
    cases: list[dict[str, Any]] = report["cases"]  # type: ignore[assignment]
    for case in cases:
        print("\n".join(_report(case)))
    # The ratio of the fastest runs is the least disturbed by other work on the machine.
    worst = max(case["ratio_min"] for case in cases)
    within = all(c["ratio_min"] <= TARGET_RATIO and c["memory_ratio"] <= MEMORY_BOUND_RATIO for c in cases)
    print(
        f"\nHoogste factor (snelste runs) {worst:.2f}x tegen het doel van {TARGET_RATIO:.0f}x: "
        f"{'gehaald' if within else 'NIET gehaald'}.\nResultaten: {RESULTS}"
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
