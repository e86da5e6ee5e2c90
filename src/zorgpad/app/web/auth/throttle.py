"""Login throttling: after `LIMIT` failures within `WINDOW` seconds for one user name or one client
address, further attempts are refused until the window has passed (in memory, per server process)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

LIMIT = 5
WINDOW = 15 * 60


class LoginThrottle:
    def __init__(self, limit: int = LIMIT, window: int = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures[key]
        while found and now - found[0] > self.window:
            found.popleft()
        return found

    def wait_seconds(self, *keys: str) -> int:
        """Seconds until these keys may try again; 0 when they may now."""
        now = time.monotonic()
        with self._lock:
            waits = [
                int(self.window - (now - found[0])) + 1
                for found in (self._recent(key, now) for key in keys)
                if len(found) >= self.limit
            ]
        return max(waits, default=0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
