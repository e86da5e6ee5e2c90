"""Accounts, API tokens and the audit trail, kept in the store as three additive tables.

Passwords are hashed with Argon2id (argon2-cffi, its default parameters: memory-hard). API tokens are
32 random bytes (`secrets.token_urlsafe`), shown once and stored as their SHA-256: a token has 256 bits
of entropy, so a fast hash cannot be brute-forced and lets a request be checked by one indexed lookup
(a slow password hash would cost every API call ~50 ms and add nothing). The tables are created on
first use, so older stores gain them without a migration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from zorgpad.app.web.auth.principal import ROLES, Principal
from zorgpad.errors import UserError

TOKEN_PREFIX = "zp_"
CACHE_SECONDS = 30
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")
_GEMEENTE = re.compile(r"\d{4}")
_AANBIEDER = re.compile(r"\d{8}")

DDL = (
    "CREATE TABLE IF NOT EXISTS auth_users (name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, "
    "gemeenten VARCHAR[] NOT NULL, aanbieders VARCHAR[] NOT NULL, password_hash VARCHAR, "
    "oidc_subject VARCHAR, active BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, disabled_at TIMESTAMP)",
    "CREATE TABLE IF NOT EXISTS auth_tokens (token_hash VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
    "created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)",
)

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    principal: Principal
    active: bool
    created_at: dt.datetime
    has_password: bool
    tokens: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_scope(role: str, gemeenten: list[str], aanbieders: list[str]) -> None:
    """Refuse a role with a scope that does not fit it, in Dutch."""
    if role not in ROLES:
        known = ", ".join(ROLES)
        raise UserError("ROL-ONBEKEND", f"Er is geen rol '{role}'. Kies uit: {known}.", "--role")
    for code in gemeenten:
        if not _GEMEENTE.fullmatch(code):
            raise UserError(
                "GEMEENTE-ONGELDIG", f"'{code}' is geen CBS-gemeentecode (4 cijfers).", "--gemeente"
            )
    for code in aanbieders:
        if not _AANBIEDER.fullmatch(code):
            raise UserError("AANBIEDER-ONGELDIG", f"'{code}' is geen AGB-code (8 cijfers).", "--aanbieder")
    if role in ("gemeente", "toegang") and (not gemeenten or aanbieders):
        raise UserError(
            "BEREIK-ONGELDIG",
            f"Een account met rol '{role}' hoort bij één of meer gemeenten: geef --gemeente CBSCODE "
            "(en geen --aanbieder).",
            "--gemeente",
        )
    if role == "aanbieder" and (not aanbieders or gemeenten):
        raise UserError(
            "BEREIK-ONGELDIG",
            "Een account met rol 'aanbieder' hoort bij één of meer AGB-codes: geef --aanbieder AGB "
            "(en geen --gemeente).",
            "--aanbieder",
        )
    if role in ("regio", "beheer") and (gemeenten or aanbieders):
        raise UserError(
            "BEREIK-ONGELDIG",
            f"Een account met rol '{role}' heeft geen --gemeente of --aanbieder.",
            "--role",
        )


class Accounts:
    """The account tables on one DuckDB connection (a cursor of the store's; thread-safe by a lock)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._con = connection
        self._lock = threading.Lock()
        # Who a session name or token hash is, for CACHE_SECONDS: a request then costs no query. Every
        # change made here empties it; no other process can change the accounts while the server
        # holds the store (DuckDB's write lock), so a change elsewhere shows within CACHE_SECONDS.
        self._known: dict[tuple[str, str], tuple[float, Principal | None]] = {}
        with self._lock:
            for statement in DDL:
                self._con.execute(statement)

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[Any]:
        with self._lock:
            if not sql.startswith("SELECT"):
                self._known.clear()
            return self._con.execute(sql, params).fetchall()

    def _remembered(self, kind: str, key: str, look_up: Callable[[], Principal | None]) -> Principal | None:
        now = time.monotonic()
        found = self._known.get((kind, key))
        if found is not None and now - found[0] < CACHE_SECONDS:
            return found[1]
        principal = look_up()
        self._known[(kind, key)] = (now, principal)
        return principal

    # --- changing accounts (the command line) -----------------------------------------------------
    def add(
        self,
        name: str,
        role: str,
        *,
        password: str | None,
        gemeenten: Sequence[str] = (),
        aanbieders: Sequence[str] = (),
        oidc_subject: str | None = None,
    ) -> Principal:
        if not _NAME.fullmatch(name):
            raise UserError(
                "GEBRUIKER-NAAM-ONGELDIG",
                f"'{name}' is geen geldige gebruikersnaam: 2 tot 64 tekens, "
                "kleine letters, cijfers en . _ @ -.",
                "NAAM",
            )
        check_scope(role, list(gemeenten), list(aanbieders))
        if password is not None and len(password) < 12:
            raise UserError("WACHTWOORD-TE-KORT", "Een wachtwoord heeft minstens 12 tekens.", "wachtwoord")
        if self._rows("SELECT 1 FROM auth_users WHERE name = ?", [name]):
            raise UserError("GEBRUIKER-BESTAAT", f"Er is al een gebruiker '{name}'.", "NAAM")
        hashed = _hasher.hash(password) if password is not None else None
        self._rows(
            "INSERT INTO auth_users VALUES (?, ?, ?, ?, ?, ?, true, ?, NULL)",
            [name, role, sorted(set(gemeenten)), sorted(set(aanbieders)), hashed, oidc_subject, _now()],
        )
        return Principal(name, role, frozenset(gemeenten), frozenset(aanbieders))

    def _require(self, name: str) -> None:
        if not self._rows("SELECT 1 FROM auth_users WHERE name = ?", [name]):
            raise UserError("GEBRUIKER-ONBEKEND", f"Er is geen gebruiker '{name}'.", "NAAM")

    def disable(self, name: str) -> None:
        """Disable an account and revoke its tokens; its sessions end at their next request."""
        self._require(name)
        now = _now()
        self._rows("UPDATE auth_users SET active = false, disabled_at = ? WHERE name = ?", [now, name])
        self._rows("UPDATE auth_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [now, name])

    def new_token(self, name: str) -> str:
        """A new bearer token for an active account: returned once, stored only as its hash."""
        self._require(name)
        if not self._rows("SELECT 1 FROM auth_users WHERE name = ? AND active", [name]):
            raise UserError("GEBRUIKER-UITGESCHAKELD", f"Gebruiker '{name}' is uitgeschakeld.", "NAAM")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self._rows("INSERT INTO auth_tokens VALUES (?, ?, ?, NULL)", [token_hash(token), name, _now()])
        return token

    def list(self) -> list[Account]:
        rows = self._rows(
            "SELECT u.name, u.role, u.gemeenten, u.aanbieders, u.active, u.created_at, "
            "u.password_hash IS NOT NULL, count(t.token_hash) FROM auth_users u "
            "LEFT JOIN auth_tokens t ON t.name = u.name AND t.revoked_at IS NULL "
            "GROUP BY ALL ORDER BY u.name"
        )
        return [
            Account(Principal(r[0], r[1], frozenset(r[2]), frozenset(r[3])), r[4], r[5], r[6], r[7])
            for r in rows
        ]

    # --- checking credentials (the web app) -------------------------------------------------------
    def principal(self, name: str) -> Principal | None:
        """The active account `name` as a principal, or None."""
        return self._remembered("naam", name, lambda: self._principal(name))

    def _principal(self, name: str) -> Principal | None:
        rows = self._rows(
            "SELECT name, role, gemeenten, aanbieders FROM auth_users WHERE name = ? AND active", [name]
        )
        if not rows:
            return None
        name, role, gemeenten, aanbieders = rows[0]
        return Principal(name, role, frozenset(gemeenten), frozenset(aanbieders))

    def by_password(self, name: str, password: str) -> Principal | None:
        """The principal when `password` is right for the active account `name`; None otherwise."""
        rows = self._rows("SELECT password_hash FROM auth_users WHERE name = ? AND active", [name])
        stored = rows[0][0] if rows else None
        if stored is None:
            # Spend the same time as a real check, so a missing name does not answer faster.
            _hasher.hash(password)
            return None
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return self.principal(name)

    def by_token(self, token: str) -> Principal | None:
        """The principal behind a bearer token that is neither revoked nor of a disabled account."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        hashed = token_hash(token)

        def look_up() -> Principal | None:
            rows = self._rows(
                "SELECT t.name FROM auth_tokens t JOIN auth_users u ON u.name = t.name "
                "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active",
                [hashed],
            )
            return self._principal(rows[0][0]) if rows else None

        return self._remembered("token", hashed, look_up)

    def by_oidc_subject(self, subject: str, email: str | None) -> Principal | None:
        """The active account linked to an OpenID Connect subject (or, failing that, named by e-mail)."""
        rows = self._rows("SELECT name FROM auth_users WHERE oidc_subject = ? AND active", [subject])
        if rows:
            return self.principal(rows[0][0])
        return self.principal(email.lower()) if email else None
