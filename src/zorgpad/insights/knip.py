"""Regional against local spend per lot: the knip (seed 002; seed 000 knelpunt 14).

Each product sits in at most one part of a lot, bought regionally or locally (the catalogue's `lots`).
Declared amounts and clients are summed per lot and purchasing side; products outside any lot are
shown as 'geen perceel', products the catalogue does not know as 'onbekend'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.insights._common import catalog_products, claims, ordered, require_catalog, share
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import euro, percent

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog

NO_LOT = "geen perceel"
UNKNOWN = "onbekend"


def without_lots(catalog: Catalog | None) -> str | None:
    """The knip does not apply to a region whose product structure has no lots: say so instead of
    drawing one bar 'geen perceel' at 100 %."""
    if catalog is None or catalog.lots:
        return None
    return (
        f"De productstructuur van {catalog.region.name} kent geen percelen: de regio koopt alle jeugdhulp "
        "in één keer in, zonder knip tussen regionale en lokale inkoop. Een verdeling per perceel is er dus "
        "niet. Legt de regio percelen vast in de productstructuur (met per deel regionaal of lokaal), "
        "dan toont deze plek de bedragen per perceel en kant, en rekent de pagina 'De knip' een "
        "verschuiving door."
    )


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
    instead=without_lots,
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


@conclusion(
    "seed002:knip",
    problem_nl="Onduidelijk is welk deel van de jeugdhulp regionaal en welk deel lokaal wordt ingekocht.",
    indicators=("knip-regionaal-lokaal",),
    norm=Norm(
        "Elk gedeclareerd product valt in een perceel met een regionale of lokale kant.",
        "productstructuur",
        "percelen in de productstructuur; consultatie de knip",
    ),
    let_op=5.0,
    actie=20.0,
    unit="procent",
    next_step_nl=(
        "Wijs de producten buiten een perceel toe aan een perceel, of leg vast dat de regio ze zonder knip "
        "inkoopt."
    ),
    calm_step_nl="Geen actie nodig; volg de verdeling tussen regionaal en lokaal in de volgende rapportage.",
)
def _knip_conclusion(evidence: Evidence) -> Measured | None:
    rows = evidence.rows("knip-regionaal-lokaal")
    total = sum(row["bedrag"] for row in rows)
    if total <= 0:
        return None
    if evidence.catalog is not None and not evidence.catalog.lots:
        # A region that buys without lots has no knip: nothing falls outside a lot it never made.
        return Measured(
            0.0,
            "De productstructuur kent geen percelen: de regio koopt alle jeugdhulp in één keer in, zonder "
            f"knip tussen regionaal en lokaal ({euro(total, whole=True)} gedeclareerd).",
        )
    outside = sum(row["bedrag"] for row in rows if row["perceel"] in (NO_LOT, UNKNOWN))
    value = round(outside * 100 / total, 1)
    regional = sum(row["bedrag"] for row in rows if row["inkoop"] == "regionaal")
    local = sum(row["bedrag"] for row in rows if row["inkoop"] == "lokaal")
    return Measured(
        value,
        f"Regionaal ingekocht: {euro(regional, whole=True)}; lokaal: {euro(local, whole=True)}; "
        f"buiten een perceel: {euro(outside, whole=True)} ({percent(value)}).",
    )
