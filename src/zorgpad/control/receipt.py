"""A receipt for a decision: engine version, catalogue version and content hashes of every input, so
the same verdict can be reproduced when a provider objects (regelrecht)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from zorgpad import __version__
from zorgpad.control.policy import PolicyTables

# Tables whose content decides a verdict.
INPUT_TABLES = (
    "messages",
    "allocations",
    "declarations",
    "claim_lines",
    "claim_answers",
    "sessions",
    "referrals",
)


@dataclass(frozen=True)
class Receipt:
    zorgpad_version: str
    catalog: str | None
    catalog_version: str | None
    catalog_hash: str | None
    table_hashes: dict[str, str]

    def lines_nl(self) -> list[str]:
        lines = [f"zorgpad-versie: {self.zorgpad_version}"]
        if self.catalog:
            lines.append(
                f"catalogus: {self.catalog} (versie {self.catalog_version}, inhoud {self.catalog_hash})"
            )
        else:
            lines.append("catalogus: geen (alleen de iJw-regels)")
        lines.extend(f"tabel {name}: {digest}" for name, digest in self.table_hashes.items())
        return lines


def table_hash(table: Any) -> str:
    """SHA-256 over the table's rows in a fixed order (independent of how they were stored)."""
    ordered = table.order_by(list(table.columns)).to_pyarrow()
    digest = hashlib.sha256()
    for batch in ordered.to_batches(max_chunksize=65536):
        for column in batch.columns:
            digest.update(str(column.to_pylist()).encode())
    return f"{digest.hexdigest()[:16]} ({ordered.num_rows} rijen)"


def receipt(tables: dict[str, Any], policy: PolicyTables | None) -> Receipt:
    hashes = {name: table_hash(tables[name]) for name in INPUT_TABLES if name in tables}
    return Receipt(
        __version__,
        policy.name if policy else None,
        policy.version if policy else None,
        policy.content_hash[:16] if policy else None,
        hashes,
    )
