"""Which claim lines lie behind a figure whose dimension is not one of the filters.

The filters (municipality, provider, product, period) narrow every indicator alike. A bar of "kosten per
zorgvorm", "afgewezen per regel" or "uitstroom per reden" is a care form, a rule or a reason of ending:
each `Selector` here narrows the claim lines (JW323) the same way its indicator assigns them, so a click
on that bar lists exactly the lines it counts (`/declaraties?zorgvorm=...`):

- a product property from the catalogue (care form, lot and side of the knip, prior law, kind of help,
  funding stream, budget);
- the line's allocation (the reason its allocation was stopped; the referrer type of its referral;
  the care-need domain the access team recorded, else the product's);
- a control finding on the line (the rule, in the latest stored control run);
- a move between products (kind of move, from and to product): the lines of the product moved *to*,
  of the clients who made that move.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis

from zorgpad.insights._common import catalog_products, pieces, table
from zorgpad.insights.knip import NO_LOT, UNKNOWN

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.insights.registry import InsightContext

Narrow = Callable[["InsightContext", "ir.Table", str], "ir.Table"]
LINE_KEY = ["message_id", "position"]


@dataclass(frozen=True)
class Selector:
    """A query parameter of `/declaraties` (`param`), what it is called in Dutch, and how it narrows."""

    param: str
    label_nl: str
    narrow: Narrow
    needs_catalog: bool = True


def _by_product(column: str, missing: str | None = None) -> Narrow:
    """Lines whose product has `value` in a catalogue column (`missing`: products without a value)."""

    def narrow(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
        if ctx.catalog is None:
            return lines.filter(ibis.literal(False))
        products = catalog_products(ctx.catalog)
        if missing is not None and value == missing:
            chosen = products.filter(products[column].isnull())
        else:
            chosen = products.filter(products[column] == value)
        return lines.semi_join(chosen, lines.product_code == chosen.p_code)

    return narrow


def _care_form(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    if value == UNKNOWN and ctx.catalog is not None:  # kosten-per-zorgvorm: a product the catalogue lacks
        products = catalog_products(ctx.catalog)
        return lines.anti_join(products, lines.product_code == products.p_code)
    return _by_product("p_care_form_name")(ctx, lines, value)


def _lot(column: str) -> Narrow:
    """As the knip indicator: a product outside any lot is NO_LOT, one the catalogue lacks UNKNOWN."""

    def narrow(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
        if ctx.catalog is not None and value == UNKNOWN:
            products = catalog_products(ctx.catalog)
            return lines.anti_join(products, lines.product_code == products.p_code)
        return _by_product(column, NO_LOT)(ctx, lines, value)

    return narrow


def _track(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    from zorgpad.insights.durations import TRACK_NL

    if ctx.catalog is None:
        return lines.filter(ibis.literal(False))
    products = catalog_products(ctx.catalog)
    products = products.mutate(soort=products.p_track.substitute(TRACK_NL, else_="Onbekend"))
    chosen = products.filter(products.soort == value)
    return lines.semi_join(chosen, lines.product_code == chosen.p_code)


def _stream(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    from zorgpad.insights.funding import funding_shares

    if ctx.catalog is None:
        return lines.filter(ibis.literal(False))
    shares = funding_shares(ctx.catalog)
    shares = shares.filter((shares.stroom == value) & (shares.procent > 0))
    return lines.semi_join(
        shares,
        (lines.product_code == shares.product)
        & (lines.product_periode_begin >= shares.van)
        & (lines.product_periode_begin <= shares.tot),
    )


def _budget(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    found = next((b for b in ctx.catalog.data.budgets if b.id == value), None) if ctx.catalog else None
    if found is None:
        return lines.filter(ibis.literal(False))
    return lines.filter(
        lines.product_code.isin(list(found.products))
        & (lines.aanbieder == found.provider.agb)
        & (lines.product_periode_begin.year() == found.year)
    )


def _stop_reason(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    stopped = pieces(ctx)
    stopped = stopped.filter(stopped.reden == value)
    return lines.semi_join(stopped, ["gemeente", "toewijzing_nummer"])


def _referrer(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    refs = table(ctx, "referrals")
    refs = refs.filter((refs.referrer_type == value) & refs.toewijzing_nummer.notnull())
    return lines.semi_join(refs, ["gemeente", "toewijzing_nummer"])


def _domain(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    from zorgpad.insights.outliers import _domains

    labelled = _domains(ctx, lines)
    chosen = labelled.filter(labelled.zorgbehoefte == value).select(*LINE_KEY)
    return lines.semi_join(chosen, LINE_KEY)


def _rule(ctx: InsightContext, lines: ir.Table, value: str) -> ir.Table:
    from zorgpad.insights.findings import findings_table

    found = findings_table(ctx)  # the latest stored control run, as afgewezen-per-regel reads it
    if found is None:
        return lines.filter(ibis.literal(False))
    found = found.filter((found.rule == value) & found.message_id.notnull())
    return lines.semi_join(found.select(*LINE_KEY), LINE_KEY)


def _moves(ctx: InsightContext, chosen: Mapping[str, str]) -> ir.Table:
    from zorgpad.insights.flows import _kind, _moves
    from zorgpad.insights.registry import Filters

    assert ctx.catalog is not None
    moves = _moves(ctx, Filters())
    moves = _kind(moves.filter(moves.naar.notnull()), catalog_products(ctx.catalog))
    if "overgang" in chosen:
        moves = moves.filter(moves.soort == chosen["overgang"])
    if "van_product" in chosen:
        moves = moves.filter(moves.van == chosen["van_product"])
    if "naar_product" in chosen:
        moves = moves.filter(moves.naar == chosen["naar_product"])
    return moves.select("gemeente", "client_key", "naar").distinct()


SELECTORS: dict[str, Selector] = {
    s.param: s
    for s in (
        Selector("zorgvorm", "zorgvorm", _care_form),
        Selector("perceel", "perceel", _lot("p_lot")),
        Selector("inkoop", "kant van de knip", _lot("p_purchasing")),
        Selector("wet", "voorliggende wet", _by_product("p_prior_law")),
        Selector("soort_hulp", "soort hulp", _track),
        Selector("stroom", "financieringsstroom", _stream),
        Selector("budget", "budget", _budget),
        Selector("reden", "reden van beëindiging", _stop_reason, needs_catalog=False),
        Selector("verwijzer", "verwijzer", _referrer, needs_catalog=False),
        Selector("zorgbehoefte", "zorgbehoefte", _domain, needs_catalog=False),
        Selector("regel", "regel", _rule, needs_catalog=False),
    )
}
# A move between products is chosen by up to three parameters at once.
MOVE_PARAMS = ("overgang", "van_product", "naar_product")
MOVE_LABELS = {"overgang": "soort overgang", "van_product": "van product", "naar_product": "naar product"}

# The query parameter each indicator dimension becomes (the dimension's own name unless listed).
DIMENSION_PARAM: dict[str, str] = {
    **{name: name for name in SELECTORS},
    "soort": "overgang",
    "verwijzer_type": "verwijzer",
    "van_product": "van_product",
    "naar_product": "naar_product",
}

PARAMS = (*SELECTORS, *MOVE_PARAMS)


def select_lines(ctx: InsightContext, lines: ir.Table, chosen: Mapping[str, str]) -> ir.Table:
    """The claim lines narrowed by every chosen selector (query parameter -> value)."""
    for param, value in chosen.items():
        if param in SELECTORS:
            lines = SELECTORS[param].narrow(ctx, lines, value)
    if any(param in chosen for param in MOVE_PARAMS):
        if ctx.catalog is None:
            return lines.filter(ibis.literal(False))
        moved = _moves(ctx, chosen)
        lines = lines.semi_join(
            moved,
            (lines.gemeente == moved.gemeente)
            & (lines.client_key == moved.client_key)
            & (lines.product_code == moved.naar),
        )
    return lines
