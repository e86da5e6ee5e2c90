"""What every rule sees: the store's tables, the region's policy tables and the judged-lines table.

`RuleInput.lines` is the judged-lines table: one row per claim line of a valid JW323, widened once
with everything a prestatie rule compares, so that every such rule is an expression over it and the
engine judges all of them in one pass (a join and a projection, no per-rule scans):

- the declaration order `decl_seq` and the allocation version the line is judged against (`a_*`);
- history facts from small side tables (`h_*`): the first declaration that used the line's
  ReferentieNummer, the first credit of the line, the first earlier credit of the same debet, and
  whether an ingested JW325 returned the line;
- with a catalogue: the product (`p_*`), the accepted tariffs (`t_known`), the contract (`k_contracted`),
  the yearly volume so far (`v_year_cum`) and the group-treatment pattern (`g_*`);
- with delivery records (`s_*`) and access records (`r_*`, `l_lighter`).

Phase-2 rules read `RuleInput.judged`: the lines plus what needs the phase-1 verdicts of other lines
(cumulative volume and amount, an earlier granted debet, an earlier debet not credited) and the
allocation's budget and number of periods these totals are compared with (`with_totals`). Those are
computed only for the few lines where they can matter (the phase-2 rules' declared candidates, found
with hash aggregates).

"Earlier" is defined once, deterministically: declarations are ordered by header Dagtekening, then
Identificatie, then message id. A claim line is judged against the latest version of its allocation
(same gemeente, aanbieder and ToewijzingNummer) whose JW301 is dated on or before the declaration,
versions ordered by message Dagtekening, Toewijzingsdatum, Toewijzingstijd (IV013), message id, position.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.operations as ops

from zorgpad.control.deferred import Deferred
from zorgpad.errors import UserError
from zorgpad.store import summaries

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

    from zorgpad.control.policy import PolicyTables

# Allocation columns a claim line carries, renamed with an `a_` prefix.
ALLOCATION_FIELDS = (
    "client_key",
    "product_categorie",
    "product_code",
    "ingangsdatum",
    "einddatum",
    "reden_wijziging",
    "volume",
    "eenheid",
    "frequentie",
)
LINE_KEY = ("message_id", "position")
ALLOCATION_KEY = ("gemeente", "aanbieder", "toewijzing_nummer")
# Up to this many claim lines the judged lines are materialised: on small inputs compiling the rules'
# expressions costs more than computing them, and reading a table keeps those expressions small.
MATERIALISE_LINES = 200_000
END_OF_TIME = ibis.date(9999, 12, 31)

_COUNTER = itertools.count()

# Claim-line columns that no rule, fact or trace reads (the declaration's own come from `declarations`):
# stored, but not carried through the pass.
UNREAD_LINE_COLUMNS = frozenset({"declaratie_dagtekening", "declaratie_nummer", "declaratie_periode_begin"})
REQUIRED_TABLES = ("messages", "declarations", "claim_lines", "allocations")


@dataclass
class _Shared:
    """What one run computes once: side tables, facts about the store and the temporary tables to drop."""

    cache: dict[str, ir.Table] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    temporary: list[str] = field(default_factory=list)
    deferred: Deferred | None = None  # while set, stored tables are made on its worker thread


@dataclass
class RuleInput:
    """The inputs of one control run. Side tables are built lazily, once, and materialised."""

    backend: BaseBackend
    tables: Mapping[str, ir.Table]
    policy: PolicyTables | None = None
    judged_table: ir.Table | None = None  # set by the engine before phase 2
    # True: `received` keeps a table's rows by joining every valid message, as the definition reads
    # (the plain path the fast one is tested against, tests/control/test_received_fast_path.py).
    plain: bool = False
    on: dt.date | None = None  # the day of the check (TR135); today when not given
    _shared: _Shared = field(default_factory=_Shared)
    _own: dict[str, ir.Table] = field(default_factory=dict)

    # -- store tables --------------------------------------------------------------------------------
    def table(self, name: str) -> ir.Table:
        try:
            return self.tables[name]
        except KeyError:
            raise UserError(
                "CONTROLE-TABEL-ONTBREEKT",
                f"De database mist de tabel '{name}'. Lees de berichten eerst in met 'zorgpad ingest'.",
                name,
            ) from None

    def has_rows(self, name: str) -> bool:
        """Whether the store has this table with at least one row (e.g. delivery records)."""
        return name in self.tables and self._facts()[name] > 0

    def kept_summary(self, name: str) -> ir.Table | None:
        """A summary the store keeps up to date at ingest (`zorgpad.store.summaries`), or None when this
        store does not keep them (then the caller computes the same table from the claim lines)."""
        kept = "store_meta" in self.tables and self._facts()["_marked"] > 0
        return self.tables[name] if kept and name in self.tables else None

    def _facts(self) -> dict[str, int]:
        """What the run asks about the store before it builds anything, read in one query at its start
        (a read waits for the stored tables being made, so none should come later): for each table
        whether it has a row, the number of claim lines, and whether the summaries are kept."""
        facts = self._shared.facts
        if not facts:
            asked = {name: table.limit(1).count().as_scalar() for name, table in self.tables.items()}
            if "claim_lines" in self.tables:
                asked["_lines"] = self.tables["claim_lines"].count().as_scalar()
            if "store_meta" in self.tables:
                meta = self.tables["store_meta"]
                mark = meta.filter((meta.name == summaries.MARKER) & (meta.value == summaries.VERSION))
                asked["_marked"] = mark.limit(1).count().as_scalar()
            if summaries.FLAGS in self.tables:
                flags = self.tables[summaries.FLAGS]
                for bit in (summaries.RISKY_BIT, summaries.DIFFERS_BIT):
                    asked[f"_bit{bit}"] = flags.filter((flags.flags & bit) != 0).limit(1).count().as_scalar()
            facts.update(self.read(ibis.struct(asked)).as_py())
        return facts

    def _flagged(self, bit: int) -> bool:
        """Whether some ToewijzingNummer has this bit in the flags the store keeps; True when it keeps
        none (the run then computes the flags itself and cannot know before)."""
        return self.kept_summary(summaries.FLAGS) is None or self._facts()[f"_bit{bit}"] > 0

    # -- materialisation -----------------------------------------------------------------------------
    def _keep(self, name: str, build: Any) -> ir.Table:
        cache = self._shared.cache
        if name not in cache:
            expr = build()
            cache[name] = self.materialised(expr)
        return cache[name]

    def materialised(self, expr: ir.Table) -> ir.Table:
        """Compute `expr` once into a temporary table of the backend and read it from there."""
        name = f"zp_control_{next(_COUNTER)}_{uuid.uuid4().hex[:8]}"
        self._shared.temporary.append(name)
        if self.backend.name != "duckdb":
            self.settle()
            return self.backend.create_table(name, expr, temp=True)
        # One statement, and the table's schema taken from the expression: Ibis' `create_table` also
        # asks DuckDB for the current catalogue and schema and reads the new table's columns back,
        # four more round trips for each of a run's dozen stored tables.
        statement = f'CREATE TEMP TABLE "{name}" AS {self.backend.compile(expr)}'

        def create() -> None:
            # (in-memory tables in `expr`, such as the catalogue's, are registered by Ibis' own hook)
            self.backend._run_pre_execute_hooks(expr)
            self.backend.raw_sql(statement)

        if self._shared.deferred is None:
            create()
        else:
            self._shared.deferred.submit(create)
        namespace = ops.Namespace(catalog="temp", database="main")
        return ops.DatabaseTable(name, expr.schema(), self.backend, namespace).to_expr()

    @contextmanager
    def deferring(self) -> Iterator[None]:
        """Within: stored tables are made on a worker thread while Python builds what comes next
        (`zorgpad.control.deferred`); reads go through `read`. On leaving, all of it has run."""
        if self._shared.deferred is not None:
            yield
            return
        self._shared.deferred = Deferred()
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            deferred, self._shared.deferred = self._shared.deferred, None
            try:
                deferred.close()
            except Exception:
                if not failed:  # else the first error is the one to report
                    raise

    def settle(self) -> None:
        """Wait until every queued stored table exists."""
        if self._shared.deferred is not None:
            self._shared.deferred.settle()

    def read(self, expr: ir.Expr) -> Any:
        """The result of `expr` as Arrow (not `execute`: that would load pandas, a third of a second),
        once the stored tables it may read exist."""
        self.settle()
        return expr.to_pyarrow()

    def close(self) -> None:
        """Drop the temporary tables of this run."""
        self.settle()
        while self._shared.temporary:
            name = self._shared.temporary.pop()
            self.backend.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
        self._shared.cache.clear()

    # -- declarations and allocations ----------------------------------------------------------------
    @property
    def valid_messages(self) -> ir.Table:
        messages = self.table("messages")
        return messages.filter(messages.valid).select("message_id")

    def received(self, name: str) -> ir.Table:
        """The rows of table `name` from messages that passed levels 1-2 (an invalid message counts as
        not sent, IV028). Fast path: drop the rows of the few invalid messages (a small, stored table)
        instead of joining every valid one, which costs a hash of the whole messages table per use."""
        table = self.table(name)
        if self.plain:
            return table.semi_join(self.valid_messages, "message_id")

        def invalid() -> ir.Table:
            messages = self.table("messages")
            return messages.filter(~messages.valid.fill_null(False)).select("message_id")

        return table.anti_join(self._keep("invalid_messages", invalid), "message_id")

    @property
    def declarations(self) -> ir.Table:
        """Declarations of valid messages with their order (`decl_seq`) and `pair_id` (see `_pairs`)."""

        def build() -> ir.Table:
            decl = self.table("declarations").semi_join(self.valid_messages, "message_id")
            order = [decl.dagtekening, decl.identificatie, decl.message_id]
            pairs = self._pairs()
            joined = decl.left_join(pairs, [decl.gemeente == pairs._g, decl.aanbieder == pairs._a])
            return joined.select(
                *decl.columns,
                decl_seq=ibis.row_number().over(order_by=order),
                pair_id=joined.pair_id,
            )

        return self._keep("declarations", build)

    def _pairs(self) -> ir.Table:
        """Every gemeente x aanbieder of a declaration or an allocation, numbered. A claim line has
        those of its declaration's header, so it finds its allocation by two integers, this number and
        the ToewijzingNummer: a cheaper join than on two strings and an integer."""

        def build() -> ir.Table:
            names = {"_g": "gemeente", "_a": "aanbieder"}
            both = (
                self.table("declarations")
                .select(**names)
                .union(self.table("allocations").select(**names), distinct=True)
            )
            return both.mutate(pair_id=ibis.row_number())

        return self._keep("pairs", build)

    def _versions(self) -> ir.Table:
        """Every allocation version with the days it is the one claims are judged against:
        from its message's Dagtekening until the next version's (exclusive). Most allocations have
        one version; only those with several are ordered (a window over few rows, kept in a small
        table), and every version is joined to it by its message and position (not stored: reading
        the allocations again is cheaper than storing them). Which allocations have several versions
        is found per ToewijzingNummer alone (an integer, cheap to group by): a number shared by several
        allocations only orders a few more rows, since the window is per allocation."""

        def next_versions() -> ir.Table:
            alloc = self._valid_allocations()
            # Kept by the store at ingest (over every stored row, which can only widen the set).
            kept = self.kept_summary(summaries.REPEATED_NUMBERS)
            several = kept if kept is not None else summaries.repeated_allocations(alloc)
            many = alloc.semi_join(several, "toewijzing_nummer")
            window = ibis.window(
                group_by=[many[k] for k in ALLOCATION_KEY],
                order_by=[
                    many.dagtekening,
                    ibis.asc(many.toewijzingsdatum, nulls_first=True),
                    ibis.asc(many.toewijzingstijd, nulls_first=True),
                    many.message_id,
                    many.position,
                ],
            )
            return many.select(
                _m=many.message_id, _p=many.position, _next=many.dagtekening.lead().over(window)
            )

        following = self._keep("next_versions", next_versions)
        alloc = self._valid_allocations()
        joined = alloc.left_join(
            following, [alloc.message_id == following._m, alloc.position == following._p]
        )
        return joined.select(
            *alloc.columns,
            v_until=joined._next.fill_null(END_OF_TIME),
            v_current=joined._next.isnull(),
        )

    def _valid_allocations(self) -> ir.Table:
        return self.table("allocations").semi_join(self.valid_messages, "message_id")

    @property
    def current_allocations(self) -> ir.Table:
        """The latest version of every allocation (per gemeente, aanbieder, ToewijzingNummer)."""
        versions = self._versions()
        return versions.filter(versions.v_current).drop("v_until", "v_current")

    # -- claim lines ---------------------------------------------------------------------------------
    def _claims(self) -> ir.Table:
        """Claim lines of valid declarations with their declaration order."""
        decl = self.declarations.select("message_id", "decl_seq", "pair_id")
        claims = self.table("claim_lines")
        joined = claims.join(decl, "message_id")
        read = [name for name in claims.columns if name not in UNREAD_LINE_COLUMNS]
        return joined.select(*read, "decl_seq", "pair_id")

    @property
    def lines(self) -> ir.Table:
        """The judged-lines table (see the module text). Not materialised: it is read in one pass."""
        if "lines" not in self._own:
            self._own["lines"] = self._build_lines()
        return self._own["lines"]

    def _small(self) -> bool:
        self.table("claim_lines")  # a clear error when the store has none
        return self._facts()["_lines"] <= MATERIALISE_LINES

    @property
    def judged(self) -> ir.Table:
        """The lines plus the phase-2 columns (`cum_volume`, `cum_amount`, `p2_granted_debet`,
        `p2_open_debet`, `a_budget`, `a_periods`); set by the engine after phase 1."""
        if self.judged_table is None:
            raise RuntimeError("RuleInput.judged is only available in phase 2")
        return self.judged_table

    def use_judged(self, judged: ir.Table) -> None:
        """Set the phase-2 table; from then on `lines` is that table too (a superset of its columns),
        so phase-1 and phase-2 expressions are over one table and judged in one projection."""
        self.judged_table = judged
        self._own["lines"] = judged

    def reset_lines(self) -> None:
        """Back to every claim line, before phase 2 (the side tables are kept)."""
        self.judged_table = None
        self._own.pop("lines", None)

    def _build_lines(self) -> ir.Table:
        if self._small():
            return self._keep("lines", self._whole_lines)
        return self._whole_lines()

    def _whole_lines(self) -> ir.Table:
        from zorgpad.control import features

        claims = self._claims()
        # Phase-2 flags per ToewijzingNummer ride along with the version: no extra join of every line.
        flags = features.allocation_flags(self)
        versions = self._looked_up(self._versions(), flags)
        if self.kept_summary(summaries.LINE_ATTRIBUTES) is None:
            lines = self._judged_against(claims, versions)
            return features.widen(self, lines.mutate(a_alike=ibis.literal(False)))
        # The store's flags mark the numbers whose lines and allocation rows do not all share their
        # client, categorie, product and eenheid: elsewhere the line's own columns are its allocation's.
        # Only those numbers' versions are looked up for them, in a small table: gathering those four
        # columns from the versions for every line would be a fifth of the check.
        shared = [f"a_{name}" for name in summaries.SHARED_COLUMNS]

        def differing() -> ir.Table:
            odd = flags.filter((flags.f_flags & summaries.DIFFERS_BIT) != 0)
            mine = self._versions()
            few = self._looked_up(mine.semi_join(odd, mine.toewijzing_nummer == odd.f_toewijzing), flags)
            return few.select("_p", "_n", "_from", "_until", *shared)

        lines = self._judged_against(claims, versions.drop(*shared))
        if self._flagged(summaries.DIFFERS_BIT):
            other = self._keep("differing_versions", differing).rename({f"_d{n}": n for n in shared})
            found = lines.left_join(other, self._version_of(lines, other))
            alike = (found.a_flags & summaries.DIFFERS_BIT) == 0
            own = {
                column: ibis.ifelse(alike, found[name], found[f"_d{column}"])
                for column, name in zip(shared, summaries.SHARED_COLUMNS, strict=True)
            }
        else:  # no number differs: every line's own four columns are its allocation's
            found, alike = lines, ibis.literal(True)
            own = {f"a_{name}": found[name] for name in summaries.SHARED_COLUMNS}
        order = [*claims.columns, *(f"a_{name}" for name in ALLOCATION_FIELDS), "a_flags", "a_found"]
        return features.widen(
            self,
            found.select(
                **{name: own[name] if name in own else found[name] for name in order},
                # The store vouches that the line's four shared columns are its allocation's: the rules
                # comparing them need not, over every line.
                a_alike=found.a_found & alike,
            ),
        )

    def _looked_up(self, versions: ir.Table, flags: ir.Table) -> ir.Table:
        """Allocation versions as a claim line looks them up: by pair number and ToewijzingNummer, with
        their validity interval, the columns the rules compare (`a_`) and the number's flags."""
        paired = self._paired(versions)
        flagged = paired.left_join(flags, paired.toewijzing_nummer == flags.f_toewijzing)
        return flagged.select(
            *self._interval(flagged),
            **{f"a_{name}": flagged[name] for name in ALLOCATION_FIELDS},
            # Never null for a version, so also what tells a line found its allocation version.
            a_flags=flagged.f_flags.fill_null(0),
        )

    def _paired(self, versions: ir.Table) -> ir.Table:
        pairs = self._pairs()
        return versions.left_join(pairs, [versions.gemeente == pairs._g, versions.aanbieder == pairs._a])

    @staticmethod
    def _interval(paired: ir.Table) -> list[ir.Value]:
        """The columns `_version_of` finds a line's version by: pair, number, validity interval."""
        return [
            paired.pair_id.name("_p"),
            paired.toewijzing_nummer.name("_n"),
            paired.dagtekening.name("_from"),
            paired.v_until.name("_until"),
        ]

    def with_totals(self, lines: ir.Table, *, every_line: bool = False) -> ir.Table:
        """`lines` plus their allocation version's `a_budget` and `a_periods` (how often the allocated
        volume fits in its whole term), which phase 2 compares running totals with. Only numbers whose
        debets may exceed their total or budget (`RISKY_BIT`) have a running total, so only theirs are
        looked up, in a small table; `every_line` looks them up for every line (a trace shows them)."""
        from zorgpad.control import features
        from zorgpad.control.rules._common import allocation_periods

        if not every_line and not self._flagged(summaries.RISKY_BIT):
            # No running total is kept, so no rule compares one with these.
            budget = self.table("allocations").budget.type()
            return lines.mutate(a_budget=ibis.null(budget), a_periods=ibis.null("int64"))

        def totals() -> ir.Table:
            versions = self._versions()
            if not every_line:
                flags = features.allocation_flags(self)
                risky = flags.filter((flags.f_flags & summaries.RISKY_BIT) != 0)
                versions = versions.semi_join(risky, versions.toewijzing_nummer == risky.f_toewijzing)
            paired = self._paired(versions)
            return paired.select(
                *self._interval(paired),
                _t_budget=paired.budget,
                _t_periods=allocation_periods(paired.frequentie, paired.ingangsdatum, paired.einddatum),
            )

        table = totals() if every_line else self._keep("risky_totals", totals)
        found = lines.left_join(table, self._version_of(lines, table))
        return found.select(*lines.columns, a_budget=found._t_budget, a_periods=found._t_periods)

    @staticmethod
    def _version_of(lines: ir.Table, versions: ir.Table) -> list[ir.BooleanValue]:
        """A line's allocation version: same pair and ToewijzingNummer, valid at its Dagtekening."""
        return [
            lines.pair_id == versions._p,
            lines.toewijzing_nummer == versions._n,
            versions._from <= lines.dagtekening,
            lines.dagtekening < versions._until,
        ]

    def _judged_against(self, claims: ir.Table, versions: ir.Table) -> ir.Table:
        """The claim lines with the `a_` columns of their allocation version and `a_found`."""
        joined = claims.left_join(versions, self._version_of(claims, versions))
        taken = [name for name in versions.columns if name.startswith("a_")]
        return joined.select(*claims.columns, *taken, a_found=joined.a_flags.notnull())

    def side(self, name: str, build: Any) -> ir.Table:
        """A side table over the whole store, computed once per run and stored."""
        return self._keep(name, build)

    def all_claims(self) -> ir.Table:
        """Claim lines of valid declarations with `decl_seq` (for side tables)."""
        return self._claims()
