"""Accepted messages, durable before they are acknowledged: one file per message in a spool folder.

A message is accepted when its bytes are on disk: written to a temporary name, fsynced, renamed to
`<seq>-<sha256>.xml` and the folder fsynced. Only then does the server answer 202 (or take the
file out of the watched folder). Beside it, `<seq>-<sha256>.json` says where it came from; it is
written first, so an entry never lacks it. A server killed at any moment leaves whole entries or
none; at the next start the worker takes every entry still there, in order.

The sequence number is the arrival order (nanoseconds since the epoch, strictly increasing), and the
SHA-256 of the content is the message's id: the same content accepted twice is one entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_SUFFIX = ".xml"


@dataclass(frozen=True)
class SpoolEntry:
    seq: int
    message_id: str
    path: Path
    source: str  # map or http
    source_name: str | None
    received_at: dt.datetime
    message_type: str | None = None  # known when it was read on arrival (HTTP)
    sender: str | None = None  # Header/Afzender, known when it was read on arrival (HTTP)

    @property
    def meta_path(self) -> Path:
        return self.path.with_suffix(".json")


def spool_folder(db: str | Path) -> Path:
    path = Path(db)
    return path.with_name(path.name + ".spool")


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(target: Path, data: bytes, *, sync: bool = True) -> None:
    """Write `data` to `target` so that after a crash it is either whole or absent (with `sync`, also
    after a power cut: fsync of the file and of its folder)."""
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    temporary.replace(target)
    if sync:
        _fsync_folder(target.parent)


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._last_seq = 0
        self._entries: dict[str, SpoolEntry] = {}
        for stray in folder.glob(".*.tmp"):  # a write the crash interrupted: never acknowledged
            stray.unlink(missing_ok=True)
        for path in sorted(folder.glob(f"*{_SUFFIX}")):
            entry = self._read_entry(path)
            if entry is not None:
                self._entries[entry.message_id] = entry
                self._last_seq = max(self._last_seq, entry.seq)
        for meta in folder.glob("*.json"):  # meta of an entry whose data never landed
            if not meta.with_suffix(_SUFFIX).exists():
                meta.unlink(missing_ok=True)

    def _read_entry(self, path: Path) -> SpoolEntry | None:
        seq_text, _, message_id = path.stem.partition("-")
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            received = dt.datetime.fromisoformat(meta["ontvangen"])
            return SpoolEntry(
                int(seq_text),
                message_id,
                path,
                meta["bron"],
                meta.get("naam"),
                received,
                meta.get("bericht"),
                meta.get("afzender"),
            )
        except (OSError, ValueError, KeyError):
            return SpoolEntry(int(seq_text), message_id, path, "http", None, dt.datetime(1970, 1, 1))

    def accept(
        self,
        data: bytes,
        source: str,
        source_name: str | None = None,
        message_type: str | None = None,
        sender: str | None = None,
        *,
        durable: bool = True,
    ) -> tuple[SpoolEntry, bool]:
        """Keep the message; returns its entry and whether it is new in the spool.

        `durable`: fsynced before this returns (a message acknowledged over HTTP). A file from the
        watched folder needs no fsync: the file itself stays in the folder until it is processed, so
        an entry a power cut lost or left empty is taken again from there (the worker checks every
        entry's content against its id)."""
        message_id = hashlib.sha256(data).hexdigest()
        with self._lock:
            found = self._entries.get(message_id)
            if found is not None:
                return found, False
            self._last_seq = max(self._last_seq + 1, time.time_ns())
            seq = self._last_seq
            path = self.folder / f"{seq:020d}-{message_id}{_SUFFIX}"
            received = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            entry = SpoolEntry(seq, message_id, path, source, source_name, received, message_type)
            meta = {
                "bron": source,
                "naam": source_name,
                "ontvangen": received.isoformat(),
                "bericht": message_type,
            }
            # The data file is the commit point; its folder fsync covers the meta's rename too. A meta
            # a power cut lost is read as "arrived over HTTP, name unknown" (see _read_entry).
            write_durably(entry.meta_path, json.dumps(meta).encode(), sync=False)
            write_durably(path, data, sync=durable)
            self._entries[message_id] = entry
            return entry, True

    def get(self, message_id: str) -> SpoolEntry | None:
        with self._lock:
            return self._entries.get(message_id)

    def pending(self, limit: int | None = None) -> list[SpoolEntry]:
        """The entries not yet processed, in arrival order."""
        with self._lock:
            entries = sorted(self._entries.values(), key=lambda e: e.seq)
        return entries if limit is None else entries[:limit]

    def remove(self, entry: SpoolEntry) -> None:
        """Forget a processed entry (its outcome is in the store by now)."""
        with self._lock:
            self._entries.pop(entry.message_id, None)
        # Outside the lock: accepting new messages never waits for these deletions. Forgotten first,
        # deleted then: an entry a crash leaves on disk is read again at the start and found done.
        entry.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            entry.meta_path.unlink()
