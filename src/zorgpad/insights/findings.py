"""Where the control findings come from, and how they are kept beside the store for insight.

`zorgpad check` stores every run's findings in the store (`control_findings`, see
`zorgpad.control.runs`) and writes them to `DIR/findings.parquet`. Insight reads, in this order: the
findings given to the `InsightContext`; the findings of the context's run (the latest run when it names
none); a table `findings` in the store (written by `store_findings` in older stores); otherwise there
are none and the rejection indicators are empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from zorgpad.errors import UserError, os_reason_nl
from zorgpad.store.database import Store, run
from zorgpad.store.runs import chosen_run_id, latest_run_id

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.insights.registry import InsightContext

TABLE = "findings"
RUN_TABLE = "control_findings"
# The columns insight reads from a findings table (a subset of control's FINDING_COLUMNS).
COLUMNS = (
    "rule", "retourcode", "severity", "object", "message_id", "position", "aanbieder", "gemeente", "bedrag",
)  # fmt: skip
_SCHEMA = pa.schema(
    [
        ("rule", pa.string()),
        ("retourcode", pa.string()),
        ("severity", pa.string()),
        ("object", pa.string()),
        ("message_id", pa.string()),
        ("position", pa.int64()),
        ("aanbieder", pa.string()),
        ("gemeente", pa.string()),
        ("bedrag", pa.int64()),
    ]
)


def _has_table(store: Store, name: str) -> bool:
    rows = run(
        store.connection,
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = ?",
        [name],
    )
    return bool(rows[0][0])


def _narrow(findings: pa.Table) -> pa.Table:
    missing = [c for c in COLUMNS if c not in findings.column_names]
    if missing:
        raise UserError(
            "BEVINDINGEN-KOLOMMEN",
            f"Het bevindingenbestand mist de kolommen {', '.join(missing)}; "
            "gebruik de uitvoer van zorgpad check.",
        )
    return findings.select(list(COLUMNS)).cast(_SCHEMA)


def findings_table(ctx: InsightContext) -> ir.Table | None:
    """The findings as an Ibis table, or None when no control run is available."""
    if ctx.findings is not None:
        return ibis.memtable(_narrow(ctx.findings))
    run_id = chosen_run_id(ctx.store.connection, ctx.run)
    if run_id is not None:
        stored = ctx.store.backend.table(RUN_TABLE)
        return stored.filter(stored.run_id == run_id).select(list(COLUMNS))
    if _has_table(ctx.store, TABLE):
        return ctx.store.backend.table(TABLE).select(list(COLUMNS))
    return None


def has_findings(ctx: InsightContext) -> bool:
    return (
        ctx.findings is not None
        or latest_run_id(ctx.store.connection) is not None
        or _has_table(ctx.store, TABLE)
    )


def read_findings(path: Path) -> pa.Table:
    """A `findings.parquet` written by `zorgpad check`, with a Dutch error when it cannot be read."""
    try:
        return _narrow(pq.read_table(path))
    except (OSError, pa.ArrowInvalid) as error:
        why = "geen Parquet-bestand" if isinstance(error, pa.ArrowInvalid) else os_reason_nl(error)
        raise UserError(
            "BEVINDINGEN-ONLEESBAAR",
            f"Het bevindingenbestand kan niet worden gelezen ({why}). Geef de findings.parquet van "
            "`zorgpad check --out MAP` mee.",
            str(path),
        ) from None


def store_findings(store: Store, findings: pa.Table) -> None:
    """Replace the store's `findings` table with these findings (one transaction)."""
    narrowed = _narrow(findings)
    con = store.connection
    con.begin()
    try:
        run(con, f"DROP TABLE IF EXISTS {TABLE}")
        con.register("_zorgpad_findings", narrowed)
        run(con, f"CREATE TABLE {TABLE} AS SELECT * FROM _zorgpad_findings")
        con.unregister("_zorgpad_findings")
        con.commit()
    except BaseException:
        con.rollback()
        raise
