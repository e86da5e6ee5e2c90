"""docs/store.md documents every table and every column declared in zorgpad.store.schema."""

from __future__ import annotations

import re
from pathlib import Path

from zorgpad.store import TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "store.md"


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### `([a-z_]+)`$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_table_and_column_is_documented() -> None:
    sections = _sections(DOC.read_text(encoding="utf-8"))
    assert set(sections) == set(TABLES)
    for name, spec in TABLES.items():
        documented = re.findall(r"^\| `([a-z_]+)` \| ([a-z0-9<>]+) \|", sections[name], flags=re.MULTILINE)
        assert documented == [(c.name, c.dtype) for c in spec.columns], name
