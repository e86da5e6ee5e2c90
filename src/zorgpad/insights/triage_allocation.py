"""Triage against allocation: was what the access team advised also requested and allocated?

The advice is the one stored with the referral (`zorgpad triage --vastleggen`: the referral record's
`advies_producten`), else the products of the catalogue's triage outcomes for the care-need domain and
complexity the access team recorded ("afgeleid"). Requested is the product the referral names; allocated
the JW301 product of the referral's allocation (its ToewijzingNummer, else the client's first allocation
in the municipality starting on or after the referral date). A product that is not advised is heavier
(opgeschaald), lighter (afgeschaald) or of the same complexity (anders) than the recorded need.
"""

from __future__ import annotations

import uuid

import pyarrow as pa

from zorgpad.insights._common import require_catalog
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

_COLUMNS = pa.schema(
    [("gemeente", pa.string()), ("aanbieder", pa.string()), ("verwijzingen", pa.int64()),
     ("advies_vastgelegd", pa.int64()), ("aangevraagd_conform", pa.int64()),
     ("aangevraagd_opgeschaald", pa.int64()), ("aangevraagd_afgeschaald", pa.int64()),
     ("aangevraagd_anders", pa.int64()),
     ("toegewezen_conform", pa.int64()), ("toegewezen_opgeschaald", pa.int64()),
     ("toegewezen_afgeschaald", pa.int64()), ("toegewezen_anders", pa.int64()),
     ("zonder_toewijzing", pa.int64()), ("aandeel_toegewezen_conform", pa.float64())]
)  # fmt: skip

_RANK = "CASE {0} WHEN 'laag' THEN 1 WHEN 'midden' THEN 2 WHEN 'hoog' THEN 3 END"


def _verdict(product: str, complexity: str) -> str:
    return f"""CASE WHEN {product} IS NULL THEN 'geen'
        WHEN list_contains(advised, {product}) THEN 'conform'
        WHEN {_RANK.format(complexity)} > {_RANK.format("cx")} THEN 'opgeschaald'
        WHEN {_RANK.format(complexity)} < {_RANK.format("cx")} THEN 'afgeschaald'
        ELSE 'anders' END"""


def _sql(tag: str, where: str, outer: str) -> str:
    cx = "json_extract_string(r.extra, '$.complexiteit')"
    return f"""
WITH ref AS (
    SELECT row_number() OVER (ORDER BY r.file_id, r.row_number) AS rid, r.client_key, r.gemeente,
        r.referral_date, r.aanbieder, r.toewijzing_nummer, r.products[1] AS requested,
        CASE {cx} WHEN '1' THEN 'laag' WHEN '2' THEN 'midden' WHEN '3' THEN 'hoog' ELSE {cx} END AS cx,
        json_extract_string(r.extra, '$.zorgbehoefte_domein') AS domain,
        nullif(json_extract_string(r.extra, '$.advies_producten'), '') AS stored
    FROM referrals r WHERE r.referral_date IS NOT NULL {where}
),
derived AS (SELECT domain, complexity, list(DISTINCT product) AS products FROM {tag}_outcomes GROUP BY ALL),
adv AS (
    SELECT ref.*, coalesce(string_split(stored, '+'), d.products, []) AS advised,
        stored IS NOT NULL AS recorded
    FROM ref LEFT JOIN derived d ON d.domain = ref.domain AND d.complexity = ref.cx
),
alloc AS (
    SELECT r.rid, a.product_code AS allocated, a.aanbieder AS alloc_aanbieder FROM ref r
    JOIN allocations a ON a.gemeente = r.gemeente AND a.client_key = r.client_key AND (
        CASE WHEN r.toewijzing_nummer IS NOT NULL
             THEN a.toewijzing_nummer = r.toewijzing_nummer
                  AND coalesce(r.aanbieder, a.aanbieder) = a.aanbieder
             ELSE a.ingangsdatum >= r.referral_date END)
    QUALIFY row_number() OVER (
        PARTITION BY r.rid ORDER BY a.ingangsdatum, a.toewijzing_nummer, a.dagtekening) = 1
),
judged AS (
    SELECT adv.gemeente, coalesce(alloc.alloc_aanbieder, adv.aanbieder, '') AS aanbieder, adv.recorded,
        alloc.allocated,
        {_verdict("adv.requested", "pr.complexity")} AS requested_verdict,
        {_verdict("alloc.allocated", "pa.complexity")} AS allocated_verdict
    FROM adv LEFT JOIN alloc USING (rid)
    LEFT JOIN {tag}_products pr ON pr.code = adv.requested
    LEFT JOIN {tag}_products pa ON pa.code = alloc.allocated
)
SELECT gemeente, aanbieder, count(*) AS verwijzingen, count(*) FILTER (recorded) AS advies_vastgelegd,
    count(*) FILTER (requested_verdict = 'conform') AS aangevraagd_conform,
    count(*) FILTER (requested_verdict = 'opgeschaald') AS aangevraagd_opgeschaald,
    count(*) FILTER (requested_verdict = 'afgeschaald') AS aangevraagd_afgeschaald,
    count(*) FILTER (requested_verdict = 'anders') AS aangevraagd_anders,
    count(*) FILTER (allocated_verdict = 'conform') AS toegewezen_conform,
    count(*) FILTER (allocated_verdict = 'opgeschaald') AS toegewezen_opgeschaald,
    count(*) FILTER (allocated_verdict = 'afgeschaald') AS toegewezen_afgeschaald,
    count(*) FILTER (allocated_verdict = 'anders') AS toegewezen_anders,
    count(*) FILTER (allocated_verdict = 'geen') AS zonder_toewijzing,
    round(100.0 * count(*) FILTER (allocated_verdict = 'conform')
          / nullif(count(*) FILTER (allocated_verdict <> 'geen'), 0), 1) AS aandeel_toegewezen_conform
FROM judged WHERE TRUE {outer}
GROUP BY ALL ORDER BY gemeente, aanbieder
"""


@indicator(
    "advies-tegen-toewijzing",
    name_nl="Triage-advies tegenover aanvraag en toewijzing",
    definition_nl=(
        "Per gemeente en aanbieder: verwijzingen, hoeveel daarvan een vastgelegd triage-advies hebben, en of "
        "het aangevraagde product (het product van de verwijzing) en het toegewezen product (JW301 van de "
        "toewijzing bij de verwijzing) passen bij het advies: conform (een geadviseerd product), "
        "opgeschaald (zwaarder dan de vastgelegde complexiteit), afgeschaald (lichter) of anders (even "
        "zwaar, ander product). Zonder vastgelegd advies gelden de producten van de uitkomsten van de "
        "triageboom voor het vastgelegde domein en de complexiteit."
    ),
    unit="aantal",
    knelpunt="seed002:op-afschalen",
    dimensions=("gemeente", "aanbieder"),
    chart=Chart(
        "stacked_bar",
        x="gemeente",
        y=("toegewezen_conform", "toegewezen_opgeschaald", "toegewezen_afgeschaald", "toegewezen_anders"),
    ),
    units={
        "verwijzingen": "aantal",
        "advies_vastgelegd": "aantal",
        "aangevraagd_conform": "aantal",
        "aangevraagd_opgeschaald": "aantal",
        "aangevraagd_afgeschaald": "aantal",
        "aangevraagd_anders": "aantal",
        "zonder_toewijzing": "aantal",
        "aandeel_toegewezen_conform": "procent",
    },
    needs_catalog=True,
)
def advice_against_allocation(ctx: InsightContext, filters: Filters) -> pa.Table:
    catalog = require_catalog(ctx)
    tag = f"zp_{uuid.uuid4().hex[:8]}"
    products = pa.table({"code": [p.code for p in catalog.products],
                         "complexity": [p.complexity for p in catalog.products]})  # fmt: skip
    outcomes = catalog.triage.outcomes if catalog.triage else ()
    rows = [(o.domain, o.complexity, code) for o in outcomes for code in o.products]
    outcome_table = pa.table({"domain": pa.array([r[0] for r in rows], pa.string()),
                              "complexity": pa.array([r[1] for r in rows], pa.string()),
                              "product": pa.array([r[2] for r in rows], pa.string())})  # fmt: skip
    where: list[str] = []
    outer: list[str] = []
    params: list[object] = []
    if filters.gemeente:
        where.append("AND r.gemeente = ?")
        params.append(filters.gemeente)
    if filters.period_from:
        where.append("AND r.referral_date >= ?")
        params.append(filters.period_from)
    if filters.period_to:
        where.append("AND r.referral_date <= ?")
        params.append(filters.period_to)
    if filters.aanbieder:
        outer.append("AND aanbieder = ?")
        params.append(filters.aanbieder)
    if filters.product:
        outer.append("AND allocated = ?")
        params.append(filters.product)
    con = ctx.store.connection
    con.register(f"{tag}_products", products)
    con.register(f"{tag}_outcomes", outcome_table)
    try:
        found = con.execute(_sql(tag, " ".join(where), " ".join(outer)), params).fetch_arrow_table()
    finally:
        con.unregister(f"{tag}_products")
        con.unregister(f"{tag}_outcomes")
    return found.cast(_COLUMNS)
