"""`zorgpad.store.compare.differences` finds a row that only one store has, and ignores how rows arrived."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zorgpad.store import Store, ingest
from zorgpad.store.compare import differences
from zorgpad.store.database import run


def test_equal_stores_have_no_differences_and_a_missing_row_is_found(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", "compare-tests-pseudonym-key-0123456789")
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    ingest(examples_dir, first)
    copied = tmp_path / "elders"
    shutil.copytree(examples_dir, copied)
    ingest(copied, second)  # other paths, same content
    assert differences(first, second) == []
    with Store.open(second) as store:
        run(store.connection, "DELETE FROM allocations WHERE position = 0")
    found = differences(first, second)
    assert len(found) == 1 and found[0].startswith("allocations: 1 rijen alleen in a.duckdb")
