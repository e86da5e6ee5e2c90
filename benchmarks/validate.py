"""Benchmark: full zorgpad validation of a JW323 against bare lxml parse + XSD validation.

Run: `.venv/bin/python benchmarks/validate.py` (or `make bench`). It writes two valid declarations of
about 6,400 and 100,000 lines (built with lxml from the structure of the vendored JW323 example),
times `validate_path` (read, XSD, every level-2 rule) and a bare parse + XSD validation of the same
file in the same run, and reports min/median, their ratio (target <= 3x) and the peak memory of each
in a fresh subprocess. Results go to benchmarks/results/validate.json.
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

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, message_type
from zorgpad.ijw.schemas import schema_for
from zorgpad.ijw.validate import validate_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "zorgpad" / "ijw" / "examples" / "JW323.xml"
RESULTS = ROOT / "benchmarks" / "results" / "validate.json"
TARGET_RATIO = 3.0
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


def _time(action: Callable[[Path], bool], path: Path, repetitions: int) -> list[float]:
    timings = []
    for _ in range(repetitions):
        started = time.perf_counter()
        action(path)
        timings.append(time.perf_counter() - started)
    return timings


def _peak_rss_mb(mode: str, path: Path) -> float:
    """Peak resident memory of a fresh interpreter doing one run of `mode` on `path`."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", mode, str(path)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def _measure(mode: str, path: Path) -> None:
    (full_validation if mode == "full" else bare_parse_and_xsd)(path)
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


def run(repetitions: int) -> dict[str, object]:
    schema_for(message_type("JW323"))  # compile the XSD once, outside the timings
    cases = []
    with tempfile.TemporaryDirectory() as folder:
        for name, target in CASES.items():
            path = Path(folder) / f"{name}.xml"
            path.write_bytes(build_declaration(target))
            findings = validate_path(path).findings
            if findings:
                raise SystemExit(f"{name}: de gegenereerde declaratie is niet geldig: {findings[:3]}")
            reps = repetitions if target < 50_000 else max(3, repetitions // 2)
            bare = _time(bare_parse_and_xsd, path, reps)
            full = _time(full_validation, path, reps)
            cases.append(
                {
                    "case": name,
                    "lines": path.read_bytes().count(b"\n"),
                    "bytes": path.stat().st_size,
                    "repetitions": reps,
                    "bare_min_s": min(bare),
                    "bare_median_s": statistics.median(bare),
                    "full_min_s": min(full),
                    "full_median_s": statistics.median(full),
                    "ratio_median": statistics.median(full) / statistics.median(bare),
                    "ratio_min": min(full) / min(bare),
                    "bare_peak_rss_mb": _peak_rss_mb("bare", path),
                    "full_peak_rss_mb": _peak_rss_mb("full", path),
                }
            )
    return {
        "benchmark": "validate",
        "target_ratio": TARGET_RATIO,
        "python": platform.python_version(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "cases": cases,
    }


def _table(report: dict[str, object]) -> str:
    rows = [
        f"{'geval':<14}{'regels':>9}{'kale parse+XSD (min/med)':>27}{'zorgpad (min/med)':>21}"
        f"{'factor min/med':>16}{'piek RSS kaal/zorgpad':>24}"
    ]
    cases = report["cases"]
    assert isinstance(cases, list)
    for c in cases:
        rows.append(
            f"{c['case']:<14}{c['lines']:>9}"
            f"{c['bare_min_s'] * 1000:>13.1f} / {c['bare_median_s'] * 1000:>7.1f} ms"
            f"{c['full_min_s'] * 1000:>9.1f} / {c['full_median_s'] * 1000:>7.1f} ms"
            f"{c['ratio_min']:>8.2f}x / {c['ratio_median']:.2f}x"
            f"{c['bare_peak_rss_mb']:>11.0f} / {c['full_peak_rss_mb']:.0f} MB"
        )
    return "\n".join(rows)


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
    print(_table(report))
    cases = report["cases"]
    assert isinstance(cases, list)
    # The ratio of the fastest runs is the least disturbed by other work on the machine.
    worst = max(c["ratio_min"] for c in cases)
    verdict = "binnen" if worst <= TARGET_RATIO else "BOVEN"
    print(
        f"\nHoogste factor (snelste runs) {worst:.2f}x: {verdict} het doel van {TARGET_RATIO:.0f}x.\n"
        f"Resultaten: {RESULTS}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
