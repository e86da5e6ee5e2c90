"""`zorgpad serve` warns in Dutch beyond loopback without TLS; demo accounts, one per role, log in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from zorgpad.app.commands.serve import plain_http_warning
from zorgpad.app.web import create_app
from zorgpad.app.web.auth.demo_accounts import create_demo_accounts


def test_plain_http_beyond_loopback_is_warned_about_in_dutch() -> None:
    for host in ("127.0.0.1", "::1", "[::1]", "localhost"):
        assert plain_http_warning(host, tls=False) is None, host
    warning = plain_http_warning("0.0.0.0", tls=False)
    assert warning is not None and "zonder TLS" in warning and "--ssl-certfile" in warning
    assert plain_http_warning("192.168.1.10", tls=True) is None


def test_demo_accounts_one_per_role_log_in(region_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    shutil.copy(region_db, db)
    made = create_demo_accounts(db)
    assert sorted(a.principal.role for a in made) == ["aanbieder", "beheer", "gemeente", "regio", "toegang"]
    assert create_demo_accounts(db) == []  # a second run adds none
    app = create_app(db, warm=False)
    with TestClient(app) as client:
        for account in made:
            login = client.get("/inloggen")
            csrf = login.text.split('name="csrf" value="')[1].split('"')[0]
            answer = client.post(
                "/inloggen",
                data={"gebruiker": account.principal.name, "wachtwoord": account.password, "csrf": csrf},
                follow_redirects=False,
            )
            assert answer.status_code == 303, account.principal.name
            client.cookies.clear()


@pytest.mark.slow
def test_demo_serve_prints_how_to_log_in_with_each_demo_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`zorgpad demo --serve` (the server itself replaced by a recorder): the accounts it prints, one
    per role with its password, log in to the dashboard it would start."""
    import re

    from typer.testing import CliRunner

    from zorgpad.app import cli
    from zorgpad.app.commands import serve as serve_command

    started: list[tuple[object, ...]] = []
    monkeypatch.setattr(serve_command, "serve", lambda *args: started.append(args))
    out = tmp_path / "demo"
    result = CliRunner().invoke(
        cli.app,
        ["demo", "--out", str(out), "--scale", "0.005", "--serve", "--port", "8123"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Demo-accounts (log in op http://127.0.0.1:8123/inloggen):" in result.output
    printed = dict(re.findall(r"^\s+(demo-\w+)\s+wachtwoord (\S+)\s+rol", result.output, flags=re.M))
    assert sorted(printed) == ["demo-aanbieder", "demo-beheer", "demo-gemeente", "demo-regio", "demo-toegang"]
    assert started and started[0][2] == 8123
    app = create_app(out / "zorgpad.duckdb", warm=False)
    with TestClient(app) as client:
        for name, password in printed.items():
            csrf = client.get("/inloggen").text.split('name="csrf" value="')[1].split('"')[0]
            form = {"gebruiker": name, "wachtwoord": password, "csrf": csrf}
            answer = client.post("/inloggen", data=form, follow_redirects=False)
            assert answer.status_code == 303, name
            client.cookies.clear()
