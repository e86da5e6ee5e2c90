"""Summaries of claim lines and allocations that the store keeps up to date with every ingest batch.

A control run needs facts about ALL stored rows that otherwise cost an aggregate over every row each
time: which ReferentieNummers were used more than once (TR314); per ToewijzingNummer the debets' total
volume and amount, their count and a mask of the months they are for, and the smallest total volume
and budget of its allocations (where a running total may exceed the allocation, or a period be debited
twice: TR322, TR369, TR389), and from those two the numbers whose lines the control must look at
again (`allocation_flags`, made anew for the numbers a batch touches); which clients have more than
one allocation with a provider (the only ones that can have stacked allocations: OP259); which
ToewijzingNummers have more than one allocation row (the only ones with several versions); which
debets were credited in which declarations (TR323, TR390); and per ToewijzingNummer the range of the
client, ProductCategorie, ProductCode and Eenheid of its claim lines and of its allocation rows (where
all are one and the same, a line's own values are its allocation's, and the control need not look them
up for every line). All are
associative, so a batch adds its own rows to them in the same transaction that stores the rows (a
killed ingest leaves neither); an ingest skips files already stored, so nothing is counted twice.

`store_meta` marks the summaries as kept (`control_summaries`); a store without that mark (written by
an older version, or by hand) is summarised when it is next opened for writing, and until then the
control run computes the same tables itself from the expressions below.
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as idt  # read at run time: the UDF's return type

from zorgpad.store.periods import allocation_periods
from zorgpad.store.schema import TABLES

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir

MARKER = "control_summaries"
VERSION = "6"  # raise when a summary is added or changes: stores are then summarised afresh
REUSED = "reused_references"
DEBETS = "debet_summaries"
SHARED_CLIENTS = "shared_clients"
BOUNDS = "allocation_bounds"
FLAGS = "allocation_flags"
REPEATED_NUMBERS = "repeated_allocations"
CREDITED = "credited_references"
LINE_ATTRIBUTES = "line_attributes"
ALLOCATION_ATTRIBUTES = "allocation_attributes"
# Every summary table, in the order a rebuild fills them (flags last: they read the four before).
KEPT = (
    REUSED,
    CREDITED,
    SHARED_CLIENTS,
    REPEATED_NUMBERS,
    BOUNDS,
    DEBETS,
    LINE_ATTRIBUTES,
    ALLOCATION_ATTRIBUTES,
    FLAGS,
)
REFERENCE_KEY = ("aanbieder", "referentie_nummer")
CLIENT_KEY = ("aanbieder", "client_key")
NUMBER_KEY = ("toewijzing_nummer",)

# Bits of a month mask: a debet's period start picks one; two debets on one bit may be for the same
# period (TR389). 48 bits keep the sum of a few thousand debets within 64-bit integers.
MASK_BITS = 48
# Every bit of the period mask set.
ALL_PERIODS = (1 << MASK_BITS) - 1
# The bit of an allocation's flags above the period mask: its debets may exceed its total or budget.
RISKY_BIT = 1 << MASK_BITS
# The columns a claim line shares with its allocation. Where every stored claim line and allocation row
# of a ToewijzingNummer has one and the same value in each, a line's own values are its allocation's;
# the bit above RISKY_BIT marks the numbers where that is not known to hold.
SHARED_COLUMNS = ("client_key", "product_categorie", "product_code", "eenheid")
DIFFERS_BIT = 1 << (MASK_BITS + 1)


def period_bit(begin: ir.DateValue) -> ir.IntegerValue:
    """The mask bit of a period start: distinct for the first days of 48 consecutive months."""
    slot = ((begin.year() * 12 + begin.month()) * 31 + begin.day()) % MASK_BITS
    # 2**47 >> (47 - slot) is 2**slot computed in 64 bits everywhere (a literal 1 may be 32 bits).
    return ibis.literal(2 ** (MASK_BITS - 1), "int64") >> (MASK_BITS - 1 - slot)


def repeated(rows: ir.Table, keys: tuple[str, ...]) -> ir.Table:
    """The values of `keys` that more than one of `rows` has."""
    counted = rows.group_by(*keys).aggregate(_n=rows.count())
    return counted.filter(counted._n > 1).select(*keys)


def reused_references(claims: ir.Table) -> ir.Table:
    """(aanbieder, ReferentieNummer) used by more than one of `claims`."""
    return repeated(claims, REFERENCE_KEY)


def shared_clients(allocations: ir.Table) -> ir.Table:
    """(aanbieder, client) of more than one of `allocations` (versions of one allocation included)."""
    return repeated(allocations, CLIENT_KEY)


def debet_sums(claims: ir.Table, *, amounts: bool = True) -> ir.Table:
    """Per ToewijzingNummer of the debets among `claims`: volume and amount (negatives as 0) summed
    as doubles (exact below 2**53, and much cheaper than 128-bit integer sums), their count, and the
    OR and XOR of their period bits. Without `amounts` the amount is left empty (not summed)."""
    debets = claims.filter((claims.debet_credit == "D") & claims.toewijzing_nummer.notnull())
    bit = period_bit(debets.product_periode_begin)
    amount = ibis.greatest(debets.ingediend_bedrag, 0).cast("float64").sum()
    return debets.group_by("toewijzing_nummer").aggregate(
        volume=ibis.greatest(debets.geleverd_volume, 0).cast("float64").sum(),
        debets=debets.count(),
        mask=bit.bit_or(),
        odd=bit.bit_xor(),
        amount=amount if amounts else ibis.null("float64"),
    )


def allocation_bounds(allocations: ir.Table) -> ir.Table:
    """Per ToewijzingNummer the smallest total volume (volume x periods, TR322) and the smallest budget
    (TR369) of `allocations`: a running total of the number's debets can exceed no version's unless
    their sum exceeds these."""
    rows = allocations.filter(allocations.toewijzing_nummer.notnull())
    total = rows.volume * allocation_periods(rows.frequentie, rows.ingangsdatum, rows.einddatum)
    return rows.group_by("toewijzing_nummer").aggregate(max_volume=total.min(), budget=rows.budget.min())


def attribute_ranges(rows: ir.Table) -> ir.Table:
    """Per ToewijzingNummer of `rows` (claim lines or allocations): how many, and for each of
    SHARED_COLUMNS the smallest and largest value and how many rows have one."""
    numbered = rows.filter(rows.toewijzing_nummer.notnull())
    ranges: dict[str, ir.Value] = {"rows": numbered.count()}
    for name in SHARED_COLUMNS:
        ranges[f"{name}_lo"] = numbered[name].min()
        ranges[f"{name}_hi"] = numbered[name].max()
        ranges[f"{name}_known"] = numbered[name].count()
    return numbered.group_by("toewijzing_nummer").aggregate(**ranges)


def _merged_ranges(old: ir.Table, new: ir.Table) -> ir.Table:
    both = old.union(new, distinct=False)
    ranges: dict[str, ir.Value] = {"rows": both.rows.sum()}
    for name in SHARED_COLUMNS:
        ranges[f"{name}_lo"] = both[f"{name}_lo"].min()
        ranges[f"{name}_hi"] = both[f"{name}_hi"].max()
        ranges[f"{name}_known"] = both[f"{name}_known"].sum()
    return both.group_by("toewijzing_nummer").aggregate(**ranges)


def _all_alike(ranges: ir.Table) -> ir.BooleanValue:
    """Whether every line and every allocation row of a number has one and the same value in each
    shared column; `ranges` joins the lines' `attribute_ranges` to the allocations' (prefixed `_a_`)."""
    alike = [ranges._a_rows.notnull()]
    for name in SHARED_COLUMNS:
        lo, a_lo = ranges[f"{name}_lo"], ranges[f"_a_{name}_lo"]
        alike += [
            ranges[f"{name}_known"] == ranges.rows,
            ranges[f"_a_{name}_known"] == ranges._a_rows,
            lo == ranges[f"{name}_hi"],
            a_lo == ranges[f"_a_{name}_hi"],
            lo == a_lo,
        ]
    return reduce(lambda a, b: a & b, alike).fill_null(False)


@ibis.udf.scalar.builtin(name="bit_count")  # type: ignore[untyped-decorator]
def _bit_count(value: int) -> idt.int8:
    """How many bits of an integer are set (DuckDB and Spark both have `bit_count`)."""


def allocation_flags(
    sums: ir.Table,
    bounds: ir.Table,
    *,
    amounts: bool = True,
    ranges: tuple[ir.Table, ir.Table] | None = None,
) -> ir.Table:
    """The ToewijzingNummers whose claim lines the control must look at closely, with `flags`:
    `RISKY_BIT` where the debets, all counted, exceed the smallest total or budget of any version (the
    only place a running total can exceed it: TR322, TR369); where two debets may be for the same
    period (TR389), the period bits set twice, or every bit (every line) where a bit is set three times
    or more; and, given `ranges` (`attribute_ranges` of the claim lines and of the allocations),
    `DIFFERS_BIT` where the lines and allocation rows do not all share one value in every column of
    SHARED_COLUMNS. One integer, as it rides along with the allocation to every claim line.

    From `debet_sums` and `allocation_bounds`; keyed by the number alone, which can only widen the set:
    numbers shared by several allocations have their sums added and masks combined, so a flag is never
    lost, and phase 2 computes exactly on the lines flagged. Without `amounts` budgets are not compared.
    With `ranges` every number with a claim line is judged, also one without debets."""
    limits = bounds.select(_n=bounds.toewijzing_nummer, _max_volume=bounds.max_volume, _budget=bounds.budget)
    if ranges is None:
        base = sums.mutate(_differs=ibis.literal(False))
    else:
        lines, allocations = ranges
        other = allocations.rename({f"_a_{name}": name for name in allocations.columns})
        alike = lines.left_join(other, lines.toewijzing_nummer == other._a_toewijzing_nummer)
        counted = sums.rename({f"_s_{name}": name for name in sums.columns})
        joined = alike.left_join(counted, alike.toewijzing_nummer == counted._s_toewijzing_nummer)
        base = joined.select(
            toewijzing_nummer=joined.toewijzing_nummer,
            **{name: joined[f"_s_{name}"] for name in sums.columns if name != "toewijzing_nummer"},
            _differs=~_all_alike(joined),
        )
    both = base.left_join(limits, base.toewijzing_nummer == limits._n)
    over_budget = (both.amount > both._budget).fill_null(False) if amounts else ibis.literal(False)
    risky = (both.volume > both._max_volume).fill_null(False) | over_budget
    # As many bits as debets: no period twice. Bits set an even number of times are those of the OR
    # not in the XOR; they are all the repeats exactly when no bit is set three times or more, i.e.
    # when each debet is counted by a bit of the OR or of those.
    distinct = _bit_count(both.mask).cast("int64")
    repeat = (both.debets != distinct).fill_null(False)
    twice = both.mask & ~both.odd
    exact = both.debets == distinct + _bit_count(twice).cast("int64")
    flagged = both.filter(risky | repeat | both._differs)
    every_period = ibis.literal(ALL_PERIODS, "int64")
    twice_bits = ibis.cases((~repeat, 0), (exact, twice), else_=every_period).cast("int64")
    marks = ibis.ifelse(risky, ibis.literal(RISKY_BIT, "int64"), 0) | ibis.ifelse(
        both._differs, ibis.literal(DIFFERS_BIT, "int64"), 0
    )
    return flagged.select(toewijzing_nummer=flagged.toewijzing_nummer, flags=twice_bits | marks)


def credited_references(claims: ir.Table) -> ir.Table:
    """Every aanbieder x VorigReferentieNummer x message of the credit lines among `claims`: which debets
    were credited, and in which declarations (few rows: a credit only corrects an earlier debet)."""
    credit = claims.filter((claims.debet_credit == "C") & claims.vorig_referentie_nummer.notnull())
    return credit.select("aanbieder", "vorig_referentie_nummer", "message_id").distinct()


def repeated_allocations(allocations: ir.Table) -> ir.Table:
    """ToewijzingNummers of more than one of `allocations`: the only ones that can have several versions."""
    return repeated(allocations, NUMBER_KEY)


def _merged_bounds(old: ir.Table, new: ir.Table) -> ir.Table:
    both = old.union(new, distinct=False)
    return both.group_by("toewijzing_nummer").aggregate(
        max_volume=both.max_volume.min(), budget=both.budget.min()
    )


def _merged(old: ir.Table, new: ir.Table) -> ir.Table:
    both = old.union(new, distinct=False)
    return both.group_by("toewijzing_nummer").aggregate(
        volume=both.volume.sum(),
        debets=both.debets.sum(),
        mask=both.mask.bit_or(),
        odd=both.odd.bit_xor(),
        amount=both.amount.sum(),
    )


def _stored(name: str) -> ir.Table:
    return ibis.table(TABLES[name].ibis_schema, name=name)


def _sql(expr: ir.Table) -> str:
    return str(ibis.to_sql(expr, dialect="duckdb"))


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: ir.Table) -> None:
    con.execute(f"INSERT INTO {table} SELECT * FROM ({_sql(rows)})")


def _add_repeats(
    con: duckdb.DuckDBPyConnection, batch: ir.Table, stored: str, table: str, keys: tuple[str, ...]
) -> None:
    """Add to summary `table` the keys the batch has twice, or has and table `stored` already has."""
    seen = batch.select(*keys).distinct().semi_join(_stored(stored), list(keys))
    fresh = repeated(batch, keys).union(seen, distinct=True)
    new = fresh.anti_join(_stored(table), list(keys))
    _insert(con, table, new)


def add_batch(con: duckdb.DuckDBPyConnection, claims: str | None, allocations: str | None) -> None:
    """Add the rows of a batch to the summaries: `claims` and `allocations` name registered views
    of its claim lines and allocations (in the tables' schemas, not yet stored), or are None when it
    has none. Runs inside the caller's transaction, before the rows are stored."""
    touched: list[ir.Table] = []
    if allocations is not None:
        batch = ibis.table(TABLES["allocations"].ibis_schema, name=allocations)
        _add_repeats(con, batch, "allocations", SHARED_CLIENTS, CLIENT_KEY)
        _add_repeats(con, batch, "allocations", REPEATED_NUMBERS, NUMBER_KEY)
        _merge(con, BOUNDS, allocation_bounds(batch), _merged_bounds)
        _merge(con, ALLOCATION_ATTRIBUTES, attribute_ranges(batch), _merged_ranges)
        touched.append(batch.select(*NUMBER_KEY))
    if claims is not None:
        batch = ibis.table(TABLES["claim_lines"].ibis_schema, name=claims)
        _add_repeats(con, batch, "claim_lines", REUSED, REFERENCE_KEY)
        _merge(con, DEBETS, debet_sums(batch), _merged)
        _merge(con, LINE_ATTRIBUTES, attribute_ranges(batch), _merged_ranges)
        _insert(con, CREDITED, credited_references(batch))  # the batch's messages are new: no repeats
        touched.append(batch.select(*NUMBER_KEY))
    if touched:
        _refresh_flags(con, touched[0] if len(touched) == 1 else touched[0].union(touched[1]))


def _refresh_flags(con: duckdb.DuckDBPyConnection, touched: ir.Table) -> None:
    """Flags anew for the ToewijzingNummers the batch touched (their sums or bounds changed)."""
    numbers = touched.filter(touched.toewijzing_nummer.notnull()).distinct()

    def touched_rows(name: str) -> ir.Table:
        return _stored(name).semi_join(numbers, "toewijzing_nummer")

    ranges = (touched_rows(LINE_ATTRIBUTES), touched_rows(ALLOCATION_ATTRIBUTES))
    flags = allocation_flags(touched_rows(DEBETS), _stored(BOUNDS), ranges=ranges)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _zorgpad_touched AS {_sql(numbers)}")
    try:
        con.execute(
            f"DELETE FROM {FLAGS} WHERE toewijzing_nummer IN (SELECT toewijzing_nummer FROM _zorgpad_touched)"
        )
        _insert(con, FLAGS, flags)
    finally:
        con.execute("DROP TABLE IF EXISTS _zorgpad_touched")


def _merge(con: duckdb.DuckDBPyConnection, table: str, new: ir.Table, merged: Any) -> None:
    """Replace the rows of summary `table` for the ToewijzingNummers in `new` by both combined."""
    old = _stored(table).semi_join(new, "toewijzing_nummer")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _zorgpad_merged AS {_sql(merged(old, new))}")
    try:
        con.execute(
            f"DELETE FROM {table} WHERE toewijzing_nummer IN (SELECT toewijzing_nummer FROM _zorgpad_merged)"
        )
        con.execute(f"INSERT INTO {table} SELECT * FROM _zorgpad_merged")
    finally:
        con.execute("DROP TABLE IF EXISTS _zorgpad_merged")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Summarise every stored claim line afresh and mark the summaries as kept, in one transaction."""
    claims = _stored("claim_lines")
    con.begin()
    try:
        for name in KEPT:
            con.execute(f"DELETE FROM {name}")
        _insert(con, REUSED, reused_references(claims))
        _insert(con, CREDITED, credited_references(claims))
        allocations = _stored("allocations")
        _insert(con, SHARED_CLIENTS, shared_clients(allocations))
        _insert(con, REPEATED_NUMBERS, repeated_allocations(allocations))
        _insert(con, BOUNDS, allocation_bounds(allocations))
        _insert(con, DEBETS, debet_sums(claims))
        _insert(con, LINE_ATTRIBUTES, attribute_ranges(claims))
        _insert(con, ALLOCATION_ATTRIBUTES, attribute_ranges(allocations))
        ranges = (_stored(LINE_ATTRIBUTES), _stored(ALLOCATION_ATTRIBUTES))
        _insert(con, FLAGS, allocation_flags(_stored(DEBETS), _stored(BOUNDS), ranges=ranges))
        con.execute("DELETE FROM store_meta WHERE name = ?", [MARKER])
        con.execute("INSERT INTO store_meta VALUES (?, ?)", [MARKER, VERSION])
        con.commit()
    except BaseException:
        con.rollback()
        raise


def is_kept(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute("SELECT value FROM store_meta WHERE name = ?", [MARKER]).fetchall()
    return bool(rows) and rows[0][0] == VERSION
