"""Fixtures for the access tests: a fixed pseudonym key (as at ingest) for every test."""

from __future__ import annotations

import pytest

TEST_KEY = "access-tests-pseudonym-key-0123456789"


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", TEST_KEY)
