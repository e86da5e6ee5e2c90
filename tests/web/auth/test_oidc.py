"""Single sign-on end to end against a local OpenID provider (oidc-provider-mock on loopback): the
app sends the browser to the provider, the provider sends it back with a code, the app checks the
ID token and logs in the linked account; someone without an account gets 403."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from oidc_provider_mock import run_server_in_thread  # type: ignore[import-untyped]
from starlette.testclient import TestClient

from zorgpad.app.web import create_app


@pytest.fixture
def issuer() -> Iterator[str]:
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def _sso_login(client: TestClient, subject: str) -> httpx.Response:
    start = client.get("/oidc/inloggen?volgende=/indicatoren", follow_redirects=False)
    assert start.status_code == 302
    authorize = start.headers["location"]
    assert "/oauth2/authorize" in authorize and "redirect_uri=" in authorize
    # The user picks an identity at the provider (its form), which sends the browser back with a code.
    answer = httpx.post(authorize, data={"sub": subject}, follow_redirects=False)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["location"])
    assert back.path == "/oidc/terug" and "code=" in back.query
    return client.get(f"{back.path}?{back.query}", follow_redirects=False)  # type: ignore[return-value]


# The test provider (oidc-provider-mock) calls an Authlib hook that Authlib has deprecated.
@pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")
def test_sso_logs_in_the_linked_account(
    issuer: str, region_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sso.duckdb"
    shutil.copy(region_db, db)
    monkeypatch.setenv("ZORGPAD_OIDC_ISSUER", issuer)
    monkeypatch.setenv("ZORGPAD_OIDC_CLIENT_ID", "zorgpad-test")
    monkeypatch.setenv("ZORGPAD_OIDC_CLIENT_SECRET", "geheim-voor-de-test")
    app = create_app(db, warm=False)
    app.state.auth.accounts.add(
        "ede-sso", "gemeente", password=None, gemeenten=["0228"], oidc_subject="sub-ede"
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/inloggen")
        assert re.search(r'href="/oidc/inloggen\?volgende=', page.text)
        assert client.get("/api/indicatoren").status_code == 401
        done = _sso_login(client, "sub-ede")
        assert done.status_code == 303 and done.headers["location"] == "/indicatoren"
        shown = client.get("/indicatoren", headers={"accept": "text/html"})
        assert shown.status_code == 200 and "Ingelogd als <strong>ede-sso</strong> (gemeente)" in shown.text
        client.cookies.clear()  # someone else, in a fresh browser
        refused = _sso_login(client, "sub-onbekend")
        assert refused.status_code == 403 and refused.json()["fout"]["code"] == "BUITEN-BEREIK"
        assert client.get("/api/indicatoren").status_code == 401
