"""Open the dashboard's listening socket ourselves, so a taken port or an unknown host is a Dutch error.

Left to uvicorn, a bind failure is logged in English and ends the process with exit code 1 before
zorgpad can explain it. Binding first also fails fast: before the store and the app are loaded.
"""

from __future__ import annotations

import errno
import socket

from zorgpad.errors import UserError


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket on `host`:`port` for uvicorn; a coded Dutch `UserError` when it cannot be."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError):
        raise UserError(
            "HOST-ONGELDIG",
            f"Het adres '{host}' is onbekend; gebruik bijvoorbeeld 127.0.0.1 (alleen deze computer).",
            "--host",
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise _bind_error(error, host, port) from None
    sock.set_inheritable(True)
    return sock


def _bind_error(error: OSError, host: str, port: int) -> UserError:
    if error.errno == errno.EADDRINUSE:
        return UserError(
            "POORT-BEZET",
            f"Poort {port} op {host} is al in gebruik (draait het dashboard al?). Kies een andere --port.",
            "--port",
        )
    if error.errno == errno.EADDRNOTAVAIL:
        text = f"Het adres '{host}' hoort niet bij deze computer; kies een eigen adres."
        return UserError("HOST-ONGELDIG", text, "--host")
    if error.errno in (errno.EACCES, errno.EPERM):
        return UserError(
            "POORT-GEWEIGERD",
            f"Poort {port} mag zorgpad niet openen (poorten onder 1024 vragen beheerdersrechten).",
            "--port",
        )
    return UserError(
        "POORT-BEZET",
        f"Het dashboard kan niet luisteren op {host}:{port} "
        f"(systeemfout {errno.errorcode.get(error.errno or 0, error.errno)}). Kies een andere --port.",
        "--port",
    )
