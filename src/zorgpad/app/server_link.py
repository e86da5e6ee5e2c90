"""The command line's way to a store that `zorgpad serve` holds.

DuckDB lets one process write a database file. While `zorgpad serve` runs, it is that process: it
writes a small discovery file beside the store (`FILE.server.json`, readable by its owner only) with
its loopback address and a secret made fresh at every start. `zorgpad ingest` and `zorgpad check`
look for that file; when the server answers, they send their work to its internal API
(`/api/intern/...`, authorised by that secret, not by a user's token) and print what it sends back.
A stale file (the server was killed) is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from zorgpad.errors import UserError

SECRET_HEADER = "X-Zorgpad-Sleutel"
_PROBE_SECONDS = 2.0
# Loopback only: never through a proxy named in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def discovery_file(db: str | Path) -> Path:
    path = Path(db)
    return path.with_name(path.name + ".server.json")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def write_discovery(db: str | Path, url: str, secret: str) -> Path:
    """Write the discovery file atomically, readable and writable by the owner only (0600)."""
    target = discovery_file(db)
    temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"url": url, "sleutel": secret, "pid": os.getpid()}, handle)
    temporary.replace(target)
    return target


def remove_discovery(db: str | Path, secret: str) -> None:
    """Remove the discovery file when it is still this server's (a newer server may have replaced it)."""
    target = discovery_file(db)
    with contextlib.suppress(OSError, ValueError):
        if json.loads(target.read_text(encoding="utf-8")).get("sleutel") == secret:
            target.unlink()


@dataclass(frozen=True)
class ServerLink:
    url: str
    secret: str

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST JSON to the server's internal API; its error shape becomes a `UserError`."""
        request = urllib.request.Request(
            self.url + "/api" + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", SECRET_HEADER: self.secret},
            method="POST",
        )
        try:
            with _OPENER.open(request, timeout=None) as response:
                return cast(dict[str, Any], json.loads(response.read()))
        except urllib.error.HTTPError as error:
            raise _as_user_error(error) from None
        except (urllib.error.URLError, OSError) as error:
            raise UserError(
                "SERVER-ONBEREIKBAAR",
                "De database wordt gebruikt door `zorgpad serve`, maar die server gaf geen antwoord "
                f"({_reason(error)}). Probeer het opnieuw, of stop de server en start de opdracht dan.",
                self.url,
            ) from None


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    return str(reason if reason is not None else type(error).__name__)


def _as_user_error(error: urllib.error.HTTPError) -> UserError:
    try:
        detail = json.loads(error.read())["fout"]
        return UserError(detail["code"], detail["bericht"], detail.get("locatie"))
    except (ValueError, KeyError, TypeError):
        return UserError("SERVER-FOUT", f"De server weigerde de opdracht (HTTP {error.code}).")


def find_server(db: str | Path) -> ServerLink | None:
    """The server that holds the store at `db`, when its discovery file is there and it answers."""
    target = discovery_file(db)
    try:
        found = json.loads(target.read_text(encoding="utf-8"))
        link = ServerLink(str(found["url"]), str(found["sleutel"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        with _OPENER.open(link.url + "/api/gezondheid", timeout=_PROBE_SECONDS):
            return link
    except (urllib.error.URLError, OSError):
        return None  # stale: the server is gone
