"""Login: the Dutch form, the session cookie's flags, CSRF on every form, throttling, expiry, the
redirect of a page to the login page and back, and the security headers on the login page."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from zorgpad.app.web import create_app
from zorgpad.app.web.auth import session as session_module
from zorgpad.app.web.auth.login import safe_target

PASSWORD = "een lang genoeg wachtwoord"


@pytest.fixture
def login_app(region_db: Path) -> FastAPI:
    app = create_app(region_db, warm=False)
    accounts = app.state.auth.accounts
    for name in ("inlogger", "geblokkeerd"):
        if accounts.principal(name) is None:
            accounts.add(name, "regio", password=PASSWORD)
    return app


def _csrf(client: TestClient) -> str:
    page = client.get("/inloggen")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def _login(client: TestClient, name: str, password: str, **extra: str) -> object:
    data = {"gebruiker": name, "wachtwoord": password, "csrf": _csrf(client), **extra}
    return client.post("/inloggen", data=data, follow_redirects=False)


def test_a_page_without_login_goes_to_the_login_page_and_back(login_app: FastAPI) -> None:
    with TestClient(login_app) as client:
        first = client.get(
            "/gemeenten?van=2025-01-01", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert first.status_code == 303
        assert first.headers["location"] == "/inloggen?volgende=%2Fgemeenten%3Fvan%3D2025-01-01"
        page = client.get(first.headers["location"])
        assert page.status_code == 200 and '<html lang="nl">' in page.text and "Wachtwoord" in page.text
        for header in ("content-security-policy", "x-content-type-options", "referrer-policy"):
            assert header in page.headers
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert "<script" not in page.text
        answer = _login(client, "Inlogger", PASSWORD, volgende="/gemeenten?van=2025-01-01")
        assert answer.status_code == 303 and answer.headers["location"] == "/gemeenten?van=2025-01-01"  # type: ignore[attr-defined]
        cookie = answer.headers["set-cookie"]  # type: ignore[attr-defined]
        assert (
            "zorgpad_sessie=" in cookie and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
        )
        assert "secure" not in cookie.lower()  # plain http on loopback; over TLS it is Secure (below)
        shown = client.get("/gemeenten", headers={"accept": "text/html"})
        assert shown.status_code == 200 and "Ingelogd als <strong>inlogger</strong>" in shown.text
        token = re.search(r'action="/uitloggen"><input type="hidden" name="csrf" value="([^"]+)"', shown.text)
        assert token
        assert client.post("/uitloggen", data={"csrf": "fout"}).status_code == 403
        out = client.post("/uitloggen", data={"csrf": token.group(1)}, follow_redirects=False)
        assert out.status_code == 303
        assert client.get("/api/indicatoren").status_code == 401


def test_the_cookie_is_secure_over_tls(login_app: FastAPI) -> None:
    with TestClient(login_app, base_url="https://testserver") as client:
        answer = _login(client, "inlogger", PASSWORD)
        assert "secure" in answer.headers["set-cookie"].lower()  # type: ignore[attr-defined]


def test_a_form_without_its_csrf_token_is_refused(login_app: FastAPI) -> None:
    with TestClient(login_app) as client:
        client.get("/inloggen")
        answer = client.post("/inloggen", data={"gebruiker": "inlogger", "wachtwoord": PASSWORD})
        assert answer.status_code == 403 and answer.json()["fout"]["code"] == "CSRF-ONGELDIG"
        stolen = _csrf(client)  # a token from another session does not count either
        client.cookies.clear()
        client.get("/inloggen")
        data = {"gebruiker": "inlogger", "wachtwoord": PASSWORD, "csrf": stolen}
        assert client.post("/inloggen", data=data).status_code == 403


def test_wrong_passwords_are_throttled(login_app: FastAPI) -> None:
    with TestClient(login_app) as client:
        for _ in range(5):
            wrong = _login(client, "geblokkeerd", "niet het wachtwoord")
            assert wrong.status_code == 401 and "klopt niet" in wrong.text  # type: ignore[attr-defined]
        blocked = _login(client, "geblokkeerd", PASSWORD)
        assert blocked.status_code == 429 and "Te veel mislukte inlogpogingen" in blocked.text  # type: ignore[attr-defined]


def test_a_session_expires(login_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(login_app) as client:
        _login(client, "inlogger", PASSWORD)
        assert client.get("/api/indicatoren").status_code == 200
        later = time.time() + session_module.LOGIN_SECONDS + 1
        monkeypatch.setattr(session_module.time, "time", lambda: later)
        assert client.get("/api/indicatoren").status_code == 401


def test_only_a_path_on_this_site_is_a_target() -> None:
    assert safe_target("/gemeenten?x=1") == "/gemeenten?x=1"
    for bad in ("https://elders.example/", "//elders.example/", "/\\elders", "", None):
        assert safe_target(bad) == "/"
