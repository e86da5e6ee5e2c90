"""Load the YAML scenarios in tests/access_scenarios (data a contract manager can read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SCENARIOS = Path(__file__).resolve().parents[1] / "access_scenarios"


def load(prefix: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(id, file settings, case) for every case in the files whose name starts with `prefix`."""
    found = []
    for path in sorted(SCENARIOS.glob(f"{prefix}*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        settings = {k: v for k, v in data.items() if k != "cases"}
        for case in data["cases"]:
            found.append((f"{path.stem}: {case['name']}", settings, case))
    return found
