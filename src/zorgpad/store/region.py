"""Which municipalities and providers the store knows: the senders and receivers of its messages.

Commands that take a municipality or provider code (`users add`) refuse one the region does not know,
instead of silently doing nothing useful with it. A store without messages knows none yet, and then
every well-formed code is accepted.
"""

from __future__ import annotations

import duckdb

from zorgpad.errors import UserError
from zorgpad.store.database import run


def known_codes(connection: duckdb.DuckDBPyConnection, column: str) -> set[str]:
    """The distinct non-empty values of `column` ('gemeente' or 'aanbieder') in `messages`."""
    if column not in ("gemeente", "aanbieder"):
        raise ValueError(column)
    rows = run(connection, f"SELECT DISTINCT {column} FROM messages WHERE {column} IS NOT NULL")
    return {str(value) for (value,) in rows}


def require_known(connection: duckdb.DuckDBPyConnection, column: str, codes: list[str], option: str) -> None:
    """Refuse a code of `column` that none of the store's messages has (when it has any)."""
    known = known_codes(connection, column)
    unknown = [code for code in codes if known and code not in known]
    if not unknown:
        return
    what = "gemeente" if column == "gemeente" else "aanbieder"
    listed = (
        f" Bekend: {', '.join(sorted(known))}." if len(known) <= 20 else f" De database kent er {len(known)}."
    )
    raise UserError(
        f"{what.upper()}-ONBEKEND",
        f"De {what} {unknown[0]} komt in geen enkel bericht van deze regio voor.{listed}",
        option,
    )
