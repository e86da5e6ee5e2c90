"""What the `check` and `explain` commands share: open the store read-only and load the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zorgpad.control.policy import PolicyTables, policy_from_catalog
from zorgpad.store.database import Store
from zorgpad.store.schema import TABLES


def open_inputs(db: Path) -> tuple[Store, dict[str, Any]]:
    store = Store.open(db, read_only=True)
    present = set(store.backend.list_tables())
    return store, {name: store.table(name) for name in TABLES if name in present}


def load_policy(address: str | None) -> PolicyTables | None:
    if address is None:
        return None
    from zorgpad.catalog.bundled import load_catalog

    return policy_from_catalog(load_catalog(address))
