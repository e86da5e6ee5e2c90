"""`zorgpad serve` warns in Dutch beyond loopback without TLS; demo accounts, one per role, log in."""

from __future__ import annotations

import shutil
from pathlib import Path

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
