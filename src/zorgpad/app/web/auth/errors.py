"""The two answers of access control, in the app's one error shape (see zorgpad.app.web.errors)."""

from __future__ import annotations

from zorgpad.errors import UserError


class UnauthorizedError(UserError):
    """No valid session or bearer token: HTTP 401."""

    status_code = 401

    def __init__(self) -> None:
        super().__init__(
            "NIET-INGELOGD",
            "U bent niet ingelogd. Log in op /inloggen, of stuur een geldig API-token mee "
            "(Authorization: Bearer ...).",
            "header.authorization",
        )


class ForbiddenError(UserError):
    """The principal is known but the request reaches outside its role or scope: HTTP 403."""

    status_code = 403

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__("BUITEN-BEREIK", message, location)


class ThrottledError(UserError):
    """Too many failed logins: HTTP 429."""

    status_code = 429

    def __init__(self, seconds: int) -> None:
        minutes = max(1, (seconds + 59) // 60)
        super().__init__(
            "INLOGGEN-GEBLOKKEERD",
            f"Te veel mislukte inlogpogingen. Probeer het over {minutes} minuten opnieuw.",
            "form.gebruiker",
        )
