"""docs/scenarios.md documents every built-in reform and each of its parameters."""

from __future__ import annotations

import re
from pathlib import Path

from zorgpad.scenarios.reform import reforms

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z_]+)`", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_builtin_reform_and_parameter_is_documented() -> None:
    sections = _sections()
    for name, reform in reforms().items():
        if reform.origin != "ingebouwd":
            continue
        assert name in sections, f"{name} ontbreekt in docs/scenarios.md"
        for param in reform.parameters:
            assert f"`{param.name}`" in sections[name], f"{name}.{param.name} ontbreekt in docs/scenarios.md"
