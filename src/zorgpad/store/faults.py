"""Storage faults in Dutch: a full disk, a read-only file, a store another process holds.

DuckDB reports these as English exceptions (and after a failed COMMIT a rollback raises its own
"no transaction is active", which hides the cause). `storage_error` names the cause in Dutch with a
stable code, keeping DuckDB's text as detail; the command line turns it into exit code 2.
"""

from __future__ import annotations

import errno
from pathlib import Path

from zorgpad.errors import UserError

# (code, Dutch cause, what to do), recognised by fragments of the OS or DuckDB message.
_CAUSES: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (
        ("no space left on device", "disk full", "not enough space"),
        "DB-SCHIJF-VOL",
        "de schijf is vol",
        "Maak ruimte vrij op de schijf en voer het commando opnieuw uit.",
    ),
    (
        ("file too large",),
        "DB-SCHIJF-VOL",
        "de grootste toegestane bestandsgrootte is bereikt",
        "Verhoog de limiet of kies een andere plek voor de database.",
    ),
    (
        ("read-only file system", "permission denied", "read-only", "readonly"),
        "DB-ALLEEN-LEZEN",
        "de database of haar map is alleen-lezen",
        "Geef schrijfrechten op het bestand en de map, of kies een andere plek voor de database.",
    ),
    (
        ("could not set lock", "conflicting lock", "resource temporarily unavailable", "lock on file"),
        "DB-IN-GEBRUIK",
        "een ander proces gebruikt de database",
        "Wacht tot het andere proces (bijvoorbeeld `zorgpad serve` of een andere ingest) klaar is.",
    ),
)
_DETAIL_CHARS = 300


def storage_error(error: BaseException, path: Path | str, action: str) -> UserError:
    """A coded Dutch `UserError` for a failure of `action` (e.g. "Opslaan in de database") at `path`."""
    text = str(error)
    lowered = text.lower()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        lowered += " no space left on device"
    for fragments, code, cause, advice in _CAUSES:
        if any(fragment in lowered for fragment in fragments):
            detail = f"(Technische melding: {_short(text)})"
            return UserError(code, f"{action} is mislukt: {cause}. {advice} {detail}", str(path))
    return UserError(
        "DB-SCHRIJFFOUT",
        f"{action} is mislukt door een fout van het opslagsysteem. (Technische melding: {_short(text)})",
        str(path),
    )


def _short(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= _DETAIL_CHARS else first[:_DETAIL_CHARS] + "…"
