"""Indicator: steps up and down along clients' care paths (op- en afschalen), per municipality.

Seed 002 asks for smooth stepping up and down without a new face or file; seed 000 knelpunt 6 for
stepping down to lighter care. Every client's allocations form one path (`zorgpad.access.care_path`);
each step is counted by its direction (from the catalogue's complexity) and cause.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from zorgpad.access.care_path import all_paths
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

MEASURES = ("opschalen", "afschalen", "gelijk", "overstap aanbieder", "ander domein", "wijzigingsverzoek")


@indicator(
    "zorgpad-stappen",
    name_nl="Op- en afschalen in zorgpaden",
    definition_nl=(
        "Per gemeente het aantal stappen in de zorgpaden van cliënten: naar een zwaarder product "
        "(opschalen), een lichter product (afschalen) of even zwaar (gelijk), en hoeveel stappen een "
        "overstap naar een andere aanbieder, uitstroom naar een ander domein of een wijzigingsverzoek waren. "
        "Een stap telt in de periode waarin het nieuwe product start."
    ),
    unit="aantal",
    knelpunt="seed002:op-afschalen",
    dimensions=("gemeente",),
    chart=Chart("stacked_bar", x="gemeente", y=("opschalen", "afschalen", "gelijk")),
    needs_catalog=True,
)
def steps_per_municipality(context: InsightContext, filters: Filters) -> pa.Table:
    counts: dict[str, Counter[str]] = {}
    for steps in all_paths(context.store.connection, context.catalog).values():
        for step in steps[1:]:
            a = step.allocation
            if filters.gemeente is not None and a.gemeente != filters.gemeente:
                continue
            if filters.period_from is not None and a.ingangsdatum < filters.period_from:
                continue
            if filters.period_to is not None and a.ingangsdatum > filters.period_to:
                continue
            tally = counts.setdefault(a.gemeente, Counter())
            tally[step.direction] += 1
            tally[step.cause] += 1
    names = sorted(counts)
    columns: dict[str, list[object]] = {"gemeente": list(names)}
    for measure in MEASURES:
        columns[measure] = [counts[g][measure] for g in names]
    return pa.table(
        columns, schema=pa.schema([("gemeente", pa.string()), *((m, pa.int64()) for m in MEASURES)])
    )
