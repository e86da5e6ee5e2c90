"""Errors that reach a user: a stable code, a Dutch message and where it happened.

Every layer raises `UserError` (or a subclass) for bad input; the command line and the HTTP API turn it
into a Dutch message and an exit code or error response, never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a bad request, explained in Dutch.

    `code` is stable (tests assert it); `message` is the Dutch text; `location` says where
    (a file with line, an xpath, a field).
    """

    def __init__(self, code: str, message: str, location: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message} [{self.code}]"


EXCERPT_CHARS = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of an input value, for quoting it in an error message."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
