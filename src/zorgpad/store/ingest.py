"""Ingest a folder: iJw messages, delivery records and referrals, in atomic, idempotent batches.

Idempotent: every file is known by the SHA-256 of its bytes; a file already stored (or seen earlier
in the same run) is counted as present and not stored again. Atomic: files are written in batches,
each batch in one transaction; a run that is killed keeps only whole batches, and running it again
stores exactly the files that are still missing, so the tables end up as after one uninterrupted run.

Parallel and deterministic: this process reads and hashes every file in sorted path order and hands
the new ones, in chunks, to worker processes that parse, validate and extract them into Arrow tables
(`zorgpad.store.work`). The results are taken back in the same order, so batches hold the same files
and are committed in the same order as with one process; the tables do not depend on the number of
workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

import pyarrow as pa

from zorgpad.errors import UserError, os_reason_nl
from zorgpad.ijw.reader import MAX_MESSAGE_BYTES
from zorgpad.store.database import Store
from zorgpad.store.discover import SourceFile, discover
from zorgpad.store.pseudonym import Pseudonymizer, load_key
from zorgpad.store.work import TABLE_NAMES, UNREADABLE, ChunkResult, FileJob, process_chunk, warm_up

DEFAULT_BATCH_FILES = 1000
DEFAULT_BATCH_ROWS = 250_000
# A chunk is the unit of work of one worker: enough files to make the hand-over cheap, few enough
# to keep both cores busy and the memory in flight small.
DEFAULT_CHUNK_FILES = 100
DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024

Progress = Callable[[int, int], None]
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

__all__ = [
    "DEFAULT_BATCH_FILES",
    "DEFAULT_BATCH_ROWS",
    "UNREADABLE",
    "Counts",
    "IngestOptions",
    "IngestReport",
    "ingest",
    "ingest_folder_open",
    "ingest_open",
]


@dataclass
class Counts:
    """Per kind (message type, `onleesbaar`, `sessies`, `verwijzingen`): new, already present (stored by an
    earlier run), the same content as another file of this run (`repeated`, e.g. two empty session
    files; stored once), invalid."""

    new: int = 0
    present: int = 0
    invalid: int = 0
    repeated: int = 0


@dataclass
class IngestReport:
    counts: dict[str, Counts] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)
    batches: int = 0

    def count(self, kind: str) -> Counts:
        return self.counts.setdefault(kind, Counts())

    @property
    def invalid(self) -> int:
        return sum(c.invalid for c in self.counts.values())

    def to_data(self) -> dict[str, Any]:
        """As JSON-able data (the server sends it to `zorgpad ingest`)."""
        return {
            "counts": {kind: [c.new, c.present, c.invalid] for kind, c in self.counts.items()},
            "skipped": [str(path) for path in self.skipped],
            "batches": self.batches,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> IngestReport:
        counts = {kind: Counts(*values) for kind, values in data["counts"].items()}
        return cls(counts, [Path(p) for p in data["skipped"]], int(data["batches"]))


@dataclass(frozen=True)
class IngestOptions:
    """Batch limits (files and table rows per transaction) and the worker processes.

    `workers`: processes that parse and validate; None means one per available core, 1 means all
    work in this process. Small folders (one chunk) are always done in this process.
    """

    batch_files: int = DEFAULT_BATCH_FILES
    batch_rows: int = DEFAULT_BATCH_ROWS
    workers: int | None = None
    chunk_files: int = DEFAULT_CHUNK_FILES
    chunk_bytes: int = DEFAULT_CHUNK_BYTES


def ingest(
    directory: str | Path,
    db_path: str | Path,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store every message and CSV file under `directory` in the store at `db_path`.

    `progress(done, total)` is called after each file, in sorted path order.
    """
    options = options or IngestOptions()
    root = Path(directory)
    if not root.is_dir():
        raise UserError("MAP-ONBEKEND", "Deze map bestaat niet of is geen map.", str(root))
    sources = discover(root)
    report = IngestReport(skipped=[s.path for s in sources if s.kind == "skipped"])
    wanted = [s for s in sources if s.kind != "skipped"]
    workers = options.workers or available_cores()
    if not _several_chunks(wanted, options):
        workers = 1  # one chunk of work: starting processes would only cost time
    warm_up()
    # The pool is forked before the database is opened, so no worker inherits DuckDB's threads.
    with _pool(workers) as pool, Store.open(db_path, create=True) as store:
        key = load_key(Path(db_path))
        store.bind_pseudonym_key(Pseudonymizer(key).fingerprint())
        # Two chunks per worker in flight: one being worked on, one waiting.
        _Run(store, key, options, report, pool, 2 * workers).ingest(wanted, progress)
        store.checkpoint()  # success only once the database file holds the batches, not just the log
    return report


def ingest_open(
    store: Store,
    sources: list[SourceFile],
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    pool: Pool | None = None,
) -> IngestReport:
    """Store these files in a store that is already open for writing (the server's). The work is done
    in this process, or by `pool` (made by `spawn_pool`: a server never forks with DuckDB's threads
    running). Same batches, same tables, same idempotency either way."""
    options = options or IngestOptions()
    report = IngestReport(skipped=[s.path for s in sources if s.kind == "skipped"])
    key = load_key(store.path)
    store.bind_pseudonym_key(Pseudonymizer(key).fingerprint())
    wanted = [s for s in sources if s.kind != "skipped"]
    if pool is not None and not _several_chunks(wanted, options):
        pool = None  # one chunk of work: handing it over would only cost time
    in_flight = 2 * available_cores() if pool is not None else 0
    _Run(store, key, options, report, pool, in_flight).ingest(wanted, progress)
    return report


def spawn_pool(workers: int) -> Pool:
    """Worker processes for `ingest_open` in a process that has the store open (the server): started
    fresh (spawn), so none inherits DuckDB's threads; each ends when the thread that made the pool
    ends, or its process is killed (see _worker_start). Close it with `terminate()` and `join()`."""
    return multiprocessing.get_context("spawn").Pool(workers, _spawned_start, (os.getpid(),))


def ingest_folder_open(
    store: Store, directory: str | Path, options: IngestOptions | None = None
) -> IngestReport:
    """`ingest_open` over every file under `directory` (as `ingest` takes them)."""
    root = Path(directory)
    if not root.is_dir():
        raise UserError("MAP-ONBEKEND", "Deze map bestaat niet of is geen map.", str(root))
    return ingest_open(store, discover(root), options)


def _several_chunks(sources: list[SourceFile], options: IngestOptions) -> bool:
    if len(sources) > options.chunk_files:
        return True
    size = 0
    for source in sources:
        with contextlib.suppress(OSError):  # an unreadable file is reported when it is read
            size += source.path.stat().st_size
    return size > options.chunk_bytes


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[Pool | None]:
    if workers <= 1:
        yield None
        return
    # fork: the workers start at once with every module, XSD and rule the parent has loaded.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = multiprocessing.get_context(method).Pool(workers, _worker_start, (os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _worker_start(parent: int) -> None:
    """Ctrl-C is the parent's to handle (it stops the pool); a worker ends when its parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        # PR_SET_PDEATHSIG: a parent killed with SIGKILL takes its workers with it at once.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the line above took effect
            os._exit(0)


def _spawned_start(parent: int) -> None:
    """A spawned worker starts bare: it compiles the XSDs and rules at once, before work arrives."""
    _worker_start(parent)
    warm_up()


@dataclass(frozen=True)
class _Entry:
    source: SourceFile
    digest: str
    new: bool
    repeat: bool = False  # the same content as a file handed out earlier in this run


@dataclass(frozen=True)
class _Chunk:
    entries: tuple[_Entry, ...]
    jobs: tuple[FileJob, ...]


_NO_ROWS = (0,) * len(TABLE_NAMES)


@dataclass
class _Segment:
    """Files start..stop (exclusive) of one chunk's result, consecutive in a batch."""

    result: ChunkResult
    start: int
    stop: int

    def bounds(self, index: int) -> tuple[int, int]:
        first = self.result.files[self.start - 1].ends[index] if self.start else 0
        return first, self.result.files[self.stop - 1].ends[index]


class _PendingBatch:
    """The files of the batch being assembled, as ranges of chunk results (no rows are copied)."""

    def __init__(self) -> None:
        self.segments: list[_Segment] = []
        self.files = 0
        self.rows = 0

    def add(self, result: ChunkResult, index: int) -> None:
        last = self.segments[-1] if self.segments else None
        if last is not None and last.result is result and last.stop == index:
            last.stop += 1
        else:
            self.segments.append(_Segment(result, index, index + 1))
        before = result.files[index - 1].ends if index else _NO_ROWS
        self.rows += sum(result.files[index].ends) - sum(before)
        self.files += 1

    def tables(self) -> dict[str, pa.Table]:
        tables: dict[str, pa.Table] = {}
        for index, name in enumerate(TABLE_NAMES):
            pieces = []
            for segment in self.segments:
                first, end = segment.bounds(index)
                if end > first:
                    pieces.append(segment.result.tables[name].slice(first, end - first))
            if pieces:
                tables[name] = pa.concat_tables(pieces)
        return tables

    def clients(self) -> dict[str, str]:
        clients: dict[str, str] = {}
        for segment in self.segments:
            files = segment.result.files
            first = files[segment.start - 1].clients_end if segment.start else 0
            clients.update(segment.result.clients[first : files[segment.stop - 1].clients_end])
        return clients


class _Run:
    def __init__(
        self,
        store: Store,
        key: bytes,
        options: IngestOptions,
        report: IngestReport,
        pool: Pool | None,
        in_flight: int,
    ) -> None:
        self.store = store
        self.in_flight = in_flight
        self.key = key
        self.options = options
        self.report = report
        self.pool = pool
        self.labels = store.known_ids()  # content hash -> kind label, of every file stored or taken
        self.taken: set[str] = set()  # hashes of the new files handed out in this run
        self.batch = _PendingBatch()

    def ingest(self, sources: list[SourceFile], progress: Progress | None) -> None:
        done = 0
        for entries, result in self._results(self._chunks(sources)):
            index = 0
            for entry in entries:
                if entry.new:
                    assert result is not None  # a chunk with new files has a result
                    self._new(entry, result, index)
                    index += 1
                elif entry.repeat:
                    self.report.count(self.labels[entry.digest]).repeated += 1
                else:
                    self.report.count(self.labels[entry.digest]).present += 1
                if self.batch.files >= self.options.batch_files or self.batch.rows >= self.options.batch_rows:
                    self._flush()
                done += 1
                if progress is not None:
                    progress(done, len(sources))
        self._flush()

    def _new(self, entry: _Entry, result: ChunkResult, index: int) -> None:
        outcome = result.files[index]
        counts = self.report.count(outcome.label)
        counts.new += 1
        counts.invalid += int(outcome.invalid)
        self.labels[entry.digest] = outcome.label
        self.batch.add(result, index)

    def _chunks(self, sources: list[SourceFile]) -> Iterator[_Chunk]:
        """Read and hash the files in order; group them in chunks of new files and known ones."""
        entries: list[_Entry] = []
        jobs: list[FileJob] = []
        size = 0
        for source in sources:
            is_message = source.kind == "message"
            data, digest, file_size = _read(source.path, MAX_MESSAGE_BYTES if is_message else None)
            new = digest not in self.labels and digest not in self.taken
            entries.append(_Entry(source, digest, new, repeat=not new and digest in self.taken))
            if new:
                self.taken.add(digest)
                jobs.append(FileJob(source.path, source.kind, digest, file_size, data))
                size += len(data or b"")
            if len(entries) >= self.options.chunk_files or size >= self.options.chunk_bytes:
                yield _Chunk(tuple(entries), tuple(jobs))
                entries, jobs, size = [], [], 0
        if entries:
            yield _Chunk(tuple(entries), tuple(jobs))

    def _results(self, chunks: Iterator[_Chunk]) -> Iterator[tuple[tuple[_Entry, ...], ChunkResult | None]]:
        """Each chunk's entries with its result, in order; with a pool, a few chunks are in flight.

        Only the entries are kept while a chunk is in flight: the file contents go to the worker.
        """
        if self.pool is None:
            for chunk in chunks:
                yield chunk.entries, process_chunk(self.key, chunk.jobs) if chunk.jobs else None
            return
        in_flight: deque[tuple[tuple[_Entry, ...], AsyncResult[ChunkResult] | None]] = deque()
        for chunk in chunks:
            work = self.pool.apply_async(process_chunk, (self.key, chunk.jobs)) if chunk.jobs else None
            in_flight.append((chunk.entries, work))
            del chunk
            while len(in_flight) > self.in_flight:
                yield _collect(*in_flight.popleft())
        while in_flight:
            yield _collect(*in_flight.popleft())

    def _flush(self) -> None:
        if not self.batch.files:
            return
        self.store.write_batch(self.batch.tables(), self.batch.clients())
        self.report.batches += 1
        self.batch = _PendingBatch()


def _collect(
    entries: tuple[_Entry, ...], work: AsyncResult[ChunkResult] | None
) -> tuple[tuple[_Entry, ...], ChunkResult | None]:
    return entries, None if work is None else work.get()


def _read(path: Path, limit: int | None) -> tuple[bytes | None, str, int]:
    """The file's bytes (None when above `limit`), the SHA-256 of its content, and its size."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if limit is not None and size > limit:
                # Hash without loading it into memory; it is refused by size (OP179).
                return None, hashlib.file_digest(handle, "sha256").hexdigest(), size
            data = handle.read()
    except OSError as error:
        raise UserError(
            "BESTAND-ONLEESBAAR", f"Het bestand kan niet worden gelezen: {os_reason_nl(error)}.", str(path)
        ) from None
    return data, hashlib.sha256(data).hexdigest(), len(data)
