"""The server's hold on the store: one writable DuckDB connection, one write at a time.

DuckDB lets one process write a database file; `zorgpad serve` is that process. Every write (an
ingest sent by the command line, a check, a batch of the inbox) runs under one lock on the owner's
connection; readers (the dashboard, the API) read through cursors of their own and see each write
once it is committed. After each write the listeners run (the dashboard marks its caches stale).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from zorgpad.store.database import Store

T = TypeVar("T")


class StoreOwner:
    def __init__(self, db_path: str | Path, *, create: bool = False) -> None:
        self.path = Path(db_path)
        self.store = Store.open(self.path, create=create)
        self._write_lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        # Readers' cursors come from a connection of their own, never from the one a write is using.
        self._cursor_lock = threading.Lock()
        self._readers = self.store.connection.cursor()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor for one reading thread; close it when done."""
        with self._cursor_lock:
            return self._readers.cursor()

    def reader(self) -> Store:
        """A store on a cursor of its own, for one reading thread (or under the reader's own lock)."""
        return Store(self.path, self.cursor())

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def write(self, job: Callable[[Store], T]) -> T:
        """Run `job` with the writable store, alone; then tell the listeners the store changed."""
        with self._write_lock:
            try:
                return job(self.store)
            finally:
                for listener in self._listeners:
                    listener()

    def close(self) -> None:
        with self._write_lock:
            self._readers.close()
            self.store.close()
