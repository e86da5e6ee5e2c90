"""What the indicator modules share: filtered base tables, the catalogue as a small table, execution.

Every helper returns an Ibis expression over the store's tables, so an indicator stays one vectorised
query that runs on DuckDB (the default) or another Ibis backend. Filters are applied once, here, with
the same meaning everywhere: municipality, provider and product narrow the rows; the period keeps rows
whose own date (care period, start, referral, session) falls in it.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from zorgpad.control.policy import COMPLEXITY_RANK

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.catalog.lookup import Catalog
    from zorgpad.insights.registry import Filters, InsightContext

# Ended trajectories of the same client within this many days count as one move (flows, step up/down).
FLOW_GAP_DAYS = 31
# Units whose volume is time; GeleverdVolume in minutes (01) or hours (04) converted to hours.
HOURS_PER_UNIT = {"01": 1 / 60, "04": 1.0}
OFFICIAL_STATUS_DELETED = "3"  # COD467: StatusAanlevering 3 = remove an earlier start/stop

_PRODUCTS = pa.schema(
    [
        ("p_code", pa.string()),
        ("p_name", pa.string()),
        ("p_care_form", pa.string()),
        ("p_care_form_name", pa.string()),
        ("p_track", pa.string()),
        ("p_setting", pa.string()),
        ("p_billable", pa.string()),
        ("p_max_months", pa.int64()),
        ("p_rank", pa.int64()),
        ("p_domain", pa.string()),
        ("p_prior_law", pa.string()),
        ("p_lot", pa.string()),
        ("p_purchasing", pa.string()),
    ]
)


def execute(expr: ir.Table) -> pa.Table:
    """Run an expression and return Arrow; Ibis 12's DuckDB deprecation notice is not ours to fix."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "fetch_arrow_table", DeprecationWarning)
        result: pa.Table = expr.to_pyarrow()
    return result


def table(ctx: InsightContext, name: str) -> ir.Table:
    return ctx.store.table(name)


def _narrow(t: ir.Table, filters: Filters, date_column: str | None, product_column: str | None) -> ir.Table:
    if filters.gemeente is not None and "gemeente" in t.columns:
        t = t.filter(t.gemeente == filters.gemeente)
    if filters.aanbieder is not None and "aanbieder" in t.columns:
        t = t.filter(t.aanbieder == filters.aanbieder)
    if filters.product is not None and product_column is not None:
        t = t.filter(t[product_column] == filters.product)
    if date_column is not None:
        if filters.period_from is not None:
            t = t.filter(t[date_column] >= filters.period_from)
        if filters.period_to is not None:
            t = t.filter(t[date_column] <= filters.period_to)
    return t


def claims(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Declared lines (JW323 Prestatie) in the filter; the period applies to the care period's start."""
    return _narrow(table(ctx, "claim_lines"), filters, "product_periode_begin", "product_code")


def sessions(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Delivery records; they carry no municipality, so that filter applies through the client's claims."""
    t = _narrow(table(ctx, "sessions"), filters, "session_date", None)
    if filters.gemeente is not None:
        lines = table(ctx, "claim_lines")
        clients = lines.filter(lines.gemeente == filters.gemeente).select("client_key").distinct()
        t = t.semi_join(clients, "client_key")
    return t


def referrals(ctx: InsightContext, filters: Filters) -> ir.Table:
    """First referrals (records with a referral date); later steps of a trajectory carry none."""
    t = table(ctx, "referrals")
    t = t.filter(t.referral_date.notnull())
    t = _narrow(t, filters, "referral_date", None)
    if filters.product is not None:
        t = t.filter(t.products.contains(filters.product))
    return t


def extra(t: ir.Table, name: str) -> ir.StringValue:
    """One column of the CSV's remaining columns, kept by the store as a JSON object in `extra`."""
    return t.extra.cast("json")[name].str


def pieces(ctx: InsightContext) -> ir.Table:
    """Every started allocation with its stop (if any): one row per (gemeente, ToewijzingNummer)."""
    starts = table(ctx, "starts")
    starts = starts.filter(starts.status_aanlevering != OFFICIAL_STATUS_DELETED)
    starts = starts.group_by(["gemeente", "toewijzing_nummer"]).aggregate(
        aanbieder=starts.aanbieder.arbitrary(),
        client_key=starts.client_key.arbitrary(),
        product_code=starts.product_code.arbitrary(),
        begin=starts.begindatum.min(),
    )
    stops = table(ctx, "stops")
    stops = stops.filter(stops.status_aanlevering != OFFICIAL_STATUS_DELETED)
    stops = stops.group_by(["gemeente", "toewijzing_nummer"]).aggregate(
        eind=stops.einddatum.max(), reden=stops.reden_beeindiging.argmax(stops.einddatum)
    )
    joined = starts.left_join(stops, ["gemeente", "toewijzing_nummer"])
    return joined.select(
        "gemeente", "toewijzing_nummer", "aanbieder", "client_key", "product_code", "begin", "eind", "reden"
    )


def _trajectory_expr(ctx: InsightContext) -> ir.Table:
    p = pieces(ctx)
    key = ["gemeente", "aanbieder", "client_key", "product_code"]
    w = ibis.window(group_by=key, order_by=[p.begin, p.toewijzing_nummer])
    # Two steps: DuckDB does not nest window functions (a running sum over a lag).
    lagged = p.mutate(previous_end=p.eind.lag().over(w), first=p.begin.lag().over(w).isnull())
    new = lagged.first | (
        lagged.previous_end.notnull() & (lagged.begin > lagged.previous_end + ibis.interval(days=1))
    )
    flagged = lagged.mutate(new=new.cast("int64"))
    w2 = ibis.window(group_by=key, order_by=[flagged.begin, flagged.toewijzing_nummer])
    marked = flagged.mutate(island=flagged.new.cumsum().over(w2))
    grouped = marked.group_by([*key, "island"]).aggregate(
        begin=marked.begin.min(),
        eind=marked.eind.argmax(marked.begin),
        reden=marked.reden.argmax(marked.begin),
        allocations=marked.count(),
    )
    return grouped.drop("island")


_TRAJECTORY_CACHE: dict[tuple[int, tuple[Any, ...]], pa.Table] = {}


def _data_version(ctx: InsightContext) -> tuple[Any, ...]:
    # Cheap to ask, and it changes whenever an ingest (or a test) adds starts or stops.
    rows = ctx.store.connection.execute(
        "SELECT (SELECT max(batch_id) FROM ingest_batches), (SELECT count(*) FROM starts), "
        "(SELECT count(*) FROM stops)"
    ).fetchall()
    return (str(ctx.store.path), *rows[0])


def trajectories(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Trajectories: a client's consecutive allocations of one product at one provider, merged.

    An extension is a new allocation that starts at most a day after the previous one stopped (or
    while it was still open); together they are one trajectory, as CBS merges them. A trajectory has
    ended when its last allocation has a stop; `eind` and `reden` are that stop's. Several indicators
    read them, so they are computed once per store state (ingest batches) and kept in memory.
    """
    key = (id(ctx.store.connection), _data_version(ctx))
    found = _TRAJECTORY_CACHE.get(key)
    if found is None:
        found = execute(_trajectory_expr(ctx))
        _TRAJECTORY_CACHE.clear()  # one store state at a time keeps memory bounded
        _TRAJECTORY_CACHE[key] = found
    return _narrow(ibis.memtable(found), filters, "begin", "product_code")


def days_between(later: ir.DateValue, earlier: ir.DateValue) -> ir.IntegerValue:
    return later.delta(earlier, unit="day")


def catalog_products(catalog: Catalog) -> ir.Table:
    """The catalogue's products as a small table, `p_`-prefixed so it joins without name clashes."""
    forms = {form.code: form.name for form in catalog.care_forms}
    rows: list[dict[str, Any]] = []
    for product in catalog.products:
        placed = catalog.lot_for(product.code)
        rows.append(
            {
                "p_code": product.code,
                "p_name": product.name,
                "p_care_form": product.care_form,
                "p_care_form_name": forms.get(product.care_form, product.care_form),
                "p_track": product.care_track,
                "p_setting": product.setting,
                "p_billable": product.billable_time,
                "p_max_months": product.max_duration_months,
                "p_rank": COMPLEXITY_RANK.get(product.complexity),
                "p_domain": product.care_need_domains[0],
                "p_prior_law": product.prior_provision.law if product.prior_provision else None,
                "p_lot": f"{placed[0].code} {placed[0].name}" if placed else None,
                "p_purchasing": placed[1].purchasing if placed else None,
            }
        )
    return ibis.memtable(pa.Table.from_pylist(rows, schema=_PRODUCTS))


def require_catalog(ctx: InsightContext) -> Catalog:
    """The catalogue of a `needs_catalog` indicator (the registry refuses to call it without one)."""
    if ctx.catalog is None:  # pragma: no cover - compute_indicator guards this
        raise ValueError("indicator needs a catalogue")
    return ctx.catalog


def share(part: ir.NumericValue, whole: ir.NumericValue) -> ir.FloatingValue:
    """Percentage, rounded to one decimal; null when the whole is zero."""
    return ibis.ifelse(whole == 0, ibis.null("float64"), (part * 100.0 / whole).round(1))


def ordered(expr: ir.Table, *keys: str) -> pa.Table:
    return execute(expr.order_by(list(keys)))
