"""Helpers to read a store's tables in a form that compares as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zorgpad.store import TABLES, Store

# Bookkeeping that differs between runs by design (which batch stored a row, and when).
RUN_COLUMNS = {"ingest_batch"}
RUN_TABLES = {"ingest_batches"}


def rows(db: Path, name: str) -> list[dict[str, Any]]:
    with Store.open(db, read_only=True) as store:
        records: list[dict[str, Any]] = store.table(name).to_pyarrow().to_pylist()
    return records


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table except run bookkeeping, as sorted tuples without run columns."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    with Store.open(db, read_only=True) as store:
        for name, spec in TABLES.items():
            if name in RUN_TABLES:
                continue
            columns = [c for c in spec.column_names if c not in RUN_COLUMNS]
            data = store.table(name).select(columns).to_pyarrow().to_pylist()
            result[name] = sorted(tuple(repr(r[c]) for c in columns) for r in data)
    return result
