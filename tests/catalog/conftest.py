"""Fixtures for the catalogue tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_samples import VALID, Writer


@pytest.fixture
def write_catalog(tmp_path: Path) -> Writer:
    """Write VALID with (old, new) text replacements applied; each `old` must occur."""

    def write(*replacements: tuple[str, str], name: str = "catalogus.yaml") -> Path:
        text = VALID
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
