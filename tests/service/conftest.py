"""A real `zorgpad serve` in a subprocess, on loopback and a free port, for the service tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

KEY = "service-tests-pseudonym-key-0123456789"
ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))  # the installed command line
STARTUP_SECONDS = 120
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env() -> dict[str, str]:
    return {**os.environ, "ZORGPAD_PSEUDONYM_KEY": KEY, "NO_COLOR": "1", "COLUMNS": "200"}


def zorgpad(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the `zorgpad` command line in a process of its own."""
    return subprocess.run([ZORGPAD, *args], capture_output=True, text=True, env=env(), timeout=timeout)


def regio_token(db: Path) -> str:
    """An API token of a `regio` account on the store at `db` (made, with the store, when missing)."""
    from zorgpad.app.web.auth.accounts import Accounts
    from zorgpad.store.database import Store

    with Store.open(db, create=True) as store:
        accounts = Accounts(store.connection.cursor())
        if accounts.principal("test-regio") is None:
            accounts.add("test-regio", "regio", password=None, gemeenten=[], aanbieders=[])
        return accounts.new_token("test-regio")


def get(url: str, timeout: float = 30, token: str | None = None) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with _NO_PROXY.open(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    db: Path
    token: str

    def json(self, path: str) -> object:
        status, body = get(self.url + path, token=self.token)
        assert status == 200, body
        return json.loads(body)


def start_server(db: Path, *extra: str, port: int | None = None) -> Served:
    """Start `zorgpad serve` on `db`; return once the command line can find it and it answers."""
    port = port or free_port()
    token = regio_token(db)
    log = db.with_name(db.name + f".serve-{port}.log").open("ab")
    process = subprocess.Popen(
        [ZORGPAD, "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env(),
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, db, url)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return Served(process, url, db, token)


def stop_server(server: Served) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextmanager
def served(db: Path, *extra: str) -> Iterator[Served]:
    """`zorgpad serve` on `db` until the block ends (SIGTERM then)."""
    server = start_server(db, *extra)
    try:
        yield server
    finally:
        stop_server(server)


def wait_until_up(process: subprocess.Popen[bytes], db: Path, url: str) -> None:
    discovery = db.with_name(db.name + ".server.json")
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"zorgpad serve stopped with exit code {process.returncode}")
        if discovery.exists():
            try:
                if get(url + "/api/gezondheid", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
        time.sleep(0.3)
    pytest.fail("zorgpad serve did not come up in time")
