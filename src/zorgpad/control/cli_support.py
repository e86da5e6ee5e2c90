"""What the `check` and `explain` commands share: open the store read-only and load the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zorgpad.control.policy import PolicyTables, policy_from_catalogs
from zorgpad.store.database import Store


def open_inputs(db: Path) -> tuple[Store, dict[str, Any]]:
    store = Store.open(db, read_only=True)
    return store, store.present_tables()


def load_policy(address: str | None) -> PolicyTables | None:
    """The policy for `--catalog`: a bundled name means every version of the region, each judging the
    lines dated in its period; `name@version` or a file pins one."""
    if address is None:
        return None
    from zorgpad.catalog.bundled import load_versions

    return policy_from_catalogs(load_versions(address))
