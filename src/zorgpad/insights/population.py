"""Figures per 1,000 young people: municipality against region, each year in the data against the one before.

Young people 0-17 per municipality come from a bundled, dated table (`data/jeugdigen.csv`, its source
in its header: an estimate from CBS inhabitants 2024 and the national share of 0-17 year olds, to be
replaced by CBS StatLine 03759ned). A municipality missing from the table has no rate. The region's rate
is the region's clients over the region's young people (the municipalities in the data with a figure),
so a municipality is set against the region, as waarstaatjegemeente.nl does.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import cache
from importlib import resources

import pyarrow as pa

from zorgpad.insights._common import claims, execute
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

KNELPUNT = "seed000:4"


@cache
def young_people() -> dict[str, int]:
    """CBS code -> young people 0-17 (bundled table, peiljaar in the file)."""
    text = (resources.files("zorgpad.insights") / "data" / "jeugdigen.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["cbs_code"]: int(row["jeugdigen_0_17"]) for row in rows}


def _per_year(ctx: InsightContext, filters: Filters) -> dict[tuple[str, int], tuple[int, int]]:
    lines = claims(ctx, filters)
    lines = lines.mutate(jaar=lines.product_periode_begin.year())
    grouped = lines.group_by(["gemeente", "jaar"]).aggregate(
        clienten=lines.client_key.nunique(), bedrag=lines.signed_bedrag.sum()
    )
    return {
        (row["gemeente"], int(row["jaar"])): (int(row["clienten"]), int(row["bedrag"] or 0))
        for row in execute(grouped).to_pylist()
    }


def _rate(part: float, whole: int) -> float | None:
    return round(part * 1000 / whole, 1) if whole else None


@indicator(
    "clienten-per-1000-jeugdigen",
    name_nl="Cliënten per 1.000 jeugdigen, gemeente tegen regio en vorig jaar",
    definition_nl=(
        "Per gemeente en jaar: cliënten met gedeclareerde jeugdhulp (JW323) per 1.000 jeugdigen van 0 tot en "
        "met 17 jaar, het gedeclareerde bedrag per jeugdige, hetzelfde voor de hele regio, en het aantal "
        "cliënten per 1.000 jeugdigen in het jaar ervoor (als de gegevens dat jaar bevatten). Jeugdigen: "
        "gebundelde tabel met peiljaar 2024 (schatting uit CBS-inwonertallen en het landelijke aandeel "
        "0-17 jaar; zie de bron in het bestand)."
    ),
    unit="aantal",
    knelpunt=KNELPUNT,
    dimensions=("gemeente", "jaar"),
    chart=Chart("bar", x="gemeente", y=("clienten_per_1000", "regio_clienten_per_1000")),
    units={
        "jeugdigen": "aantal",
        "clienten": "aantal",
        "bedrag_per_jeugdige": "eurocent",
        "regio_bedrag_per_jeugdige": "eurocent",
        "vorig_jaar_clienten_per_1000": "aantal",
    },
)
def per_thousand(ctx: InsightContext, filters: Filters) -> pa.Table:
    youth = young_people()
    own = _per_year(ctx, filters)
    region = own if filters.gemeente is None else _per_year(ctx, replace(filters, gemeente=None))
    region_year: dict[int, tuple[int, int, int]] = {}
    for (code, year), (clients, amount) in region.items():
        if code in youth:
            c, a, y = region_year.get(year, (0, 0, 0))
            region_year[year] = (c + clients, a + amount, y + youth[code])
    rows = []
    for (code, year), (clients, amount) in sorted(own.items()):
        people = youth.get(code, 0)
        region_clients, region_amount, region_people = region_year.get(year, (0, 0, 0))
        before = own.get((code, year - 1))
        rows.append(
            {
                "gemeente": code,
                "jaar": year,
                "jeugdigen": people or None,
                "clienten": clients,
                "clienten_per_1000": _rate(clients, people),
                "bedrag_per_jeugdige": round(amount / people) if people else None,
                "regio_clienten_per_1000": _rate(region_clients, region_people),
                "regio_bedrag_per_jeugdige": round(region_amount / region_people) if region_people else None,
                "vorig_jaar_clienten_per_1000": _rate(before[0], people) if before else None,
            }
        )
    schema = pa.schema(
        [("gemeente", pa.string()), ("jaar", pa.int64()), ("jeugdigen", pa.int64()), ("clienten", pa.int64()),
         ("clienten_per_1000", pa.float64()), ("bedrag_per_jeugdige", pa.int64()),
         ("regio_clienten_per_1000", pa.float64()), ("regio_bedrag_per_jeugdige", pa.int64()),
         ("vorig_jaar_clienten_per_1000", pa.float64())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)
