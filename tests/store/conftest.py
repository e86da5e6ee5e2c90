"""Fixtures for the store tests: a fixed pseudonym key and folders of messages."""

from __future__ import annotations

import pytest

TEST_KEY = "store-tests-pseudonym-key-0123456789"


@pytest.fixture(autouse=True)
def _pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", TEST_KEY)
