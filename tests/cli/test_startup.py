"""Commands import only what they use: `zorgpad --help` and `zorgpad validate FILE` start light.

Each runs in a fresh interpreter (imports of this test process do not count) that reports, on exit,
which of the heavy libraries were imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "ijw" / "examples"
HEAVY = ("ibis", "duckdb", "pandas", "matplotlib", "pyarrow", "weasyprint", "fastapi", "uvicorn", "polars")

PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES=" + json.dumps(sorted(sys.modules)) + "\\n"))
from zorgpad.app.cli import main
sys.argv = ["zorgpad", *sys.argv[1:]]
main()
"""


def imported(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120, check=False
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES="))
    return done.returncode, {name.split(".")[0] for name in json.loads(line.removeprefix("MODULES="))}


@pytest.mark.parametrize(
    "args",
    [("--help",), ("validate", str(EXAMPLES / "JW323.xml")), ("catalog", "--help"), ("chekc",)],
    ids=lambda args: " ".join(args[:1]),
)
def test_starting_a_light_command_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    code, modules = imported(*args)
    assert code in (0, 1, 2)  # validate exits 1 for an invalid message, 2 for a usage error
    assert modules & set(HEAVY) == set()


def test_the_probe_sees_heavy_imports_when_a_command_needs_them() -> None:
    # `check --help` builds the check command, whose module imports the control engine (Ibis).
    code, modules = imported("check", "--help")
    assert code == 0
    assert "ibis" in modules
