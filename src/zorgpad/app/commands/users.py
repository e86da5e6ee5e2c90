"""`zorgpad users add|list|disable|token`: accounts of the dashboard and the API, kept in the store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from zorgpad.errors import UserError

users = typer.Typer(
    help="Beheer de accounts van het dashboard en de API (in de database).", no_args_is_help=True
)
console = Console(highlight=False)

DB_OPTION = typer.Option(..., "--db", help="Het DuckDB-bestand van `zorgpad ingest`.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("WACHTWOORD-LEEG", "Er kwam geen wachtwoord binnen op standaardinvoer.", "stdin")
        return password
    if not sys.stdin.isatty():
        # Without a terminal the password would be read visibly (and getpass warns in English).
        raise UserError(
            "WACHTWOORD-GEEN-TERMINAL",
            "Er is geen terminal om het wachtwoord verborgen te vragen; geef het via --wachtwoord-stdin.",
            "--wachtwoord-stdin",
        )
    first = typer.prompt("Wachtwoord", hide_input=True)
    again = typer.prompt("Wachtwoord nogmaals", hide_input=True)
    if first != again:
        raise UserError("WACHTWOORD-VERSCHILT", "De twee wachtwoorden zijn niet gelijk.", "wachtwoord")
    return str(first)


@users.command("add")
def add(
    name: str = typer.Argument(
        ..., metavar="NAAM", help="Gebruikersnaam (kleine letters, cijfers, . _ @ -)."
    ),
    db: Path = DB_OPTION,
    role: str = typer.Option(..., "--role", help="regio, gemeente, aanbieder, toegang of beheer."),
    gemeente: list[str] = typer.Option([], "--gemeente", help="CBS-code van een gemeente (herhaalbaar)."),
    aanbieder: list[str] = typer.Option([], "--aanbieder", help="AGB-code van een aanbieder (herhaalbaar)."),
    wachtwoord_stdin: bool = typer.Option(
        False, "--wachtwoord-stdin", help="Lees het wachtwoord van standaardinvoer in plaats van te vragen."
    ),
) -> None:
    """Maak een account met een rol en een bereik."""
    from zorgpad.app.web.auth.accounts import Accounts, check_scope
    from zorgpad.store import Store
    from zorgpad.store.region import require_known

    check_scope(role, gemeente, aanbieder)
    with Store.open(db) as store:  # a wrong --db or scope is said before the password is asked
        require_known(store.connection, "gemeente", gemeente, "--gemeente")
        require_known(store.connection, "aanbieder", aanbieder, "--aanbieder")
        password = _password(wachtwoord_stdin)
        principal = Accounts(store.connection).add(
            name.lower(), role, password=password, gemeenten=gemeente, aanbieders=aanbieder
        )
    console.print(f"Gebruiker {principal.name} gemaakt met rol {principal.role} ({principal.scope_text}).")


@users.command("list")
def list_users(db: Path = DB_OPTION) -> None:
    """Toon alle accounts met rol, bereik en of ze actief zijn."""
    from zorgpad.app.web.auth.accounts import Accounts
    from zorgpad.store import Store

    with Store.open(db) as store:
        accounts = Accounts(store.connection).list()
    if not accounts:
        console.print("Er zijn nog geen accounts. Maak er een met `zorgpad users add`.")
    for account in accounts:
        state = "actief" if account.active else "uitgeschakeld"
        typer.echo(
            f"{account.principal.name}\t{account.principal.role}\t{account.principal.scope_text}\t{state}\t"
            f"{account.tokens} token(s)\taangemaakt {account.created_at:%d-%m-%Y}"
        )


@users.command("disable")
def disable(
    name: str = typer.Argument(..., metavar="NAAM", help="Gebruikersnaam."), db: Path = DB_OPTION
) -> None:
    """Schakel een account uit; zijn tokens vervallen en zijn sessies eindigen."""
    from zorgpad.app.web.auth.accounts import Accounts
    from zorgpad.store import Store

    with Store.open(db) as store:
        Accounts(store.connection).disable(name.lower())
    console.print(f"Gebruiker {name.lower()} is uitgeschakeld; zijn API-tokens zijn ingetrokken.")


@users.command("token")
def token(
    name: str = typer.Argument(..., metavar="NAAM", help="Gebruikersnaam."), db: Path = DB_OPTION
) -> None:
    """Maak een nieuw API-token (Authorization: Bearer ...); het wordt maar één keer getoond."""
    from zorgpad.app.web.auth.accounts import Accounts
    from zorgpad.store import Store

    with Store.open(db) as store:
        secret = Accounts(store.connection).new_token(name.lower())
    console.print("Nieuw API-token (wordt niet opnieuw getoond; bewaar het veilig):", style="bold")
    typer.echo(secret)


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
