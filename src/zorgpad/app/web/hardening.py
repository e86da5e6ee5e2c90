"""Request hardening kept apart from the app: Host allowlist, no caching of data, short echoes.

- **Host allowlist.** A page on another site can make a browser send requests to the dashboard on
  `localhost` under the other site's name (DNS rebinding). Only requests whose `Host` is on the
  allowlist are answered; others get 400 `HOST-ONBEKEND` in the one error shape. The list is loopback
  by default (`localhost`, `127.0.0.1`, `::1`, and `testserver`, the name Starlette's test client uses
  and no DNS resolves), plus the names in `ZORGPAD_HOSTS` (comma-separated) and the `--host` given to
  `zorgpad serve`.
- **No caching.** Every answer except the static files (CSS, icon) carries `Cache-Control: no-store`:
  pages, API answers and downloads hold data about children's care.
- **Short echoes.** A query string above `MAX_QUERY_BYTES` is refused with 414 `VERZOEK-TE-LANG`
  before any route sees it; `excerpt` cuts any input an error message quotes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zorgpad.errors import excerpt

__all__ = ["Hardening", "allowed_hosts", "excerpt"]

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "testserver"})
HOSTS_VARIABLE = "ZORGPAD_HOSTS"
MAX_QUERY_BYTES = 8 * 1024
_CACHEABLE = ("/static/", "/favicon.ico")


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback, the names in `ZORGPAD_HOSTS`, and `extra` (e.g. the address `serve` listens on)."""
    configured = os.environ.get(HOSTS_VARIABLE, "").split(",")
    return LOOPBACK_HOSTS | {_host_name(name) for name in (*configured, *extra) if name.strip()}


def _host_name(value: str) -> str:
    """`Host` header or listen address without port, brackets or case: `[::1]:8000` -> `::1`."""
    text = value.strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text[1:]
    if text.count(":") == 1:
        return text.split(":", 1)[0]
    return text


def _error(code: str, bericht: str) -> bytes:
    return json.dumps({"fout": {"code": code, "bericht": bericht, "locatie": None}}).encode()


class Hardening:
    """ASGI middleware: Host allowlist, query-length limit, `Cache-Control: no-store`."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts
        # A listener on every address (0.0.0.0, ::) answers whatever name reaches it: the operator
        # chose that, so the allowlist cannot know the names; it is then not applied.
        self.any_host = bool(hosts & {"0.0.0.0", "::", "*"})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((value.decode("latin-1") for key, value in scope["headers"] if key == b"host"), "")
        if not self.any_host and _host_name(host) not in self.hosts:
            await _refuse(send, 400, "HOST-ONBEKEND", "Dit adres (Host) hoort niet bij dit dashboard.")
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            await _refuse(
                send,
                414,
                "VERZOEK-TE-LANG",
                f"Het adres is te lang (meer dan {MAX_QUERY_BYTES // 1024} kB aan parameters).",
            )
            return
        path = str(scope.get("path", ""))
        if path.startswith(_CACHEABLE):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_no_store)


async def _refuse(send: Send, status: int, code: str, bericht: str) -> None:
    body = _error(code, bericht)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
