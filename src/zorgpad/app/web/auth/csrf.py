"""CSRF protection for the forms: a random token in the signed session, repeated in a hidden field.

Every state-changing form (`POST`) carries `csrf`; the handler calls `check_csrf`. Bearer-token API
calls carry no cookie, so they cannot be forged by another site and need no token.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from zorgpad.errors import UserError


class CsrfError(UserError):
    status_code = 403

    def __init__(self) -> None:
        super().__init__(
            "CSRF-ONGELDIG",
            "Dit formulier is verlopen of niet door zorgpad verstuurd. "
            "Laad de pagina opnieuw en probeer het nog eens.",
            "form.csrf",
        )


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token (made on first use)."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf(session: dict[str, Any], sent: str | None) -> None:
    expected = session.get("csrf")
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfError()
