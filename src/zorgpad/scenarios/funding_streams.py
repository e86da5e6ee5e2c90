"""Funding streams in the replay: the part of a claim the Jeugdwet pays when another stream pays the rest.

A product with funding-stream shares (`funding_shares`, e.g. an education-care arrangement paid 60% from
the Jeugdwet and 40% from education) costs the municipality only its Jeugdwet share. After the replay a
line whose Jeugdwet share on the first day of its month differs between baseline and scenario is paid
`scenario x new share / old share` (a product without shares: 100%), rounded half up to the cent.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from zorgpad.catalog.model import CatalogFile

_OPEN = dt.date(9999, 12, 31)
_SCHEMA = pa.schema([("product", pa.string()), ("van", pa.date32()), ("tot", pa.date32()),
                     ("oud", pa.int64()), ("nieuw", pa.int64())])  # fmt: skip


def _shares(catalog: CatalogFile) -> list[tuple[str, dt.date, dt.date, int]]:
    return [
        (code, s.valid_from, s.valid_to or _OPEN, s.shares.get("jeugdwet", 0))
        for s in catalog.funding_shares
        for code in s.products
    ]


def _changes(before: CatalogFile, after: CatalogFile) -> list[dict[str, object]]:
    """Per product and period where the Jeugdwet share differs: the old and the new share in percent."""
    old, new = _shares(before), _shares(after)
    rows: list[dict[str, object]] = []
    for code, start, end, percent in new:
        was = next((p for c, s, e, p in old if c == code and s <= start <= e), 100)
        if percent != was:
            rows.append({"product": code, "van": start, "tot": end, "oud": was, "nieuw": percent})
    return rows


_SQL = """
SELECT r.* REPLACE (
    CASE WHEN f.product IS NULL OR f.oud = 0 THEN scenario_cents
         ELSE CAST(round(scenario_cents * f.nieuw / f.oud) AS BIGINT) END AS scenario_cents,
    CASE WHEN f.product IS NULL OR f.oud = 0 THEN difference_cents
         ELSE CAST(round(scenario_cents * f.nieuw / f.oud) AS BIGINT) - baseline_cents
    END AS difference_cents,
    CASE WHEN f.product IS NULL OR f.oud = 0 THEN reason
         ELSE CASE WHEN reason = 'ongewijzigd' THEN '' ELSE reason || '; ' END
              || 'Jeugdwet betaalt ' || f.nieuw || '% i.p.v. ' || f.oud || '% (financieringsstromen)' END
        AS reason
)
FROM r LEFT JOIN f ON f.product = r.product_code AND length(r.month) = 7
    AND CAST(r.month || '-01' AS DATE) BETWEEN f.van AND f.tot
ORDER BY r.message_id, r.position
"""


def with_funding_streams(lines: pa.Table, before: CatalogFile, after: CatalogFile) -> pa.Table:
    changes = _changes(before, after)
    if not changes:
        return lines
    con = duckdb.connect()
    con.register("r", lines)
    con.register("f", pa.Table.from_pylist(changes, schema=_SCHEMA))
    found = con.execute(_SQL).fetch_arrow_table().cast(lines.schema)
    con.close()
    return found
