"""A consistent copy of the store, also while `zorgpad serve` writes to it.

`backup(store, target)` copies every table into a new DuckDB file inside one read transaction
(DuckDB's `COPY FROM DATABASE`), so the copy is the store as it was at one moment; the server runs it
under its write lock, between two writes. The pseudonym key file beside the store is copied beside
the backup (owner-only), since the store is useless without it. Restore = stop the server, put the
backup file (and its key file) in the store's place, start again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from zorgpad.errors import UserError
from zorgpad.store.database import Store, run
from zorgpad.store.pseudonym import key_file_for

_ALIAS = "zorgpad_backup"


def backup(store: Store, target: Path) -> Path:
    """Copy the open store to `target` (a new file); returns the target."""
    if target.exists():
        raise UserError(
            "BACKUP-BESTAAT", "Dit bestand bestaat al; kies een nieuwe naam voor de back-up.", str(target)
        )
    if not target.parent.is_dir():
        raise UserError("BACKUP-MAP-ONBEKEND", "De map voor de back-up bestaat niet.", str(target))
    con = store.connection
    name = str(run(con, "SELECT current_database()")[0][0])
    quoted = str(target).replace("'", "''")
    try:
        run(con, f"ATTACH '{quoted}' AS {_ALIAS}")
        try:
            run(con, f'COPY FROM DATABASE "{name}" TO {_ALIAS}')
        finally:
            run(con, f"DETACH {_ALIAS}")
    except duckdb.Error:
        target.unlink(missing_ok=True)  # never leave half a back-up that looks whole
        raise UserError(
            "BACKUP-MISLUKT",
            "De back-up kon niet worden geschreven (schijf vol, geen rechten?).",
            str(target),
        ) from None
    key = key_file_for(store.path)
    if key.exists():
        copied = key_file_for(target)
        shutil.copyfile(key, copied)
        copied.chmod(0o600)
    return target
