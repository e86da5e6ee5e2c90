"""Regional against local spend per lot: the knip (seed 002; seed 000 knelpunt 14).

Each product sits in at most one part of a lot, bought regionally or locally (the catalogue's `lots`).
Declared amounts and clients are summed per lot and purchasing side; products outside any lot are
shown as 'geen perceel', products the catalogue does not know as 'onbekend'.
"""

from __future__ import annotations

import ibis
import pyarrow as pa

from zorgpad.insights._common import catalog_products, claims, ordered, require_catalog, share
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

NO_LOT = "geen perceel"
UNKNOWN = "onbekend"


@indicator(
    "knip-regionaal-lokaal",
    name_nl="Regionale en lokale inkoop per perceel (de knip)",
    definition_nl=(
        "Gedeclareerd bedrag en aantal cliënten per perceel en per kant van de knip (regionaal of lokaal "
        "ingekocht, volgens de percelen in de productstructuur), met het aandeel van het totaal. Producten "
        "buiten een perceel staan onder 'geen perceel'."
    ),
    unit="eurocent",
    knelpunt="seed002:knip",
    dimensions=("perceel", "inkoop"),
    chart=Chart("stacked_bar", x="perceel", y=("bedrag",), series="inkoop"),
    needs_catalog=True,
    units={"clienten": "aantal", "aandeel": "procent"},
)
def knip(ctx: InsightContext, filters: Filters) -> pa.Table:
    products = catalog_products(require_catalog(ctx))
    lines = claims(ctx, filters)
    joined = lines.left_join(products, lines.product_code == products.p_code)
    known = joined.p_code.notnull()
    joined = joined.mutate(
        perceel=ibis.ifelse(known, joined.p_lot.fill_null(NO_LOT), UNKNOWN),
        inkoop=ibis.ifelse(known, joined.p_purchasing.fill_null(NO_LOT), UNKNOWN),
    )
    grouped = joined.group_by(["perceel", "inkoop"]).aggregate(
        clienten=joined.client_key.nunique(), bedrag=joined.signed_bedrag.sum()
    )
    total = grouped.bedrag.sum().over(ibis.window())
    result = grouped.mutate(aandeel=share(grouped.bedrag, total))
    return ordered(result, "perceel", "inkoop")
