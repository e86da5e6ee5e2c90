"""The work on a chunk of new files: parse, validate, extract, and turn the rows into Arrow tables.

This is what the ingest runs in its worker processes (or in its own process for small folders or
`workers=1`): a pure function from file contents to tables, which never touches the database. The
ingest reads and hashes every file itself, so a chunk holds only files that are not stored yet, and
merges the results in sorted path order.

For each file the result records where its rows end in every table, and how many clients had been
pseudonymised after it, so the ingest can cut a chunk at any file: a batch holds whole files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from zorgpad.ijw.messages import MESSAGE_TYPES
from zorgpad.ijw.rules import all_rules
from zorgpad.ijw.schemas import schema_for
from zorgpad.store.columns import Batch, warm_casts
from zorgpad.store.csv_sources import add_csv
from zorgpad.store.discover import LABELS
from zorgpad.store.messages import add_message
from zorgpad.store.pseudonym import Pseudonymizer
from zorgpad.store.schema import TABLES

UNREADABLE = "onleesbaar"
TABLE_NAMES = tuple(TABLES)


@dataclass(frozen=True)
class FileJob:
    """One new file: its kind (message, sessions, referrals), content hash and bytes.

    `data` is None for a message above the size limit (OP179), which is refused unread.
    """

    path: Path
    kind: str
    digest: str
    size: int
    data: bytes | None


@dataclass(frozen=True)
class FileResult:
    """What one file gave: its label in the counts, whether it is invalid, where its rows end."""

    label: str
    invalid: bool
    ends: tuple[int, ...]  # rows in every table (TABLE_NAMES order) after this file
    clients_end: int  # clients pseudonymised after this file


@dataclass(frozen=True)
class ChunkResult:
    files: tuple[FileResult, ...]
    tables: dict[str, pa.Table]  # the tables the chunk has rows for
    clients: tuple[tuple[str, str], ...]  # (client_key, bsn) in the order first seen


def process_chunk(key: bytes, jobs: tuple[FileJob, ...]) -> ChunkResult:
    """Parse, validate and extract every file of the chunk, in order."""
    batch = Batch()
    pseudonyms = Pseudonymizer(key)
    files: list[FileResult] = []
    for job in jobs:
        if job.kind == "message":
            outcome = add_message(job.path, job.data, job.size, job.digest, batch, pseudonyms)
            label = outcome.message_type or UNREADABLE
            invalid = not outcome.valid
        else:
            csv_outcome = add_csv(job.path, job.data or b"", job.digest, job.kind, batch, pseudonyms)
            label = LABELS[job.kind]
            invalid = csv_outcome.findings > 0
        files.append(FileResult(label, invalid, batch.lengths(), len(pseudonyms)))
    tables = {name: buffer.to_arrow() for name, buffer in batch.tables.items() if len(buffer)}
    return ChunkResult(tuple(files), tables, tuple(pseudonyms.seen().items()))


def warm_up() -> None:
    """Compile every XSD, load every level-2 rule and Arrow's casts once, before workers are forked.

    Forked workers inherit all of it; each would otherwise pay for it again (Arrow's first cast
    alone takes about half a second).
    """
    for message_type in MESSAGE_TYPES.values():
        schema_for(message_type)
    all_rules()
    warm_casts()
