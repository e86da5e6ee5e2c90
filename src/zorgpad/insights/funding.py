"""Funding forms: how far task-based budgets are used up, and what each funding stream pays (OZA).

Both read the catalogue's `budgets` and `funding_shares` (docs/catalog.md) against the declared claims.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.insights._common import claims, execute, require_catalog
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.catalog.lookup import Catalog

# A budget is flagged when its exhaustion runs this many points ahead of the share of the year passed.
AHEAD_POINTS = 10.0

_BUDGETS = pa.schema(
    [("budget", pa.string()), ("aanbieder", pa.string()), ("jaar", pa.int64()), ("product", pa.string()),
     ("budget_bedrag", pa.int64())]
)  # fmt: skip


@indicator(
    "budget-uitputting",
    name_nl="Uitputting van taakgerichte budgetten",
    definition_nl=(
        "Per taakgericht budget (aanbieder en jaar, uit de productstructuur): het budget, het gedeclareerde "
        "bedrag van de producten van het budget bij die aanbieder in dat jaar, de uitputting (gedeclareerd "
        "als percentage van het budget) en het deel van het jaar dat verstreken is (de laatste gedeclareerde "
        f"maand). Signaal 'uitgeput' boven 100%, 'loopt voor' als de uitputting meer dan {AHEAD_POINTS:.0f} "
        "procentpunt voorloopt op het verstreken deel van het jaar. Met een gemeentefilter telt het deel "
        "van het budget dat de productstructuur aan die gemeente toedeelt; zonder toedeling blijft het leeg."
    ),
    unit="procent",
    knelpunt="seed000:4",
    dimensions=("budget", "aanbieder", "jaar"),
    chart=Chart("bar", x="budget", y=("uitputting",)),
    needs_catalog=True,
    units={"budget_bedrag": "eurocent", "gedeclareerd": "eurocent", "jaar_verstreken": "procent"},
)
def budget_exhaustion(ctx: InsightContext, filters: Filters) -> pa.Table:
    catalog = require_catalog(ctx)
    rows = []
    for b in catalog.data.budgets:
        amount: int | None = b.amount
        if filters.gemeente is not None:
            total = sum(b.municipality_shares.values())
            part = b.municipality_shares.get(filters.gemeente)
            amount = None if not total or part is None else b.amount * part // total
        for code in b.products:
            rows.append({"budget": b.id, "aanbieder": b.provider.agb, "jaar": b.year, "product": code,
                         "budget_bedrag": amount})  # fmt: skip
    budgets = ibis.memtable(pa.Table.from_pylist(rows, schema=_BUDGETS))
    lines = claims(ctx, filters)
    lines = lines.mutate(jaar=lines.product_periode_begin.year().cast("int64"),
                         maand=lines.product_periode_begin.month().cast("int64"))  # fmt: skip
    joined = budgets.left_join(
        lines,
        (budgets.product == lines.product_code) & (budgets.aanbieder == lines.aanbieder)
        & (budgets.jaar == lines.jaar),
    )  # fmt: skip
    grouped = joined.group_by(["budget", "aanbieder", "jaar"]).aggregate(
        budget_bedrag=joined.budget_bedrag.max(),
        gedeclareerd=joined.signed_bedrag.sum().fill_null(0),
        laatste_maand=joined.maand.max(),
    )
    used = ibis.ifelse(
        grouped.budget_bedrag > 0, (grouped.gedeclareerd * 100.0 / grouped.budget_bedrag).round(1), None
    )
    passed = (grouped.laatste_maand.fill_null(0) * 100.0 / 12).round(1)
    result = grouped.mutate(uitputting=used, jaar_verstreken=passed).drop("laatste_maand")
    result = result.mutate(
        signaal=ibis.cases(
            (result.uitputting > 100, "uitgeput"),
            (result.uitputting > result.jaar_verstreken + AHEAD_POINTS, "loopt voor"),
            else_="",
        )
    )
    return execute(result.order_by(["budget", "aanbieder", "jaar"]))


_SHARES = pa.schema([("product", pa.string()), ("stroom", pa.string()), ("procent", pa.int64()),
                     ("van", pa.date32()), ("tot", pa.date32())])  # fmt: skip


def funding_shares(catalog: Catalog) -> ir.Table:
    """Per product and period: its share (percent) in each funding stream; a product without declared
    shares counts wholly under its first stream."""
    import datetime as dt

    rows = [
        {"product": code, "stroom": stream, "procent": percent, "van": s.valid_from,
         "tot": s.valid_to or dt.date(9999, 12, 31)}
        for s in catalog.data.funding_shares for code in s.products for stream, percent in s.shares.items()
    ]  # fmt: skip
    rows += [
        {"product": p.code, "stroom": p.funding_streams[0], "procent": 100, "van": dt.date(1, 1, 1),
         "tot": dt.date(9999, 12, 31)}
        for p in catalog.products
        if not any(p.code in s.products for s in catalog.data.funding_shares)
    ]  # fmt: skip
    return ibis.memtable(pa.Table.from_pylist(rows, schema=_SHARES))


@indicator(
    "kosten-per-financieringsstroom",
    name_nl="Kosten per financieringsstroom (bijvoorbeeld onderwijs-zorgarrangementen)",
    definition_nl=(
        "Gedeclareerd bedrag per financieringsstroom (Jeugdwet, onderwijs-zorg, ...): een product waarvoor "
        "de productstructuur financieringsaandelen noemt (zoals een onderwijs-zorgarrangement dat deels uit "
        "de Jeugdwet en deels uit onderwijsmiddelen wordt betaald) telt naar die aandelen op de datum van "
        "de zorg; elk ander product telt helemaal bij zijn eerste financieringsstroom."
    ),
    unit="eurocent",
    knelpunt="seed000:4",
    dimensions=("stroom",),
    chart=Chart("bar", x="stroom", y=("bedrag",)),
    units={"clienten": "aantal"},
    needs_catalog=True,
)
def cost_per_funding_stream(ctx: InsightContext, filters: Filters) -> pa.Table:
    shares = funding_shares(require_catalog(ctx))
    lines = claims(ctx, filters)
    joined = lines.inner_join(
        shares,
        (lines.product_code == shares.product) & (lines.product_periode_begin >= shares.van)
        & (lines.product_periode_begin <= shares.tot),
    )  # fmt: skip
    grouped = joined.group_by("stroom").aggregate(
        clienten=joined.client_key.nunique(),
        bedrag=(joined.signed_bedrag * joined.procent / 100.0).sum().round().cast("int64"),
    )
    return execute(grouped.order_by("stroom"))
