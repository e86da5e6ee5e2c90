"""Clients and costs per municipality, product, provider, care form and month (grip on spending).

Cost is the declared amount with its sign (credit lines subtract), in eurocent; a client counts once
per row however many lines were declared for them. Rejections are not subtracted here: what was
rejected is its own indicator (`afgewezen-per-regel`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.insights._common import catalog_products, claims, ordered, require_catalog
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

if TYPE_CHECKING:
    import ibis.expr.types as ir

KNELPUNT = "seed000:4"
_MEASURES = (
    "Per rij: het aantal unieke cliënten, het aantal prestaties en het gedeclareerde bedrag "
    "(creditregels tellen negatief)."
)


def _totals(lines: ir.Table, keys: list[str]) -> ir.Table:
    return lines.group_by(keys).aggregate(
        clienten=lines.client_key.nunique(),
        prestaties=lines.count(),
        bedrag=lines.signed_bedrag.sum(),
    )


@indicator(
    "kosten-per-gemeente",
    name_nl="Cliënten en kosten per gemeente",
    definition_nl="Gedeclareerde jeugdhulp (JW323) per gemeente. " + _MEASURES,
    unit="eurocent",
    knelpunt=KNELPUNT,
    dimensions=("gemeente",),
    chart=Chart("bar", x="gemeente", y=("bedrag",)),
    units={"clienten": "aantal", "prestaties": "aantal"},
)
def per_gemeente(ctx: InsightContext, filters: Filters) -> pa.Table:
    return ordered(_totals(claims(ctx, filters), ["gemeente"]), "gemeente")


@indicator(
    "kosten-per-product",
    name_nl="Cliënten en kosten per product",
    definition_nl="Gedeclareerde jeugdhulp (JW323) per productcode. " + _MEASURES,
    unit="eurocent",
    knelpunt=KNELPUNT,
    dimensions=("product_code",),
    chart=Chart("bar", x="product_code", y=("bedrag",)),
    units={"clienten": "aantal", "prestaties": "aantal"},
)
def per_product(ctx: InsightContext, filters: Filters) -> pa.Table:
    return ordered(_totals(claims(ctx, filters), ["product_code"]), "product_code")


@indicator(
    "kosten-per-aanbieder",
    name_nl="Cliënten en kosten per aanbieder",
    definition_nl="Gedeclareerde jeugdhulp (JW323) per aanbieder (AGB-code). " + _MEASURES,
    unit="eurocent",
    knelpunt=KNELPUNT,
    dimensions=("aanbieder",),
    chart=Chart("bar", x="aanbieder", y=("bedrag",)),
    units={"clienten": "aantal", "prestaties": "aantal"},
)
def per_aanbieder(ctx: InsightContext, filters: Filters) -> pa.Table:
    return ordered(_totals(claims(ctx, filters), ["aanbieder"]), "aanbieder")


@indicator(
    "kosten-per-maand",
    name_nl="Cliënten en kosten per maand",
    definition_nl=(
        "Gedeclareerde jeugdhulp (JW323) per maand waarin de geleverde periode begint (JJJJ-MM). " + _MEASURES
    ),
    unit="eurocent",
    knelpunt=KNELPUNT,
    dimensions=("maand",),
    chart=Chart("line", x="maand", y=("bedrag",)),
    units={"clienten": "aantal", "prestaties": "aantal"},
)
def per_maand(ctx: InsightContext, filters: Filters) -> pa.Table:
    lines = claims(ctx, filters)
    lines = lines.mutate(maand=lines.product_periode_begin.strftime("%Y-%m"))
    return ordered(_totals(lines, ["maand"]), "maand")


@indicator(
    "kosten-per-zorgvorm",
    name_nl="Cliënten en kosten per zorgvorm",
    definition_nl=(
        "Gedeclareerde jeugdhulp (JW323) per zorgvorm van het product in de productstructuur; "
        "producten die de productstructuur niet kent staan onder 'onbekend'. " + _MEASURES
    ),
    unit="eurocent",
    knelpunt=KNELPUNT,
    dimensions=("zorgvorm",),
    chart=Chart("bar", x="zorgvorm", y=("bedrag",)),
    needs_catalog=True,
    units={"clienten": "aantal", "prestaties": "aantal"},
)
def per_zorgvorm(ctx: InsightContext, filters: Filters) -> pa.Table:
    products = catalog_products(require_catalog(ctx))
    lines = claims(ctx, filters)
    joined = lines.left_join(products, lines.product_code == products.p_code)
    joined = joined.mutate(zorgvorm=joined.p_care_form_name.fill_null(ibis.literal("onbekend")))
    return ordered(_totals(joined, ["zorgvorm"]), "zorgvorm")
