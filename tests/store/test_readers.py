"""Readers get Ibis expressions that run on the locked versions without warnings (warnings are errors)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from store.store_data import copy_examples
from zorgpad.store import TABLES, Store, ingest


def test_every_table_reads_as_pandas_arrow_and_batches(tmp_path: Path) -> None:
    copy_examples(tmp_path / "in", fixed=True)
    db = tmp_path / "store.duckdb"
    ingest(tmp_path / "in", db)
    with Store.open(db, read_only=True) as store:
        assert set(store.backend.list_tables()) == set(TABLES)
        for name, spec in TABLES.items():
            table = store.table(name)
            frame = table.execute()
            arrow = table.to_pyarrow()
            batches = list(table.to_pyarrow_batches())
            assert list(frame.columns) == list(spec.column_names), name
            assert arrow.schema.names == list(spec.column_names), name
            assert sum(batch.num_rows for batch in batches) == arrow.num_rows == len(frame), name
        lines = store.table("claim_lines").to_pyarrow()
        assert lines.num_rows == 5 and lines.schema.field("product_periode_begin").type == pa.date32()
