"""How the access layer names a client: a short pseudonymous reference, never the BSN.

A user may give a BSN (pseudonymised with the store's key, as at ingest) or a reference/pseudonym.
"""

from __future__ import annotations

import re
from pathlib import Path

from zorgpad.errors import UserError
from zorgpad.store.database import Store, run
from zorgpad.store.pseudonym import Pseudonymizer, load_key

PREFIX = "cl-"
REF_LENGTH = 10


def reference(client_key: str) -> str:
    """The client's pseudonymous reference shown to users and in logs."""
    return PREFIX + client_key[:REF_LENGTH]


def resolve_client(store: Store, db_path: Path, given: str) -> str:
    """The client_key for a BSN, a reference (cl-...) or a full pseudonym; Dutch error when unknown."""
    text = given.strip()
    if re.fullmatch(r"\d{8,9}", text):
        key = Pseudonymizer(load_key(db_path)).key_of(text.zfill(9))
        candidates = [key]
    else:
        prefix = text.removeprefix(PREFIX).lower()
        if not re.fullmatch(r"[0-9a-f]{6,32}", prefix):
            raise UserError(
                "CLIENT-ONGELDIG", "Geef een BSN (9 cijfers) of een cliëntreferentie (cl-...).", "CLIENT"
            )
        rows = run(
            store.connection,
            "SELECT DISTINCT client_key FROM (SELECT client_key FROM allocations UNION ALL "
            "SELECT client_key FROM allocation_requests UNION ALL SELECT client_key FROM referrals) "
            "WHERE starts_with(client_key, ?)",
            [prefix],
        )
        candidates = [str(r[0]) for r in rows]
        if len(candidates) > 1:
            raise UserError(
                "CLIENT-DUBBELZINNIG", "Deze referentie past bij meer cliënten; geef meer tekens."
            )
    known = run(
        store.connection,
        "SELECT count(*) FROM (SELECT client_key FROM allocations UNION ALL SELECT client_key FROM "
        "allocation_requests UNION ALL SELECT client_key FROM referrals) WHERE client_key = ?",
        [candidates[0] if candidates else ""],
    )
    if not candidates or int(known[0][0]) == 0:
        raise UserError("CLIENT-ONBEKEND", "Deze cliënt staat niet in de database.", "CLIENT")
    return candidates[0]
