"""Database work queued behind the Python that builds it, so both run at once.

A control run alternates between building Ibis expressions and compiling them to SQL (Python, one
core) and running that SQL (DuckDB, which releases the interpreter while it works). Creating a stored
table returns nothing the next expression needs but the table's name and schema, both known before the
table exists; so the statement is queued on one worker thread and Python goes on building the next
expression. Statements run one at a time in the order queued, on the worker alone; anything that reads
a result first waits for the queue to empty (`settle`), and only then uses the connection itself.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


class Deferred:
    """A FIFO of database statements run on one worker thread."""

    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zorgpad-control")
        self._queued: list[Future[object]] = []

    def submit(self, work: Callable[[], object]) -> None:
        self._queued.append(self._worker.submit(work))

    def settle(self) -> None:
        """Wait for everything queued; the first failure is raised here (later work is dropped)."""
        try:
            while self._queued:
                self._queued.pop(0).result()
        finally:
            for future in self._queued:
                future.cancel()
            self._queued.clear()

    def close(self) -> None:
        """Settle and stop the worker; a failure of queued work is raised."""
        try:
            self.settle()
        finally:
            self._worker.shutdown(wait=True)
