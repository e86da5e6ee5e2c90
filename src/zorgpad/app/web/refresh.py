"""Work done again in the background after the store changed (the server writes to it while it serves).

One thread; each key is queued at most once, so a page asked for a hundred times while its result is
being recomputed causes one computation.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Hashable

log = logging.getLogger("zorgpad.web")


class Refresher:
    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Hashable, Callable[[], object]]] = queue.Queue()
        self._queued: set[Hashable] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, key: Hashable, job: Callable[[], object]) -> None:
        with self._lock:
            if key in self._queued:
                return
            self._queued.add(key)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="zorgpad-refresh", daemon=True)
                self._thread.start()
        self._queue.put((key, job))

    def _run(self) -> None:
        while True:
            key, job = self._queue.get()
            try:
                job()
            except Exception:  # the page computes it itself next time
                log.exception("herberekenen mislukt")
            finally:
                with self._lock:
                    self._queued.discard(key)
