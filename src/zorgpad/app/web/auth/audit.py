"""The audit trail: who read client-level data, when, in which role and scope, through which route,
and which client pseudonyms the answer held. Never a BSN: only the pseudonymous `client_key`.

Append-only from the app's side: `AuditLog` has no way to change or remove a row, and every row carries
the SHA-256 of the previous row's hash and its own content, so a row changed or removed afterwards by
other means breaks the chain (`verify` finds it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from zorgpad.app.web.auth.principal import Principal

DDL = (
    "CREATE TABLE IF NOT EXISTS audit_log (seq BIGINT PRIMARY KEY, read_at TIMESTAMP NOT NULL, "
    "gebruiker VARCHAR NOT NULL, rol VARCHAR NOT NULL, bereik VARCHAR NOT NULL, methode VARCHAR NOT NULL, "
    "route VARCHAR NOT NULL, clienten VARCHAR[] NOT NULL, prev_hash VARCHAR NOT NULL, "
    "row_hash VARCHAR NOT NULL)"
)
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    gebruiker: str
    rol: str
    bereik: str
    methode: str
    route: str
    clienten: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "volgnummer": self.seq,
            "tijd": self.at.isoformat(timespec="seconds") + "Z",
            "gebruiker": self.gebruiker,
            "rol": self.rol,
            "bereik": self.bereik,
            "methode": self.methode,
            "route": self.route,
            "clienten": list(self.clienten),
        }


def _row_hash(prev: str, entry: AuditEntry) -> str:
    content = json.dumps([prev, entry.as_json()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._con = connection
        self._lock = threading.Lock()
        with self._lock:
            self._con.execute(DDL)

    def record(self, principal: Principal, method: str, route: str, clients: Iterable[str]) -> None:
        """Append one read of client-level data (the pseudonyms sorted, each once)."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        with self._lock:
            self._con.begin()
            try:
                last = self._con.execute(
                    "SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
                ).fetchall()
                seq, prev = (int(last[0][0]) + 1, str(last[0][1])) if last else (1, GENESIS)
                entry = AuditEntry(
                    seq, now, principal.name, principal.role, principal.scope_text, method, route,
                    tuple(sorted(set(clients))),
                )  # fmt: skip
                self._con.execute(
                    "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [seq, now, entry.gebruiker, entry.rol, entry.bereik, method, route,
                     list(entry.clienten), prev, _row_hash(prev, entry)],
                )  # fmt: skip
                self._con.commit()
            except BaseException:
                self._con.rollback()
                raise

    def entries(self, since: dt.date | None = None, user: str | None = None) -> list[AuditEntry]:
        sql = "SELECT seq, read_at, gebruiker, rol, bereik, methode, route, clienten FROM audit_log"
        sql += " WHERE true"
        params: list[Any] = []
        if since is not None:
            sql += " AND read_at >= ?"
            params.append(dt.datetime.combine(since, dt.time()))
        if user is not None:
            sql += " AND gebruiker = ?"
            params.append(user)
        with self._lock:
            rows = self._con.execute(sql + " ORDER BY seq", params).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(r[7])) for r in rows]

    def verify(self) -> int | None:
        """The sequence number of the first row whose chain is broken, or None when all hold."""
        with self._lock:
            rows = self._con.execute(
                "SELECT seq, read_at, gebruiker, rol, bereik, methode, route, clienten, prev_hash, row_hash "
                "FROM audit_log ORDER BY seq"
            ).fetchall()
        prev = GENESIS
        for r in rows:
            entry = AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(r[7]))
            if r[8] != prev or r[9] != _row_hash(prev, entry):
                return int(r[0])
            prev = str(r[9])
        return None
