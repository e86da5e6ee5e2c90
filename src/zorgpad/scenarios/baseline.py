"""The baseline: the claim lines the municipality granted, as one temporary DuckDB table.

Granted = a line of a valid JW323 whose declaration was not rejected as a whole and which has no
rejecting (afkeur) finding, exactly as the JW325 answers of claim control count them
(`TotaalToegekendBedrag`). Without control verdicts every line of a valid JW323 counts as granted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from zorgpad.errors import UserError

if TYPE_CHECKING:
    from zorgpad.control.verdict import Verdicts

LINES = "zp_scenario_lines"

_SQL = f"""
CREATE OR REPLACE TEMP TABLE {LINES} AS
SELECT *,
    dense_rank() OVER (ORDER BY gemeente, aanbieder, toewijzing_nummer) AS traj_id,
    min(p_begin) OVER (PARTITION BY gemeente, aanbieder, toewijzing_nummer) AS first_day
FROM (SELECT
    row_number() OVER (ORDER BY c.message_id, c.position) AS line_id,
    c.message_id, c.position, c.referentie_nummer, c.gemeente, c.aanbieder, c.client_key, c.toewijzing_nummer,
    c.product_code, c.product_periode_begin AS p_begin, c.product_periode_eind AS p_end,
    CAST(c.geleverd_volume AS DOUBLE) AS vol, c.eenheid, c.product_tarief, c.debet_credit,
    c.signed_bedrag AS base_cents,
    CASE WHEN c.debet_credit = 'C' THEN -1 ELSE 1 END AS sign,
    a.alloc_start
FROM claim_lines c
JOIN messages m ON m.message_id = c.message_id AND m.valid
LEFT JOIN (
    SELECT gemeente, aanbieder, toewijzing_nummer, min(ingangsdatum) AS alloc_start
    FROM allocations GROUP BY ALL
) a ON a.gemeente = c.gemeente AND a.aanbieder = c.aanbieder AND a.toewijzing_nummer = c.toewijzing_nummer
ANTI JOIN zp_scenario_rejected_declarations d ON d.message_id = c.message_id
ANTI JOIN zp_scenario_rejected_lines r ON r.message_id = c.message_id AND r.position = c.position
)
ORDER BY line_id
"""


def _rejections(verdicts: Verdicts | None) -> tuple[pa.Table, pa.Table]:
    lines = list(verdicts.line_codes) if verdicts else []
    declarations = list(verdicts.declaration_codes) if verdicts else []
    return (
        pa.table({"message_id": pa.array([m for m, _ in lines], pa.string()),
                  "position": pa.array([p for _, p in lines], pa.int64())}),
        pa.table({"message_id": pa.array(declarations, pa.string())}),
    )  # fmt: skip


def granted_lines(con: duckdb.DuckDBPyConnection, verdicts: Verdicts | None) -> int:
    """Create the temporary table of granted lines on `con`; returns how many lines it holds."""
    rejected_lines, rejected_declarations = _rejections(verdicts)
    con.register("zp_scenario_rejected_lines", rejected_lines)
    con.register("zp_scenario_rejected_declarations", rejected_declarations)
    try:
        con.execute(_SQL)
    except duckdb.CatalogException as error:
        raise UserError(
            "SCN-DATABASE",
            f"De database mist een tabel met declaraties of toewijzingen ({error}). Lees eerst berichten in "
            "met `zorgpad ingest`.",
        ) from None
    finally:
        con.unregister("zp_scenario_rejected_lines")
        con.unregister("zp_scenario_rejected_declarations")
    _add_complexity(con)
    row = con.execute(f"SELECT count(*) FROM {LINES}").fetchone()
    return int(row[0]) if row else 0


# The complexity the access team recorded for the client (referral record, column `complexiteit`, as
# laag/midden/hoog or its rank 1/2/3): the
# newest referral of the client in the municipality that lists the line's product and is dated on or
# before the line's period end. A product that straddles the knip is bought on that level's side.
_COMPLEXITY = f"""
CREATE OR REPLACE TEMP TABLE {LINES} AS
SELECT l.*, rc.complexity FROM {LINES} l LEFT JOIN (
    SELECT l.line_id, r.complexity FROM {LINES} l JOIN (
        SELECT client_key, gemeente, products, referral_date,
            CASE json_extract_string(extra, '$.complexiteit')
                WHEN '1' THEN 'laag' WHEN '2' THEN 'midden' WHEN '3' THEN 'hoog'
                ELSE json_extract_string(extra, '$.complexiteit') END AS complexity
        FROM referrals
    ) r ON r.client_key = l.client_key AND r.gemeente = l.gemeente
       AND list_contains(r.products, l.product_code) AND r.referral_date <= l.p_end
       AND r.complexity IN ('laag', 'midden', 'hoog')
    QUALIFY row_number() OVER (PARTITION BY l.line_id ORDER BY r.referral_date DESC) = 1
) rc USING (line_id)
ORDER BY line_id
"""


def _add_complexity(con: duckdb.DuckDBPyConnection) -> None:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'referrals'"
    ).fetchone()
    if found and found[0]:
        con.execute(_COMPLEXITY)
    else:
        con.execute(f"ALTER TABLE {LINES} ADD COLUMN complexity VARCHAR")
