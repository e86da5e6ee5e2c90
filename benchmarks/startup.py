"""Benchmark: CPU time of starting the command line, beside the cost of `python -c "import lxml.etree"`.

Run: `.venv/bin/python benchmarks/startup.py` (or `make bench`). In one run, alternating, it starts
three processes ten times each and takes the CPU time (user + sys) of each from the kernel:

- the baseline: `python -c "import lxml.etree"` (an interpreter and the one library validation needs);
- `zorgpad --help` (target: median <= 0.35 s);
- `zorgpad validate FILE` on the ~6,400-line JW323 that `benchmarks/validate.py` builds (target: median
  <= 0.5 s).

It reports the medians and their ratio to the baseline, writes benchmarks/results/startup.json and
exits 1 when a target is missed. CPU time, not wall time, so other work on a shared machine weighs less.
zorgpad's own modules are byte-compiled first, as a user's first run does (an environment with
PYTHONDONTWRITEBYTECODE would otherwise compile them from source on every start).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src" / "zorgpad"
RESULTS = HERE / "results" / "startup.json"
ZORGPAD = Path(sys.executable).with_name("zorgpad")
TARGETS_S = {"zorgpad --help": 0.35, "zorgpad validate": 0.5}
LINES = 6_400


def _validate_benchmark() -> ModuleType:
    """benchmarks/validate.py, for its JW323 builder (one builder for both benchmarks)."""
    spec = importlib.util.spec_from_file_location("validate_benchmark", HERE / "validate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds(command: list[str]) -> float:
    """User + system CPU time of one child process running `command` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise SystemExit(f"{' '.join(command)} eindigde met code {done.returncode}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(repetitions: int) -> dict[str, object]:
    compileall.compile_dir(SOURCE, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        message = Path(folder) / "jw323-6400.xml"
        message.write_bytes(_validate_benchmark().build_declaration(LINES))
        commands = {
            "python -c 'import lxml.etree'": [sys.executable, "-c", "import lxml.etree"],
            "zorgpad --help": [str(ZORGPAD), "--help"],
            "zorgpad validate": [str(ZORGPAD), "validate", str(message)],
        }
        for command in commands.values():  # warm the file cache and the bytecode outside the timings
            cpu_seconds(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repetitions):
            for name, command in commands.items():
                times[name].append(cpu_seconds(command))
        lines = message.read_bytes().count(b"\n")
    baseline = statistics.median(times["python -c 'import lxml.etree'"])
    rows = []
    for name, measured in times.items():
        median = statistics.median(measured)
        target = TARGETS_S.get(name)
        rows.append(
            {
                "command": name,
                "median_cpu_s": round(median, 4),
                "min_cpu_s": round(min(measured), 4),
                "ratio_to_baseline": round(median / baseline, 2) if baseline else None,
                "target_s": target,
                "met": None if target is None else median <= target,
            }
        )
    return {
        "benchmark": "startup",
        "repetitions": repetitions,
        "message_lines": lines,
        "python": platform.python_version(),
        "rows": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repetitions", type=int, default=10)
    args = parser.parse_args()
    report = run(args.repetitions)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
    rows: list[dict[str, object]] = report["rows"]  # type: ignore[assignment]
    print(f"CPU-tijd (user+sys), mediaan van {args.repetitions} starts, afwisselend in één run:")
    for row in rows:
        target = row["target_s"]
        met = "gehaald" if row["met"] else "NIET gehaald"
        verdict = "" if target is None else f"   doel <= {target} s: {met}"
        print(
            f"  {row['command']:<32} {row['median_cpu_s']:.3f} s  (min {row['min_cpu_s']:.3f} s, "
            f"{row['ratio_to_baseline']}x de basis){verdict}"
        )
    print(f"Bericht: JW323 van {report['message_lines']} regels. Resultaten: {RESULTS}")
    return 0 if all(row["met"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
