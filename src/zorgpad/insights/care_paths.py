"""Indicator: steps up and down along clients' care paths (op- en afschalen), per municipality.

Seed 002 asks for smooth stepping up and down without a new face or file; seed 000 knelpunt 6 for
stepping down to lighter care. Every client's allocations form one path; each step is counted by its
direction (from the catalogue's complexity) and cause. The rules are those of one client's path in
`zorgpad.access.care_path` (used by `zorgpad traject`); here they run for every client at once as one
Ibis expression: window functions over each client's allocations in start order link every allocation
to the one before it, the last stop (JZ588) of that one and the client's change requests (JW317).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.access.care_path import RANK, STOP_CAUSES
from zorgpad.access.records import DELETED
from zorgpad.insights._common import execute, require_catalog
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.catalog.lookup import Catalog
    from zorgpad.store.database import Store

DIRECTIONS = ("opschalen", "afschalen", "gelijk")
CAUSES = ("overstap aanbieder", "ander domein", "wijzigingsverzoek")
MEASURES = (*DIRECTIONS, *CAUSES)
STOP_UNCHANGED = "1"  # COD467 StatusAanlevering 1: a stop as first delivered
CHANGE_KIND_NEW = "nieuw"  # a JW317 line asking for a new product
CHANGE_REASON = "12"  # JZ002 RedenWijziging 12: changed on a request for change (JW317)

_ALLOCATION_COLUMNS = (
    "client_key", "aanbieder", "product_code", "ingangsdatum", "einddatum", "reden_wijziging"
)  # fmt: skip
_RANKS = pa.schema([("r_code", pa.string()), ("r_rank", pa.int64())])
_RESULT = pa.schema([("gemeente", pa.string()), *((m, pa.int64()) for m in MEASURES)])


def _ranks(catalog: Catalog) -> ir.Table:
    """Product code -> complexity rank, one row per code (the catalogue's lookup keeps the last)."""
    ranks = {product.code: RANK[product.complexity] for product in catalog.products}
    return ibis.memtable(pa.table([list(ranks), list(ranks.values())], schema=_RANKS))


def _current_allocations(store: Store) -> ir.Table:
    """The latest version of every ToewijzingNummer, deleted ones left out (as `allocations_of`).

    An aggregate (arg max of the row by date, time, message and position), not a window: a tenth of
    the time on DuckDB. The row is packed in a struct because arg max skips null values (Einddatum).
    """
    a = store.table("allocations")
    version = ibis.struct(
        {"d": a.toewijzingsdatum, "t": a.toewijzingstijd, "m": a.message_id, "p": a.position}
    )
    row = ibis.struct({name: a[name] for name in _ALLOCATION_COLUMNS})
    latest = a.group_by(["gemeente", "toewijzing_nummer"]).aggregate(row=row.argmax(version))
    a = latest.select(
        "gemeente", "toewijzing_nummer", *(latest.row[name].name(name) for name in _ALLOCATION_COLUMNS)
    )
    deleted = a.reden_wijziging.isin(DELETED) & (a.einddatum == a.ingangsdatum)
    return a.filter(~deleted.fill_null(False))


def _last_stops(store: Store) -> ir.Table:
    """The last stop (by Dagtekening, then message and position) of every allocation number of a client."""
    s = store.table("stops")
    s = s.filter((s.status_aanlevering == STOP_UNCHANGED) & s.toewijzing_nummer.notnull())
    order = ibis.struct({"d": s.dagtekening, "m": s.message_id, "p": s.position})
    row = ibis.struct({"einde": s.einddatum, "reden": s.reden_beeindiging})
    last = s.group_by(["client_key", "toewijzing_nummer"]).aggregate(row=row.argmax(order))
    return last.select(
        s_client="client_key",
        s_nummer="toewijzing_nummer",
        s_einde=last.row["einde"],
        s_reden=last.row["reden"],
    )


def _asked(store: Store) -> ir.Table:
    """Provider and product every client's JW317s asked for as new."""
    c = store.table("change_requests")
    c = c.filter(c.kind == CHANGE_KIND_NEW)
    return c.select(
        q_client="client_key", q_agb="aanbieder", q_product="product_code", q_found=ibis.literal(True)
    ).distinct()


def path_steps(store: Store, catalog: Catalog) -> ir.Table:
    """Every step after the first of every client's care path: the allocation it starts (client,
    gemeente, ToewijzingNummer, product, Ingangsdatum), how it follows (`hoe`) and its `richting`.

    Each allocation is first joined to its own last stop, its complexity rank and whether a JW317
    asked for it; a window over the client's allocations in start order then hands every step the
    facts of the allocation before it.
    """
    a, s, q, r = _current_allocations(store), _last_stops(store), _asked(store), _ranks(catalog)
    a = a.left_join(s, (a.client_key == s.s_client) & (a.toewijzing_nummer == s.s_nummer))
    a = a.left_join(
        q, (a.client_key == q.q_client) & (a.aanbieder == q.q_agb) & a.product_code.identical_to(q.q_product)
    )
    a = a.left_join(r, a.product_code == r.r_code)
    a = a.select(
        "client_key", "gemeente", "toewijzing_nummer", "product_code", "ingangsdatum", "einddatum",
        "reden_wijziging", "s_einde", "s_reden", "r_rank",
        stopped=s.s_nummer.notnull(), asked=q.q_found.fill_null(False),
    )  # fmt: skip
    order = ibis.window(group_by=a.client_key, order_by=[a.ingangsdatum, a.toewijzing_nummer, a.gemeente])
    p = a.mutate(
        step=ibis.row_number().over(order),
        prev_einde=a.einddatum.lag().over(order),
        prev_wijziging=a.reden_wijziging.lag().over(order),
        prev_stopped=a.stopped.lag().over(order),
        prev_stop_einde=a.s_einde.lag().over(order),
        prev_stop_reden=a.s_reden.lag().over(order),
        prev_rank=a.r_rank.lag().over(order),
    )
    p = p.filter(p.step > 0)

    stopped = p.prev_stopped.fill_null(False)
    end = ibis.ifelse(stopped, p.prev_stop_einde, p.prev_einde)
    changed = (p.prev_wijziging == CHANGE_REASON).fill_null(False) | p.asked
    cause = ibis.cases(
        *((stopped & (p.prev_stop_reden == code), name) for code, name in STOP_CAUSES.items()),
        (changed, "wijzigingsverzoek"),
        (end.isnull() | (p.ingangsdatum <= end), "naast"),
        else_="vervolg",
    )
    direction = ibis.cases(
        (p.prev_rank.isnull() | p.r_rank.isnull(), "onbekend"),
        (p.r_rank > p.prev_rank, "opschalen"),
        (p.r_rank < p.prev_rank, "afschalen"),
        else_="gelijk",
    )
    return p.select(
        "client_key",
        "gemeente",
        "toewijzing_nummer",
        "product_code",
        "ingangsdatum",
        hoe=cause,
        richting=direction,
    )


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
    units={"overstap aanbieder": "aantal", "ander domein": "aantal", "wijzigingsverzoek": "aantal"},
)
def steps_per_municipality(context: InsightContext, filters: Filters) -> pa.Table:
    t = path_steps(context.store, require_catalog(context))
    if filters.gemeente is not None:
        t = t.filter(t.gemeente == filters.gemeente)
    if filters.period_from is not None:
        t = t.filter(t.ingangsdatum >= filters.period_from)
    if filters.period_to is not None:
        t = t.filter(t.ingangsdatum <= filters.period_to)
    counts = {name: (t.richting == name).cast("int64").sum() for name in DIRECTIONS}
    counts |= {name: (t.hoe == name).cast("int64").sum() for name in CAUSES}
    result = execute(t.group_by("gemeente").aggregate(**counts).order_by("gemeente"))
    return result.select(list(_RESULT.names)).cast(_RESULT)
