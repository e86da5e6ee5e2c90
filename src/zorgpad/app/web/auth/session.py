"""Signed session cookies (Starlette's SessionMiddleware, signed with itsdangerous).

The cookie is HttpOnly and SameSite=Lax, and Secure whenever the request came over TLS: two
middlewares with the same key, one marking the cookie Secure, chosen per request by its scheme
(uvicorn with `--proxy-headers` behind a TLS proxy reports `https`). The signed timestamp limits idle
time (`IDLE_SECONDS`, renewed on every answer); `LOGIN_SECONDS` limits a session's total life.
"""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

SESSION_COOKIE = "zorgpad_sessie"
IDLE_SECONDS = 30 * 60
LOGIN_SECONDS = 8 * 60 * 60
SECRET_ENV = "ZORGPAD_SESSIEGEHEIM"


def session_secret() -> str:
    """The signing key: `ZORGPAD_SESSIEGEHEIM` when set (sessions survive a restart and are shared by
    several server processes), else a fresh random key per process (sessions end at a restart)."""
    return os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32)


class SchemeSessions:
    """Session cookies that are Secure exactly when the request came over TLS."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        common: dict[str, Any] = {
            "secret_key": secret,
            "session_cookie": SESSION_COOKIE,
            "max_age": IDLE_SECONDS,
            "same_site": "lax",
        }
        self.plain = SessionMiddleware(app, https_only=False, **common)
        self.secure = SessionMiddleware(app, https_only=True, **common)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = scope.get("scheme") in ("https", "wss")
        await (self.secure if secure else self.plain)(scope, receive, send)


def start_session(session: dict[str, Any], name: str) -> None:
    """Log `name` in: a fresh session (no value of the anonymous one carries over) and a new CSRF token."""
    session.clear()
    session.update({"gebruiker": name, "sinds": int(time.time()), "csrf": secrets.token_urlsafe(32)})


def session_user(session: dict[str, Any]) -> str | None:
    """The logged-in user's name, or None when there is none or the session is past `LOGIN_SECONDS`."""
    name = session.get("gebruiker")
    since = session.get("sinds")
    if not isinstance(name, str) or not isinstance(since, int):
        return None
    if time.time() - since > LOGIN_SECONDS:
        session.clear()
        return None
    return name
