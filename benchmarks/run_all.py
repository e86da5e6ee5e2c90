"""Run every benchmark in this folder (each `benchmarks/*.py` except this one); `make bench` calls it.

Each benchmark is a script that measures against a baseline taken in the same run and writes its
results to benchmarks/results/. This runner only starts them one after another and reports which
ones failed; it exits non-zero when any did.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    return sorted(
        p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )


def main() -> int:
    failed = []
    for script in benchmarks():
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], check=False)
        print(
            f"-- {script.name}: klaar in {time.perf_counter() - started:.1f} s (exitcode {done.returncode})\n"
        )
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"Mislukt: {', '.join(failed)}")
        return 1
    print("Alle benchmarks zijn gedraaid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
