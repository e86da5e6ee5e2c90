"""zorgpad.store: iJw messages, delivery records and referrals as tables behind Ibis (DuckDB by default).

Write with `ingest(directory, db_path)`; read with `Store.open(db_path)` and `store.table(name)`.
Every table and column is declared in `zorgpad.store.schema` and documented in docs/store.md.
"""

from zorgpad.store.database import Store
from zorgpad.store.ingest import IngestOptions, IngestReport, ingest
from zorgpad.store.schema import ANALYTIC_TABLES, TABLES, TableSpec

__all__ = ["ANALYTIC_TABLES", "TABLES", "IngestOptions", "IngestReport", "Store", "TableSpec", "ingest"]
