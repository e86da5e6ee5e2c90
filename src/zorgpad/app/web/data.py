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

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyarrow as pa

from zorgpad.app.web.refresh import Refresher
from zorgpad.app.web.scope import restrict
from zorgpad.catalog import Catalog
from zorgpad.errors import UserError
from zorgpad.insights.registry import (
    Filters,
    Indicator,
    InsightContext,
    all_indicators,
    compute_indicator,
)
from zorgpad.store.database import Store, run

CACHE_SIZE = 2048
_LISTS = ("gemeenten", "aanbieders", "producten")  # cached lists of codes, made again after a write
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

    # --- names for codes -------------------------------------------------------------------------
    @cached_property
    def gemeente_names(self) -> dict[str, str]:
        if self.catalog is None:
            return {}
        return {m.cbs_code: m.name for m in self.catalog.region.municipalities}

    @cached_property
    def aanbieder_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for contract in self.catalog.contracts if self.catalog else ():
            names.setdefault(contract.provider.agb, contract.provider.name)
            for sub in contract.subcontractors:
                names.setdefault(sub.agb, sub.name)
        return names

    @cached_property
    def product_names(self) -> dict[str, str]:
        return {p.code: p.name for p in self.catalog.products} if self.catalog else {}

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

    def gemeente(self, code: str) -> Option | None:
        return next((o for o in self.gemeenten if o.code == code), None)

    def aanbieder(self, code: str) -> Option | None:
        return next((o for o in self.aanbieders if o.code == code), None)

    def label(self, column: str, value: object) -> str | None:
        """A readable name for a code in one of the well-known columns, or None."""
        text = str(value)
        if column == "gemeente":
            return self.gemeente_names.get(text)
        if column == "aanbieder":
            return self.aanbieder_names.get(text)
        if column in ("product_code", "product", "van_product", "naar_product"):
            return self.product_names.get(text)
        return None
