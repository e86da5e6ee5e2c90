"""How long trajectories last: jeugd-GGZ against jeugd-en-opvoedhulp, and each product against its maximum.

A trajectory is a client's run of consecutive allocations of one product at one provider (start JW305
to stop JW307, extensions merged; see `_common.trajectories`). Only ended trajectories have a
duration: from the first Begindatum to the last Einddatum, both inclusive, in days. A month is 30.44
days (365.25 / 12) when a duration is set against a maximum in months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.insights._common import (
    catalog_products,
    days_between,
    ordered,
    require_catalog,
    share,
    trajectories,
)
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

if TYPE_CHECKING:
    import ibis.expr.types as ir

DAYS_PER_MONTH = 365.25 / 12
TRACK_NL = {"jeugd-ggz": "Jeugd-GGZ", "jeugd-en-opvoedhulp": "Jeugd- en opvoedhulp", "overig": "Overig"}


def _ended(ctx: InsightContext, filters: Filters) -> ir.Table:
    products = catalog_products(require_catalog(ctx))
    t = trajectories(ctx, filters)
    t = t.filter(t.eind.notnull())
    t = t.mutate(dagen=days_between(t.eind, t.begin) + 1)
    return t.left_join(products, t.product_code == products.p_code)


@indicator(
    "trajectduur-ggz-jo",
    name_nl="Duur van trajecten: jeugd-GGZ en jeugd- en opvoedhulp",
    definition_nl=(
        "Beëindigde trajecten per soort hulp van het product (jeugd-GGZ, jeugd- en opvoedhulp, overig). "
        "Een traject loopt van de eerste startdatum (JW305) tot de laatste einddatum (JW307) van "
        "aaneensluitende toewijzingen van hetzelfde product bij dezelfde aanbieder. Gemiddelde en mediaan "
        "in dagen, begin en einde meegeteld."
    ),
    unit="dagen",
    knelpunt="seed000:9",
    dimensions=("soort_hulp",),
    chart=Chart("bar", x="soort_hulp", y=("gemiddelde_dagen", "mediaan_dagen")),
    needs_catalog=True,
    units={"trajecten": "aantal"},
)
def per_track(ctx: InsightContext, filters: Filters) -> pa.Table:
    t = _ended(ctx, filters)
    t = t.mutate(soort_hulp=t.p_track.substitute(TRACK_NL, else_="Onbekend"))
    result = t.group_by("soort_hulp").aggregate(
        trajecten=t.count(),
        gemiddelde_dagen=t.dagen.mean().round(1),
        mediaan_dagen=t.dagen.median(),
    )
    return ordered(result, "soort_hulp")


@indicator(
    "trajectduur-per-product",
    name_nl="Duur van trajecten per product, tegen de maximale duur",
    definition_nl=(
        "Beëindigde trajecten per product: aantal, gemiddelde duur in maanden (30,44 dagen), de maximale "
        "duur die de productstructuur stelt, en het aandeel trajecten dat langer duurde dan dat maximum."
    ),
    unit="maanden",
    knelpunt="seed000:4",
    dimensions=("product_code",),
    chart=Chart("bar", x="product_code", y=("gemiddelde_maanden", "maximale_duur_maanden")),
    needs_catalog=True,
    units={
        "trajecten": "aantal",
        "maximale_duur_maanden": "maanden",
        "boven_maximum": "aantal",
        "aandeel_boven_maximum": "procent",
    },
)
def per_product(ctx: InsightContext, filters: Filters) -> pa.Table:
    t = _ended(ctx, filters)
    months = t.dagen / DAYS_PER_MONTH
    beyond = ibis.ifelse(t.p_max_months.notnull() & (months > t.p_max_months), 1, 0)
    result = t.group_by("product_code").aggregate(
        trajecten=t.count(),
        gemiddelde_maanden=months.mean().round(1),
        maximale_duur_maanden=t.p_max_months.max(),
        boven_maximum=beyond.sum(),
    )
    result = result.mutate(aandeel_boven_maximum=share(result.boven_maximum, result.trajecten))
    return ordered(result, "product_code")
