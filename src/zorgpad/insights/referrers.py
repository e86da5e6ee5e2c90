"""Referral mix per referrer type (COD327): who sends children to youth care (seed 000 knelpunt 9).

Counted from the access team's records: one row per first referral (a record with a referral date).
"""

from __future__ import annotations

import pyarrow as pa

from zorgpad.ijw.codelists import labels
from zorgpad.insights._common import execute, referrals
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

UNKNOWN = "onbekend"


@indicator(
    "verwijzersmix",
    name_nl="Verwijzingen per soort verwijzer",
    definition_nl=(
        "Aantal verwijzingen per soort verwijzer (COD327: gemeente, huisarts, jeugdarts, gecertificeerde "
        "instelling, medisch specialist, geen verwijzer, rechter) en het aandeel van het totaal, uit de "
        "verwijsgegevens van de toegang."
    ),
    unit="aantal",
    knelpunt="seed000:9",
    dimensions=("verwijzer_type", "omschrijving"),
    chart=Chart("bar", x="omschrijving", y=("verwijzingen",)),
    units={"aandeel": "procent"},
)
def referral_mix(ctx: InsightContext, filters: Filters) -> pa.Table:
    refs = referrals(ctx, filters)
    counted = execute(
        refs.group_by("referrer_type").aggregate(verwijzingen=refs.count()).order_by("referrer_type")
    )
    meanings = labels("COD327")
    codes = counted.column("referrer_type").to_pylist()
    numbers = counted.column("verwijzingen").to_pylist()
    total = sum(numbers)
    return pa.table(
        {
            "verwijzer_type": pa.array(codes, pa.string()),
            "omschrijving": pa.array([meanings.get(code or "", UNKNOWN) for code in codes], pa.string()),
            "verwijzingen": pa.array(numbers, pa.int64()),
            "aandeel": pa.array([round(n * 100 / total, 1) for n in numbers], pa.float64()),
        }
    )
