"""What every rule sees: the store's tables, the region's policy tables and derived context.

The derived tables are built once per run and shared by all rules, so each rule is a cheap projection
and filter instead of its own join (this is what keeps a full check within a few times a bare join):

- `lines`: every claim line of a valid JW323, with the order of its declaration (`decl_seq`) and the
  allocation version it is judged against (`a_*` columns, null when none is found).
- `declarations`: valid JW323 declarations with `decl_seq`.

"Earlier" is defined once, deterministically: declarations are ordered by header Dagtekening, then
Identificatie, then message id. A claim line is judged against the latest version of its allocation
(same gemeente, aanbieder and ToewijzingNummer) whose JW301 is dated on or before the declaration,
versions ordered by message Dagtekening, Toewijzingsdatum, Toewijzingstijd (IV013), message id, position.
"""

from __future__ import annotations

import contextlib
import itertools
import uuid
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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

_COUNTER = itertools.count()


@contextlib.contextmanager
def quiet_ibis() -> Iterator[None]:
    """Ibis 12 reads table schemas with DuckDB's deprecated fetch_arrow_table(); the result is right and
    the warning is Ibis's to fix, so it is silenced around the calls that trigger it, and only there."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "fetch_arrow_table", DeprecationWarning)
        yield


REQUIRED_TABLES = ("messages", "declarations", "claim_lines", "allocations")


@dataclass
class RuleInput:
    """The inputs of one control run. Derived tables are built lazily and materialised once."""

    backend: BaseBackend
    tables: Mapping[str, ir.Table]
    policy: PolicyTables | None = None
    rejected: ir.Table | None = None  # (message_id, position) rejected in phase 1; set by the engine
    materialise: bool = True
    _cache: dict[str, ir.Table] = field(default_factory=dict)
    _flags: dict[str, bool] = field(default_factory=dict)

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
        if name not in self._flags:
            self._flags[name] = (
                name in self.tables and int(self.tables[name].count().to_pyarrow().as_py()) > 0
            )
        return self._flags[name]

    def _keep(self, name: str, expr: ir.Table) -> ir.Table:
        if name not in self._cache:
            self._cache[name] = self.materialised(expr) if self.materialise else expr
        return self._cache[name]

    def materialised(self, expr: ir.Table) -> ir.Table:
        """Compute `expr` once into a temporary table of the backend and read it from there.

        (Ibis's own `.cache()` is not used: with the pinned sqlglot its clean-up emits a broken
        DROP statement at garbage collection.)
        """
        name = f"zp_control_{next(_COUNTER)}_{uuid.uuid4().hex[:8]}"
        with quiet_ibis():
            return self.backend.create_table(name, expr, temp=True)

    @property
    def valid_messages(self) -> ir.Table:
        messages = self.table("messages")
        return messages.filter(messages.valid).select("message_id")

    @property
    def declarations(self) -> ir.Table:
        if "declarations" in self._cache:
            return self._cache["declarations"]
        decl = self.table("declarations").semi_join(self.valid_messages, "message_id")
        decl = decl.mutate(
            decl_seq=ibis.row_number().over(order_by=[decl.dagtekening, decl.identificatie, decl.message_id])
        )
        return self._keep("declarations", decl)

    @property
    def current_allocations(self) -> ir.Table:
        """The latest version of every allocation (per gemeente, aanbieder, ToewijzingNummer)."""
        if "current_allocations" in self._cache:
            return self._cache["current_allocations"]
        versions = self._allocation_versions()
        latest = versions.mutate(
            _rank=ibis.row_number().over(
                group_by=[versions.gemeente, versions.aanbieder, versions.toewijzing_nummer],
                order_by=[ibis.desc(versions.version_order)],
            )
        )
        return self._keep("current_allocations", latest.filter(latest._rank == 0).drop("_rank"))

    def _allocation_versions(self) -> ir.Table:
        alloc = self.table("allocations").semi_join(self.valid_messages, "message_id")
        # One sortable key per version; DuckDB and Spark both order strings lexically.
        order = (
            alloc.dagtekening.cast("string")
            + alloc.toewijzingsdatum.cast("string").fill_null("")
            + alloc.toewijzingstijd.cast("string").fill_null("")
            + alloc.message_id
            + alloc.position.cast("string").lpad(9, "0")
        )
        return alloc.mutate(version_order=order)

    @property
    def lines(self) -> ir.Table:
        if "lines" in self._cache:
            return self._cache["lines"]
        decl = self.declarations.select("message_id", "decl_seq", "identificatie")
        claims = self.table("claim_lines").join(decl, "message_id")
        versions = self._allocation_versions()
        renamed = versions.select(
            a_gemeente=versions.gemeente,
            a_aanbieder=versions.aanbieder,
            a_toewijzing_nummer=versions.toewijzing_nummer,
            a_version_order=versions.version_order,
            **{f"a_{name}": versions[name] for name in ALLOCATION_FIELDS},
        )
        joined = claims.left_join(
            renamed,
            [
                claims.gemeente == renamed.a_gemeente,
                claims.aanbieder == renamed.a_aanbieder,
                claims.toewijzing_nummer == renamed.a_toewijzing_nummer,
                renamed.a_dagtekening <= claims.dagtekening,
            ],
        )
        ranked = joined.mutate(
            _rank=ibis.row_number().over(
                group_by=[joined.message_id, joined.position],
                order_by=[ibis.desc(joined.a_version_order)],
            )
        )
        picked = ranked.filter(ranked._rank == 0).drop(
            "_rank", "a_gemeente", "a_aanbieder", "a_toewijzing_nummer", "a_version_order"
        )
        picked = picked.mutate(a_found=picked.a_message_id.notnull())
        return self._keep("lines", picked)
