"""The watched inbox folder: complete files are taken into the spool; half-written ones wait.

A file counts as complete when its size and modification time are the same in two scans at least
`settle` seconds apart (a message hub may still be writing it). Hidden files (a hub's temporary
names) and the folders `verwerkt/` and `fout/` are left alone. A taken file stays in the folder until
the worker has processed it; then it moves to `verwerkt/` or `fout/` with the reason beside it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path

from zorgpad.ijw.reader import MAX_MESSAGE_BYTES
from zorgpad.service.spool import Spool, SpoolEntry

DONE, FAILED = "verwerkt", "fout"
log = logging.getLogger("zorgpad.inbox")


class FolderWatcher:
    def __init__(self, folder: Path, spool: Spool, wake: threading.Event, settle: float = 0.5) -> None:
        self.folder = folder
        self.spool = spool
        self.wake = wake
        self.settle = settle
        self._seen: dict[str, tuple[int, int, float]] = {}  # name -> (size, mtime_ns, first seen so)
        self._taken: dict[str, tuple[int, int]] = {}  # name -> (size, mtime_ns) when taken
        for name in (DONE, FAILED):
            (folder / name).mkdir(parents=True, exist_ok=True)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, every: float = 0.3) -> None:
        """Scan in a thread of its own, so files are taken while the worker processes a batch."""
        self._thread = threading.Thread(target=self._loop, args=(every,), name="zorgpad-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self, every: float) -> None:
        while not self._stop.is_set():
            try:
                self.scan()
            except Exception:  # a folder hiccup must not stop the watching
                log.exception("de inbox-map kon niet worden gelezen")
            self._stop.wait(every)

    def scan(self) -> int:
        """Take every complete file into the spool; returns how many were taken."""
        taken = 0
        now = time.monotonic()
        present: set[str] = set()
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name.startswith(".") or not path.is_file():
                    continue
                present.add(path.name)
                if self._take_when_stable(path, now):
                    taken += 1
        for name in list(self._seen):
            if name not in present:
                del self._seen[name]
        for name in list(self._taken):
            if name not in present:
                del self._taken[name]
        if taken:
            self.wake.set()
        return taken

    def backlog(self) -> int:
        """Files seen in the folder but not yet taken (still being written, or waiting to settle)."""
        return len(self._seen.keys() - self._taken.keys())  # set operations in C: safe beside the scan

    def _take_when_stable(self, path: Path, now: float) -> bool:
        try:
            status = path.stat()
        except OSError:
            return False
        shape = (status.st_size, status.st_mtime_ns)
        if self._taken.get(path.name) == shape:
            return False  # taken already, waiting for the worker
        seen = self._seen.get(path.name)
        if seen is None or seen[:2] != shape:
            self._seen[path.name] = (*shape, now)
            return False
        if now - seen[2] < self.settle:
            return False
        if status.st_size > MAX_MESSAGE_BYTES:
            # Refused unread, as over HTTP (413): never half-stored.
            self._refuse(path, f"Het bestand is groter dan {MAX_MESSAGE_BYTES // 1_048_576} MB (OP179).")
            return False
        try:
            data = path.read_bytes()
        except OSError:
            return False
        if len(data) != status.st_size:
            return False  # changed while reading: wait for the next scan
        self.spool.accept(data, "map", path.name, durable=False)  # the file stays here until processed
        self._taken[path.name] = shape
        return True

    def _refuse(self, path: Path, reason: str) -> None:
        _move_with_reason(self.folder, path, FAILED, reason)

    def finish(self, entry: SpoolEntry, ok: bool, reason: str) -> None:
        """Move the processed file to `verwerkt/` or `fout/`, with the reason in `<name>.reden.txt`."""
        if entry.source != "map" or not entry.source_name:
            return
        source = self.folder / entry.source_name
        if source.exists():
            _move_with_reason(self.folder, source, DONE if ok else FAILED, reason)


def _move_with_reason(folder: Path, source: Path, kind: str, reason: str) -> None:
    target = folder / kind / source.name
    counter = 2
    while target.exists():
        target = folder / kind / f"{source.stem}_{counter}{source.suffix}"
        counter += 1
    target.with_name(target.name + ".reden.txt").write_text(reason + "\n", encoding="utf-8")
    with contextlib.suppress(OSError):
        source.replace(target)
