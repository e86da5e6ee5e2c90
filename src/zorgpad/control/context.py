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
(cumulative volume and amount, an earlier granted debet, an earlier debet not credited). Those are
computed only for the few lines where they can matter (candidates, found with hash aggregates), on a
restricted `RuleInput` that evaluates the phase-1 rules on those lines alone.

"Earlier" is defined once, deterministically: declarations are ordered by header Dagtekening, then
Identificatie, then message id. A claim line is judged against the latest version of its allocation
(same gemeente, aanbieder and ToewijzingNummer) whose JW301 is dated on or before the declaration,
versions ordered by message Dagtekening, Toewijzingsdatum, Toewijzingstijd (IV013), message id, position.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import ibis

from zorgpad.errors import UserError

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

    from zorgpad.control.policy import PolicyTables

# Allocation columns a claim line carries, renamed with an `a_` prefix.
ALLOCATION_FIELDS = (
    "message_id",
    "position",
    "client_key",
    "dagtekening",
    "product_categorie",
    "product_code",
    "ingangsdatum",
    "einddatum",
    "reden_wijziging",
    "volume",
    "eenheid",
    "frequentie",
    "budget",
)
LINE_KEY = ("message_id", "position")
ALLOCATION_KEY = ("gemeente", "aanbieder", "toewijzing_nummer")
# Up to this many claim lines the judged lines are materialised: on small inputs compiling the rules'
# expressions costs more than computing them, and reading a table keeps those expressions small.
MATERIALISE_LINES = 200_000
# Debets for the same allocation, period and product (TR389, OP366).
PERIOD_PRODUCT_KEY = (
    "aanbieder",
    "gemeente",
    "toewijzing_nummer",
    "product_periode_begin",
    "product_categorie",
)
END_OF_TIME = ibis.date(9999, 12, 31)

_COUNTER = itertools.count()

REQUIRED_TABLES = ("messages", "declarations", "claim_lines", "allocations")


@dataclass
class _Shared:
    """What a RuleInput and its restricted views share: computed side tables and temporary tables."""

    cache: dict[str, ir.Table] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    temporary: list[str] = field(default_factory=list)


@dataclass
class RuleInput:
    """The inputs of one control run. Side tables are built lazily, once, and materialised."""

    backend: BaseBackend
    tables: Mapping[str, ir.Table]
    policy: PolicyTables | None = None
    rejected: ir.Table | None = None  # (message_id, position) rejected in phase 1; set by the engine
    materialise: bool = True
    judged_table: ir.Table | None = None  # set by the engine before phase 2
    only: ir.Table | None = None  # restrict the lines to these (message_id, position)
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
        flags = self._shared.flags
        if name not in flags:
            flags[name] = name in self.tables and int(self.tables[name].limit(1).count().execute()) > 0
        return flags[name]

    # -- materialisation -----------------------------------------------------------------------------
    def _keep(self, name: str, build: Any) -> ir.Table:
        cache = self._shared.cache
        if name not in cache:
            expr = build()
            cache[name] = self.materialised(expr) if self.materialise else expr
        return cache[name]

    def materialised(self, expr: ir.Table) -> ir.Table:
        """Compute `expr` once into a temporary table of the backend and read it from there."""
        name = f"zp_control_{next(_COUNTER)}_{uuid.uuid4().hex[:8]}"
        self._shared.temporary.append(name)
        return self.backend.create_table(name, expr, temp=True)

    def close(self) -> None:
        """Drop the temporary tables of this run."""
        while self._shared.temporary:
            name = self._shared.temporary.pop()
            self.backend.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
        self._shared.cache.clear()

    def restricted(self, keys: ir.Table) -> RuleInput:
        """The same input with the lines restricted to `keys` (message_id, position); side tables stay
        global, so every rule evaluates on those lines exactly as on all lines."""
        return replace(self, only=keys, judged_table=None, rejected=None, _own={})

    # -- declarations and allocations ----------------------------------------------------------------
    @property
    def valid_messages(self) -> ir.Table:
        messages = self.table("messages")
        return messages.filter(messages.valid).select("message_id")

    @property
    def declarations(self) -> ir.Table:
        def build() -> ir.Table:
            decl = self.table("declarations").semi_join(self.valid_messages, "message_id")
            order = [decl.dagtekening, decl.identificatie, decl.message_id]
            return decl.mutate(decl_seq=ibis.row_number().over(order_by=order))

        return self._keep("declarations", build)

    def _versions(self) -> ir.Table:
        """Every allocation version with the days it is the one claims are judged against:
        from its message's Dagtekening until the next version's (exclusive). Most allocations have
        one version; only those with several are ordered (a window over few rows, not all)."""

        def build() -> ir.Table:
            alloc = self.table("allocations").semi_join(self.valid_messages, "message_id")
            several = alloc.group_by(*ALLOCATION_KEY).aggregate(_n=alloc.count()).filter(lambda t: t._n > 1)
            many = alloc.semi_join(several, list(ALLOCATION_KEY))
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
            following = many.dagtekening.lead().over(window)
            ordered = many.mutate(v_until=following.fill_null(END_OF_TIME), v_current=following.isnull())
            single = alloc.anti_join(several, list(ALLOCATION_KEY)).mutate(
                v_until=END_OF_TIME, v_current=ibis.literal(True)
            )
            return single.union(ordered, distinct=False)

        return self._keep("versions", build)

    @property
    def current_allocations(self) -> ir.Table:
        """The latest version of every allocation (per gemeente, aanbieder, ToewijzingNummer)."""
        versions = self._versions()
        return versions.filter(versions.v_current).drop("v_until", "v_current")

    # -- claim lines ---------------------------------------------------------------------------------
    def _claims(self) -> ir.Table:
        """Claim lines of valid declarations with their declaration order (restricted when `only`)."""
        decl = self.declarations.select("message_id", "decl_seq", "identificatie")
        claims = self.table("claim_lines")
        if self.only is not None:
            claims = claims.semi_join(self.only, list(LINE_KEY))
        joined = claims.join(decl, "message_id")
        return joined.select(*claims.columns, "decl_seq", "identificatie")

    @property
    def lines(self) -> ir.Table:
        """The judged-lines table (see the module text). Not materialised: it is read in one pass."""
        if "lines" not in self._own:
            self._own["lines"] = self._build_lines()
        return self._own["lines"]

    def _small(self) -> bool:
        flags = self._shared.flags
        if "_small" not in flags:
            count = int(self.table("claim_lines").count().execute())
            flags["_small"] = self.materialise and count <= MATERIALISE_LINES
        return flags["_small"]

    @property
    def judged(self) -> ir.Table:
        """The lines plus the phase-2 columns (`cum_volume`, `cum_amount`, `p2_granted_debet`,
        `p2_open_debet`); set by the engine after phase 1."""
        if self.judged_table is None:
            raise RuntimeError("RuleInput.judged is only available in phase 2")
        return self.judged_table

    def use_judged(self, judged: ir.Table) -> None:
        """Set the phase-2 table; from then on `lines` is that table too (a superset of its columns),
        so phase-1 and phase-2 expressions are over one table and judged in one projection."""
        self.judged_table = judged
        self._own["lines"] = judged

    def _build_lines(self) -> ir.Table:
        if self._small():
            whole = self._keep("lines", replace(self, only=None, _own={})._whole_lines)
            return whole if self.only is None else whole.semi_join(self.only, list(LINE_KEY))
        return self._whole_lines()

    def _whole_lines(self) -> ir.Table:
        from zorgpad.control import features

        claims = self._claims()
        versions = self._versions()
        renamed = versions.select(
            _g=versions.gemeente,
            _a=versions.aanbieder,
            _n=versions.toewijzing_nummer,
            _from=versions.dagtekening,
            _until=versions.v_until,
            **{f"a_{name}": versions[name] for name in ALLOCATION_FIELDS},
        )
        joined = claims.left_join(
            renamed,
            [
                claims.gemeente == renamed._g,
                claims.aanbieder == renamed._a,
                claims.toewijzing_nummer == renamed._n,
                renamed._from <= claims.dagtekening,
                claims.dagtekening < renamed._until,
            ],
        )
        lines = joined.select(
            *claims.columns,
            *(f"a_{name}" for name in ALLOCATION_FIELDS),
            a_found=joined.a_message_id.notnull(),
        )
        return features.widen(self, lines)

    def side(self, name: str, build: Any) -> ir.Table:
        """A global side table (computed once per run, shared by restricted views)."""
        return self._keep(name, build)

    def all_claims(self) -> ir.Table:
        """Claim lines of valid declarations with `decl_seq`, never restricted (for global side tables)."""
        return replace(self, only=None)._claims()
