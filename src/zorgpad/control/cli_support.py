"""What the `check` and `explain` commands share: open the store read-only and load the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zorgpad.control.context import quiet_ibis
from zorgpad.control.policy import PolicyTables, policy_from_catalog
from zorgpad.store.database import Store
from zorgpad.store.schema import TABLES


def open_inputs(db: Path) -> tuple[Store, dict[str, Any]]:
    store = Store.open(db, read_only=True)
    # Read the catalogue directly: Ibis's list_tables does not work with the pinned DuckDB.
    present = {
        row[0]
        for row in store.connection.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    with quiet_ibis():
        return store, {name: store.table(name) for name in TABLES if name in present}


def load_policy(address: str | None) -> PolicyTables | None:
    if address is None:
        return None
    from zorgpad.catalog.bundled import load_catalog

    return policy_from_catalog(load_catalog(address))
