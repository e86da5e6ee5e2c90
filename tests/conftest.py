"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "zorgpad" / "ijw" / "examples"


@pytest.fixture
def examples_dir() -> Path:
    """The 14 vendored iJw 3.2 example messages."""
    return EXAMPLES
