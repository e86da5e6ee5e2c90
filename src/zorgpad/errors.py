"""Errors that reach a user: a stable code, a Dutch message and where it happened.

Every layer raises `UserError` (or a subclass) for bad input; the command line and the HTTP API turn it
into a Dutch message and an exit code or error response, never a traceback.
"""

from __future__ import annotations

import errno


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


# Why the system refused, in Dutch (os.strerror speaks English): when reading a file, and when writing.
_READ_REASONS_NL = {
    errno.ENOENT: "het bestand bestaat niet",
    errno.EISDIR: "het is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is een bestand",
    errno.EACCES: "geen leesrechten",
    errno.EPERM: "geen leesrechten",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen in het pad",
    errno.EIO: "een leesfout van de schijf",
}
_WRITE_REASONS_NL = {
    errno.ENOENT: "een map in het pad bestaat niet",
    errno.ENOTDIR: "een deel van het pad is een bestand",
    errno.EISDIR: "er staat een map met die naam",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quota) is op",
    errno.EEXIST: "er staat al een bestand met die naam",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def os_reason_nl(error: OSError, *, writing: bool = False) -> str:
    """The cause of an OS error in Dutch, with the system's code name for the rare ones."""
    code = error.errno or 0
    reasons = _WRITE_REASONS_NL if writing else _READ_REASONS_NL
    return reasons.get(code, f"systeemfout {errno.errorcode.get(code, code)}")
