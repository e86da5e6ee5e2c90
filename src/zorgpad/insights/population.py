"""Figures per 1,000 young people: municipality against region, each year in the data against the one before.

Young people per municipality and year come, in this order, from:
1. the store's `population` table (`bevolking/*.csv`): a synthetic region's own population as
   `zorgpad synth` wrote it (the young people of 0-22 its clients were drawn from), or a region's own
   table; the figure of the same year, else of the nearest year for that municipality;
2. the bundled table `data/jeugdigen.csv`: an *estimate*, not a CBS table per municipality: CBS
   inhabitants (order of magnitude 2024, rounded) times the national share of 0-17 year olds (19,0 %,
   CBS 2019); its header says so. No per-municipality CBS StatLine figures are bundled: replace the file
   by StatLine 03759ned for exact ones.
Every row says which (`bron_jeugdigen`), and the definition on every page says how each is made.
A municipality in neither has no rate. The region's rate is the region's clients over the region's
young people (the municipalities in the data with a figure), so a municipality is set against the
region, as waarstaatjegemeente.nl does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import pyarrow as pa

from zorgpad.insights._common import claims, execute, table
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

KNELPUNT = "seed000:4"
ESTIMATE_NL = (
    "schatting peiljaar 2024 (0-17 jaar): CBS-inwonertal afgerond x 19,0 %; geen CBS-tabel per gemeente"
)


@dataclass(frozen=True)
class Youth:
    """Young people of one municipality in one year, and where the figure comes from (Dutch)."""

    count: int
    source_nl: str


@cache
def young_people() -> dict[str, int]:
    """CBS code -> young people 0-17 (the bundled estimate, peiljaar in the file)."""
    text = (resources.files("zorgpad.insights") / "data" / "jeugdigen.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["cbs_code"]: int(row["jeugdigen_0_17"]) for row in rows}


def stored_young_people(ctx: InsightContext) -> dict[tuple[str, int], Youth]:
    """(CBS code, year) -> young people from the store's `population` table (empty without one)."""
    if "population" not in ctx.store.present_tables():
        return {}
    t = table(ctx, "population")
    t = t.filter(t.gemeente.notnull() & t.jaar.notnull() & t.jeugdigen.notnull() & (t.jeugdigen > 0))
    found: dict[tuple[str, int], Youth] = {}
    for row in execute(t.select("gemeente", "jaar", "jeugdigen", "leeftijd", "bron")).to_pylist():
        age = f"{row['leeftijd']} jaar" if row["leeftijd"] else "leeftijd niet vermeld"
        source = f"{row['bron'] or 'bevolkingstabel in de gegevens'} ({age}, {row['jaar']})"
        found[(str(row["gemeente"]), int(row["jaar"]))] = Youth(int(row["jeugdigen"]), source)
    return found


def youth_lookup(ctx: InsightContext) -> dict[tuple[str, int], Youth] | None:
    """The store's figures, or None when the store has none (then the bundled estimate applies)."""
    return stored_young_people(ctx) or None


def youth_of(stored: dict[tuple[str, int], Youth] | None, code: str, year: int) -> Youth | None:
    """The young people of `code` in `year`: the store's (same year, else the nearest), else the estimate."""
    if stored is not None:
        exact = stored.get((code, year))
        if exact is not None:
            return exact
        years = sorted((abs(y - year), y) for c, y in stored if c == code)
        if years:
            return stored[(code, years[0][1])]
        return None
    estimate = young_people().get(code)
    return Youth(estimate, ESTIMATE_NL) if estimate else None


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
    name_nl="Cliënten per 1.000 jeugdigen: gemeente tegen regio, dit jaar tegen vorig jaar",
    definition_nl=(
        "Per gemeente, in het laatste jaar van de gegevens (binnen de filters): cliënten met gedeclareerde "
        "jeugdhulp (JW323) per 1.000 jeugdigen, hetzelfde in het jaar ervoor (als de gegevens dat jaar "
        "bevatten), hetzelfde voor de hele regio, en het gedeclareerde bedrag per jeugdige. Jeugdigen: de "
        "bevolkingstabel in de gegevens als die er is (een synthetische regio levert haar eigen jeugdigen "
        "van 0-22 jaar mee, waaruit de cliënten getrokken zijn); anders een meegeleverde schatting, geen "
        "CBS-tabel per gemeente: het CBS-inwonertal (orde van grootte 2024, afgerond) maal het landelijke "
        "aandeel 0-17 jaar (19,0 %, CBS 2019). De kolom 'bron jeugdigen' zegt per rij welke."
    ),
    unit="aantal",
    knelpunt=KNELPUNT,
    dimensions=("gemeente", "jaar"),
    chart=Chart(
        "bar",
        x="gemeente",
        y=("clienten_per_1000", "vorig_jaar_clienten_per_1000", "regio_clienten_per_1000"),
    ),
    units={
        "jeugdigen": "aantal",
        "clienten": "aantal",
        "regio_vorig_jaar_clienten_per_1000": "aantal",
        "bedrag_per_jeugdige": "eurocent",
        "regio_bedrag_per_jeugdige": "eurocent",
    },
)
def per_thousand(ctx: InsightContext, filters: Filters) -> pa.Table:
    stored = youth_lookup(ctx)
    own = _per_year(ctx, filters)
    region = own if filters.gemeente is None else _per_year(ctx, replace(filters, gemeente=None))
    region_year: dict[int, tuple[int, int, int]] = {}
    for (code, year), (clients, amount) in region.items():
        found = youth_of(stored, code, year)
        if found is not None:
            c, a, y = region_year.get(year, (0, 0, 0))
            region_year[year] = (c + clients, a + amount, y + found.count)
    latest = max((year for _code, year in own), default=None)
    rows = []
    for (code, year), (clients, amount) in sorted(own.items()):
        if year != latest:
            continue  # the year before is a column of this year's row, not a row of its own
        found = youth_of(stored, code, year)
        people = found.count if found else 0
        region_clients, region_amount, region_people = region_year.get(year, (0, 0, 0))
        before = own.get((code, year - 1))
        earlier = youth_of(stored, code, year - 1) if before else None
        region_before = region_year.get(year - 1)
        rows.append(
            {
                "gemeente": code,
                "jaar": year,
                "jeugdigen": people or None,
                "clienten": clients,
                "clienten_per_1000": _rate(clients, people),
                "vorig_jaar_clienten_per_1000": _rate(before[0], earlier.count)
                if before and earlier
                else None,
                "regio_clienten_per_1000": _rate(region_clients, region_people),
                "regio_vorig_jaar_clienten_per_1000": (
                    _rate(region_before[0], region_before[2]) if region_before else None
                ),
                "bedrag_per_jeugdige": round(amount / people) if people else None,
                "regio_bedrag_per_jeugdige": round(region_amount / region_people) if region_people else None,
                "bron_jeugdigen": found.source_nl if found else None,
            }
        )
    schema = pa.schema(
        [("gemeente", pa.string()), ("jaar", pa.int64()), ("jeugdigen", pa.int64()), ("clienten", pa.int64()),
         ("clienten_per_1000", pa.float64()), ("vorig_jaar_clienten_per_1000", pa.float64()),
         ("regio_clienten_per_1000", pa.float64()), ("regio_vorig_jaar_clienten_per_1000", pa.float64()),
         ("bedrag_per_jeugdige", pa.int64()), ("regio_bedrag_per_jeugdige", pa.int64()),
         ("bron_jeugdigen", pa.string())]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)
