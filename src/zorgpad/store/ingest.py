"""Ingest a folder: iJw messages, delivery records and referrals, in atomic, idempotent batches.

Idempotent: every file is known by the SHA-256 of its bytes; a file already stored (or seen earlier
in the same run) is counted as present and not stored again. Atomic: files are buffered and written
in batches, each batch in one transaction; a run that is killed keeps only whole batches, and running
it again stores exactly the files that are still missing, so the tables end up as after one
uninterrupted run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zorgpad.errors import UserError
from zorgpad.ijw.reader import MAX_MESSAGE_BYTES
from zorgpad.store.columns import Batch
from zorgpad.store.csv_sources import add_csv
from zorgpad.store.database import Store
from zorgpad.store.discover import SourceFile, discover
from zorgpad.store.messages import add_message
from zorgpad.store.pseudonym import Pseudonymizer, load_key

UNREADABLE = "onleesbaar"
DEFAULT_BATCH_FILES = 1000
DEFAULT_BATCH_ROWS = 250_000

Progress = Callable[[int, int], None]


@dataclass
class Counts:
    """Per kind (message type, `onleesbaar`, `sessies`, `verwijzingen`): new, already present, invalid."""

    new: int = 0
    present: int = 0
    invalid: int = 0


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


@dataclass(frozen=True)
class IngestOptions:
    batch_files: int = DEFAULT_BATCH_FILES
    batch_rows: int = DEFAULT_BATCH_ROWS


def ingest(
    directory: str | Path,
    db_path: str | Path,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store every message and CSV file under `directory` in the store at `db_path`.

    `progress(done, total)` is called after each file.
    """
    options = options or IngestOptions()
    root = Path(directory)
    if not root.is_dir():
        raise UserError("MAP-ONBEKEND", "Deze map bestaat niet of is geen map.", str(root))
    sources = discover(root)
    report = IngestReport(skipped=[s.path for s in sources if s.kind == "skipped"])
    wanted = [s for s in sources if s.kind != "skipped"]
    with Store.open(db_path, create=True) as store:
        pseudonyms = Pseudonymizer(load_key(Path(db_path)))
        store.bind_pseudonym_key(pseudonyms.fingerprint())
        _Run(store, pseudonyms, options, report).ingest(wanted, progress)
    return report


class _Run:
    def __init__(
        self, store: Store, pseudonyms: Pseudonymizer, options: IngestOptions, report: IngestReport
    ) -> None:
        self.store = store
        self.pseudonyms = pseudonyms
        self.options = options
        self.report = report
        self.known = store.known_ids()
        self.batch = Batch()
        self.files_in_batch = 0

    def ingest(self, sources: list[SourceFile], progress: Progress | None) -> None:
        for done, source in enumerate(sources, start=1):
            self._one(source)
            if (
                self.files_in_batch >= self.options.batch_files
                or self.batch.row_count() >= self.options.batch_rows
            ):
                self._flush()
            if progress is not None:
                progress(done, len(sources))
        self._flush()

    def _one(self, source: SourceFile) -> None:
        is_message = source.kind == "message"
        data, digest = _read(source.path, MAX_MESSAGE_BYTES if is_message else None)
        if digest in self.known:
            self.report.count(self.known[digest]).present += 1
            return
        if is_message:
            outcome = add_message(source.path, data, digest, self.batch, self.pseudonyms)
            kind = outcome.message_type or UNREADABLE
            invalid = not outcome.valid
        else:
            csv_outcome = add_csv(source.path, data or b"", digest, source.kind, self.batch, self.pseudonyms)
            kind = source.label
            invalid = csv_outcome.findings > 0
        counts = self.report.count(kind)
        counts.new += 1
        counts.invalid += int(invalid)
        self.known[digest] = kind
        self.files_in_batch += 1

    def _flush(self) -> None:
        if not self.files_in_batch:
            return
        self.store.write_batch(self.batch, self.pseudonyms.seen())
        self.report.batches += 1
        self.batch = Batch()
        self.files_in_batch = 0
        self.pseudonyms.forget()


def _read(path: Path, limit: int | None) -> tuple[bytes | None, str]:
    """The file's bytes (None when above `limit`) and the SHA-256 of its content."""
    try:
        if limit is not None and path.stat().st_size > limit:
            # Hash without loading it into memory; it is refused by size (OP179).
            with path.open("rb") as handle:
                return None, hashlib.file_digest(handle, "sha256").hexdigest()
        data = path.read_bytes()
    except OSError as error:
        raise UserError(
            "BESTAND-ONLEESBAAR", f"Het bestand kan niet worden gelezen: {error.strerror}.", str(path)
        ) from None
    return data, hashlib.sha256(data).hexdigest()
