"""Warming the caches in the background, so that the first visit to a page is as quick as the next.

Page modules declare what is worth preparing with `site.warm(jobs, order=...)`: `jobs()` yields small
units of work (one indicator block, one set of key figures), each filling the caches a page reads. When
the app starts, one background thread runs every unit, lowest `order` first; it never delays startup.
The thread gives way to requests: before each unit it waits until no request is being answered, so a
visitor waits at most for the one unit under way. It stops once the block cache is half full (warming
never evicts what it warmed), when everything is prepared, or when the app shuts down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Unit = Callable[[], object]
Jobs = Callable[[], Iterable[Unit]]


@dataclass(frozen=True)
class WarmJob:
    order: int
    jobs: Jobs


class Activity:
    """How many requests are being answered; the warm-up waits for none."""

    def __init__(self) -> None:
        self._active = 0
        self._idle = threading.Condition()

    def begin(self) -> None:
        with self._idle:
            self._active += 1

    def end(self) -> None:
        with self._idle:
            self._active -= 1
            if self._active == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._active == 0, timeout)


class Warmup:
    """The background thread that runs the registered jobs; `start()` once, `stop()` at shutdown."""

    def __init__(self, jobs: Iterable[WarmJob], activity: Activity, full: Callable[[], bool]) -> None:
        self._jobs = sorted(jobs, key=lambda job: job.order)
        self._activity = activity
        self._full = full
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.units = 0
        self.seconds: float | None = None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="zorgpad-opwarmen", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the warm-up has finished (or was stopped); False when `timeout` ran out first."""
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """Ask the thread to stop after its current unit, without waiting."""
        self._stop.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop after its current unit and wait for it."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout)

    def _units(self) -> Iterable[Unit]:
        for job in self._jobs:
            yield from job.jobs()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            for unit in self._units():
                while not self._activity.wait_idle(0.1):
                    if self._stop.is_set():
                        return
                if self._stop.is_set() or self._full():
                    return
                try:
                    unit()
                except Exception:  # a unit that fails is left to its page, which reports it properly
                    log.exception("opwarmen: een onderdeel mislukte; de pagina berekent het zelf")
                self.units += 1
        except Exception:
            log.exception("opwarmen gestopt")
        finally:
            self.seconds = time.perf_counter() - started
            self._done.set()
