"""What the pages read: the open store, the catalogue, names for codes, and cached indicator results.

The store is opened read-only once per app. DuckDB holds a shared lock on the file for as long as the
app runs, so no other process can write to it meanwhile: a result computed once stays true, and is
cached per (indicator, filters). Indicators are computed on a cursor of their own (a second DuckDB
connection to the same database), so pages that read the store's connection directly never share a
connection with them; that cursor is not safe for concurrent use, so every indicator runs under a lock.
The lock is one per process, not per app: an indicator over in-memory tables (`ibis.memtable`) runs on
Ibis's default backend, a single DuckDB connection that every app in the process shares.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa

from zorgpad.app.web.refresh import Refresher
from zorgpad.app.web.scope import restrict
from zorgpad.catalog import Catalog
from zorgpad.errors import UserError
from zorgpad.insights.names import Names
from zorgpad.insights.registry import (
    Filters,
    Indicator,
    InsightContext,
    all_indicators,
    compute_indicator,
)
from zorgpad.store.database import Store, run

CACHE_SIZE = 2048
Selection = tuple[tuple[str, str], ...]  # line selectors (zorgpad.insights.line_selectors) and values
_LISTS = ("gemeenten", "aanbieders", "producten")  # cached lists of codes, made again after a write
TRACE_CACHE_SIZE = 64
_COMPUTE_LOCK = threading.RLock()


@dataclass(frozen=True)
class Option:
    """One choice in a filter or drill-down list: the code and how users know it."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return self.name if self.name == self.code else f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Outcome:
    """An indicator's result for one set of filters: a table, or the Dutch reason there is none."""

    table: pa.Table | None
    problem: UserError | None = None


@dataclass
class WebData:
    store: Store
    catalog: Catalog | None
    _lock: threading.RLock = field(default_factory=lambda: _COMPUTE_LOCK)
    _cache: OrderedDict[tuple[str, Filters], Outcome] = field(default_factory=OrderedDict)
    _compute: Store | None = None
    # When the server owns the store and writes to it (zorgpad.service), `refresh()` moves every result
    # here: a page gets the last result at once while it is computed again in the background.
    _stale: dict[tuple[str, Filters], Outcome] = field(default_factory=dict)
    refresher: Refresher = field(default_factory=lambda: Refresher())
    _traces: dict[tuple[str, Filters], list[Any]] = field(default_factory=dict)
    _lines: dict[tuple[Filters, int, Selection], tuple[pa.Table, int]] = field(default_factory=dict)

    @classmethod
    def open(cls, db_path: str | Path, catalog: Catalog | None) -> WebData:
        # Read-write: the app keeps accounts and appends to the audit trail (zorgpad.app.web.auth).
        return cls(Store.open(db_path), catalog)

    def close(self) -> None:
        with self._lock:
            if self._compute is not None:
                self._compute.close()
                self._compute = None
            self.store.close()

    @property
    def compute_store(self) -> Store:
        """The store as the indicators read it: a cursor of its own; use it only under `self._lock`."""
        with self._lock:
            if self._compute is None:
                self._compute = Store(self.store.path, self.store.connection.cursor())
            return self._compute

    @property
    def context(self) -> InsightContext:
        return InsightContext(self.compute_store, self.catalog)

    def cached(self, indicator: Indicator, filters: Filters) -> bool:
        """Whether the indicator's result for these filters is already in the cache."""
        with self._lock:
            return (indicator.id, filters) in self._cache

    def indicators(self) -> tuple[Indicator, ...]:
        return all_indicators()

    def refresh(self) -> None:
        """The store has changed: keep the results as stale ones; the lists of codes are made again in
        the background and replace the old ones when ready (a page never waits for them)."""
        with self._lock:
            self._stale.update(self._cache)
            self._cache.clear()
        self.refresher.submit("lists", self._renew_lists)

    def _renew_lists(self) -> None:
        fresh = {name: getattr(type(self), name).func(self) for name in _LISTS}
        self.__dict__.update(fresh)

    def outcome(self, indicator: Indicator, filters: Filters) -> Outcome:
        """The indicator's table for these filters (cached); a missing catalogue is an outcome."""
        key = (indicator.id, filters)
        stale = self._stale.get(key)
        if stale is not None and key not in self._cache:
            self.refresher.submit(key, lambda: self.fresh_outcome(indicator, filters))
            return stale
        return self.fresh_outcome(indicator, filters)

    def fresh_outcome(self, indicator: Indicator, filters: Filters) -> Outcome:
        """The indicator's result for the store as it is now (computed when not cached)."""
        key = (indicator.id, filters)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
            try:
                table = compute_indicator(self.context, indicator.id, filters)
                result = Outcome(restrict(indicator.id, table, filters))
            except UserError as error:
                result = Outcome(None, error)
            self._cache[key] = result
            self._stale.pop(key, None)
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return result

    def query(self, sql: str, params: list[object] | None = None) -> pa.Table:
        """Run one read-only SQL query on the indicators' cursor (under their lock), as Arrow."""
        with self._lock:
            return self.compute_store.connection.execute(sql, params).fetch_arrow_table()

    def has_table(self, name: str) -> bool:
        sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
        return bool(self.query(sql, [name]).column(0)[0].as_py())

    def _distinct(self, column: str, table: str) -> tuple[str, ...]:
        with self._lock:
            rows = run(
                self.compute_store.connection,
                f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL ORDER BY 1',
            )
        return tuple(str(row[0]) for row in rows)

    # --- names for codes (zorgpad.insights.names) ------------------------------------------------
    @cached_property
    def names(self) -> Names:
        return Names.of(self.catalog)

    @property
    def gemeente_names(self) -> dict[str, str]:
        return self.names.gemeenten

    @property
    def aanbieder_names(self) -> dict[str, str]:
        return self.names.aanbieders

    @property
    def product_names(self) -> dict[str, str]:
        return self.names.producten

    # --- what the store holds, for filters and drill-down lists -----------------------------------
    @cached_property
    def gemeenten(self) -> tuple[Option, ...]:
        codes = set(self._distinct("gemeente", "claim_lines")) | set(self.gemeente_names)
        return tuple(sorted((Option(c, self.gemeente_names.get(c, c)) for c in codes), key=lambda o: o.name))

    @cached_property
    def aanbieders(self) -> tuple[Option, ...]:
        codes = self._distinct("aanbieder", "claim_lines")
        return tuple(sorted((Option(c, self.aanbieder_names.get(c, c)) for c in codes), key=lambda o: o.name))

    @cached_property
    def producten(self) -> tuple[Option, ...]:
        codes = self._distinct("product_code", "claim_lines")
        return tuple(Option(c, self.product_names.get(c, c)) for c in codes)

    @cached_property
    def data_end(self) -> dt.date:
        """The last day the data covers (the end of the last declared care period): the worklist's
        reference date, so a region-year is judged as of its own end, not as of today."""
        with self._lock:
            rows = run(self.compute_store.connection, "SELECT max(product_periode_eind) FROM claim_lines")
        found = rows[0][0] if rows else None
        return found if isinstance(found, dt.date) else dt.date.today()

    def gemeente(self, code: str) -> Option | None:
        return next((o for o in self.gemeenten if o.code == code), None)

    def aanbieder(self, code: str) -> Option | None:
        return next((o for o in self.aanbieders if o.code == code), None)

    def label(self, column: str, value: object) -> str | None:
        """A readable name for a code in one of the well-known columns, or None."""
        return self.names.label(column, value)

    # --- the claim lines behind a figure, and one line's explanation (click-through) --------------
    def claim_lines(self, filters: Filters, limit: int, selection: Selection = ()) -> tuple[pa.Table, int]:
        """The declared lines in `filters` (the same narrowing every indicator uses) and `selection`
        (a care form, a rule, a reason of ending, ...: see zorgpad.insights.line_selectors), newest
        first: the first `limit` rows and the total count."""
        from zorgpad.insights._common import claims
        from zorgpad.insights.line_selectors import select_lines

        key = (filters, limit, selection)
        with self._lock:
            if key not in self._lines:
                lines = select_lines(self.context, claims(self.context, filters), dict(selection))
                total = int(lines.count().to_pyarrow().as_py())
                order = [lines.product_periode_begin.desc(), lines.referentie_nummer]
                self._lines[key] = (lines.order_by(order).limit(limit).to_pyarrow(), total)
                if len(self._lines) > TRACE_CACHE_SIZE:  # the store does not change: keep the latest few
                    self._lines.pop(next(iter(self._lines)))
            return self._lines[key]

    def explain(self, referentie: str, filters: Filters) -> list[Any]:
        """The control trace (`zorgpad explain`) of the line(s) with this ReferentieNummer that fall in
        `filters`; a line outside them is not found. A trace runs every rule as `zorgpad explain` does
        (seconds on a region-year), so it is kept per (line, filters)."""
        key = (referentie, filters)
        with self._lock:
            if key not in self._traces:
                self._traces[key] = self._explain(referentie, filters)
                if len(self._traces) > TRACE_CACHE_SIZE:
                    self._traces.pop(next(iter(self._traces)))
            return self._traces[key]

    def _explain(self, referentie: str, filters: Filters) -> list[Any]:
        from zorgpad.app.web.errors import NotFoundError
        from zorgpad.control.explain import trace
        from zorgpad.control.policy import policy_from_catalog
        from zorgpad.insights._common import claims

        # A ReferentieNummer is 1-20 characters (iJw LDT_ReferentieNummer) without control characters;
        # anything else names no line, and must not reach the SQL as a literal (a NUL breaks it).
        if not 1 <= len(referentie) <= 20 or any(ord(ch) < 32 or ord(ch) == 127 for ch in referentie):
            raise NotFoundError(
                "DECLARATIEREGEL-ONBEKEND",
                "Een referentienummer heeft 1 tot 20 tekens zonder stuurtekens; "
                "deze declaratieregel bestaat niet.",
                "path.referentie",
            )
        with self._lock:
            lines = claims(self.context, filters)
            matching = lines.filter(lines.referentie_nummer == referentie)
            # A ReferentieNummer is unique per provider only: without a provider filter the page
            # shows the line of every provider (within the filters) that used the number.
            providers = sorted(
                str(agb)
                for agb in matching.select("aanbieder").distinct().to_pyarrow()["aanbieder"].to_pylist()
            )
            if not providers:
                raise NotFoundError(
                    "DECLARATIEREGEL-ONBEKEND",
                    f"Er is geen declaratieregel met referentienummer '{referentie}' binnen deze filters.",
                    "path.referentie",
                )
            store = self.compute_store
            policy = policy_from_catalog(self.catalog) if self.catalog is not None else None
            traces: list[Any] = []
            for agb in providers:
                traces.extend(trace(store.backend, store.present_tables(), referentie, policy, aanbieder=agb))
            return traces

    @contextmanager
    def reading(self, run: int | None = None) -> Iterator[InsightContext]:
        """The insight context for work that computes many indicators at once (the board report),
        under the compute lock; `run` is the control run to read (None: the latest)."""
        with self._lock:
            yield replace(self.context, run=run)
