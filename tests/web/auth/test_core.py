"""The auth core: accounts with Argon2 passwords, tokens shown once and stored hashed, the CLI, and
`require_principal` answering 401 in the app's one error shape."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi import Depends, FastAPI
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from zorgpad.app.cli import app as cli
from zorgpad.app.web import create_app
from zorgpad.app.web.auth import Principal, require_principal
from zorgpad.app.web.auth.accounts import Accounts, token_hash
from zorgpad.errors import UserError

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

PASSWORD = "correct paard batterij niet"


@pytest.fixture
def store_copy(region_db: Path, tmp_path: Path) -> Path:
    """A private copy of the region store, so accounts made here touch no other test."""
    copy = tmp_path / "regio.duckdb"
    shutil.copy(region_db, copy)
    return copy


@pytest.fixture
def accounts() -> Iterator[Accounts]:
    connection = duckdb.connect(":memory:")
    yield Accounts(connection)
    connection.close()


def test_passwords_are_argon2_and_checked(accounts: Accounts) -> None:
    accounts.add("ede", "gemeente", password=PASSWORD, gemeenten=["0228"])
    stored = accounts._rows("SELECT password_hash FROM auth_users WHERE name = 'ede'")[0][0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    principal = accounts.by_password("ede", PASSWORD)
    assert principal == Principal("ede", "gemeente", frozenset({"0228"}), frozenset())
    assert accounts.by_password("ede", PASSWORD + "x") is None
    assert accounts.by_password("niemand", PASSWORD) is None


def test_tokens_are_stored_as_their_hash_and_die_with_the_account(accounts: Accounts) -> None:
    accounts.add("zorg-bv", "aanbieder", password=None, aanbieders=["12345678"])
    token = accounts.new_token("zorg-bv")
    stored = [row[0] for row in accounts._rows("SELECT token_hash FROM auth_tokens")]
    assert stored == [token_hash(token)] and token not in stored
    assert accounts.by_token(token) == Principal("zorg-bv", "aanbieder", frozenset(), frozenset({"12345678"}))
    assert accounts.by_token(token + "x") is None
    accounts.disable("zorg-bv")
    assert accounts.by_token(token) is None
    assert accounts.principal("zorg-bv") is None


@pytest.mark.parametrize(
    ("role", "gemeenten", "aanbieders", "code"),
    [
        ("baas", [], [], "ROL-ONBEKEND"),
        ("gemeente", [], [], "BEREIK-ONGELDIG"),
        ("aanbieder", ["0228"], [], "BEREIK-ONGELDIG"),
        ("regio", ["0228"], [], "BEREIK-ONGELDIG"),
        ("gemeente", ["228"], [], "GEMEENTE-ONGELDIG"),
        ("aanbieder", [], ["1234"], "AANBIEDER-ONGELDIG"),
    ],
)
def test_a_scope_that_does_not_fit_the_role_is_refused(
    accounts: Accounts, role: str, gemeenten: list[str], aanbieders: list[str], code: str
) -> None:
    with pytest.raises(UserError) as raised:
        accounts.add("x1", role, password=PASSWORD, gemeenten=gemeenten, aanbieders=aanbieders)
    assert raised.value.code == code


def test_cli_adds_lists_tokens_and_disables(store_copy: Path) -> None:
    runner = CliRunner()
    db = str(store_copy)
    added = runner.invoke(
        cli,
        [
            "users",
            "add",
            "Arnhem",
            "--db",
            db,
            "--role",
            "gemeente",
            "--gemeente",
            "0202",
            "--wachtwoord-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert "Gebruiker arnhem gemaakt met rol gemeente (gemeente:0202)" in added.output
    again = runner.invoke(
        cli,
        ["users", "add", "arnhem", "--db", db, "--role", "regio", "--wachtwoord-stdin"],
        input=PASSWORD + "\n",
    )
    assert again.exit_code != 0
    made = runner.invoke(cli, ["users", "token", "arnhem", "--db", db])
    assert made.exit_code == 0
    token = made.output.strip().splitlines()[-1]
    assert token.startswith("zp_") and len(token) > 40
    listed = runner.invoke(cli, ["users", "list", "--db", db])
    assert "arnhem\tgemeente\tgemeente:0202\tactief\t1 token(s)" in listed.output
    assert token not in listed.output
    app = create_app(store_copy, warm=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        ok = client.get("/api/indicatoren", headers={"authorization": f"Bearer {token}"})
        assert ok.status_code == 200
    assert runner.invoke(cli, ["users", "disable", "arnhem", "--db", db]).exit_code == 0
    app = create_app(store_copy, warm=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        refused = client.get("/api/indicatoren", headers={"authorization": f"Bearer {token}"})
        assert refused.status_code == 401
        assert refused.json()["fout"]["code"] == "NIET-INGELOGD"


def test_cli_refuses_a_short_password(store_copy: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["users", "add", "kort", "--db", str(store_copy), "--role", "regio", "--wachtwoord-stdin"],
        input="kort\n",
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, UserError) and result.exception.code == "WACHTWOORD-TE-KORT"


def test_require_principal_is_the_dependency_routes_use(region_db: Path) -> None:
    app: FastAPI = create_app(region_db, warm=False)

    @app.get("/api/wie")
    def who(principal: Principal = Depends(require_principal)) -> dict[str, str]:
        return {"naam": principal.name, "rol": principal.role}

    with TestClient(app, raise_server_exceptions=False) as client:
        anonymous = client.get("/api/wie")
        assert anonymous.status_code == 401
        assert anonymous.json() == {
            "fout": {
                "code": "NIET-INGELOGD",
                "bericht": anonymous.json()["fout"]["bericht"],
                "locatie": "header.authorization",
            }
        }
        wrong = client.get("/api/wie", headers={"authorization": "Bearer zp_verzonnen"})
        assert wrong.status_code == 401
        token = app.state.auth.accounts
        token.add("wie-regio", "regio", password=None)
        answer = client.get("/api/wie", headers={"authorization": f"Bearer {token.new_token('wie-regio')}"})
        assert answer.json() == {"naam": "wie-regio", "rol": "regio"}
