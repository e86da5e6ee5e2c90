"""`zorgpad feed`: status updates for a client's contact person (abonneer, verstuur, meldingen)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from zorgpad.access import feed
from zorgpad.access.mailer import SmtpSettings
from zorgpad.access.pseudonyms import reference, resolve_client
from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_today
from zorgpad.formatting import count
from zorgpad.store import Store

feed_app = typer.Typer(help="Statusmeldingen voor de contactpersoon van een cliënt.", no_args_is_help=True)


@feed_app.command("abonneer")
def subscribe_command(
    client: str = typer.Argument(..., metavar="CLIENT", help="BSN of cliëntreferentie (cl-...)."),
    db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
    naam: str = typer.Option(..., "--naam", help="Naam van de contactpersoon (wijkteam)."),
    email: str = typer.Option(..., "--email", help="E-mailadres van de contactpersoon."),
    vanaf: str | None = typer.Option(
        None, "--vanaf", metavar=DATE_METAVAR, help="Meld gebeurtenissen vanaf deze datum; standaard vandaag."
    ),
) -> None:
    """Abonneer een contactpersoon op de status van een cliënt."""
    since = date_or_today(vanaf, "--vanaf")
    with Store.open(db) as store:
        key = resolve_client(store, db, client)
        feed.subscribe(store.connection, key, naam, email, since)
    output_console().print(
        f"{naam} ontvangt statusmeldingen over cliënt {reference(key)} vanaf {since:%d-%m-%Y}."
    )


@feed_app.command("verstuur")
def send_command(
    db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
    smtp_host: str | None = typer.Option(None, "--smtp-host", help="Mailserver (anders ZORGPAD_SMTP_HOST)."),
    smtp_port: int | None = typer.Option(
        None, "--smtp-port", help="Poort (anders ZORGPAD_SMTP_PORT, standaard 587)."
    ),
    van: str | None = typer.Option(None, "--van", help="Afzender (anders ZORGPAD_SMTP_FROM)."),
    gebruiker: str | None = typer.Option(
        None,
        "--smtp-gebruiker",
        help="Gebruiker bij de mailserver (anders ZORGPAD_SMTP_USER); het wachtwoord komt altijd uit "
        "ZORGPAD_SMTP_PASSWORD.",
    ),
    dashboard: str | None = typer.Option(
        None,
        "--dashboard",
        help="Adres van het dashboard, bijvoorbeeld https://zorgpad.regio.nl (anders "
        "ZORGPAD_DASHBOARD_URL); de e-mail linkt naar de statuspagina daar.",
    ),
    ca_bestand: Path | None = typer.Option(
        None,
        "--ca-bestand",
        help="Vertrouw ook deze certificaatautoriteit (PEM) voor de mailserver (anders ZORGPAD_SMTP_CA).",
    ),
) -> None:
    """Verstuur alle nieuwe statusmeldingen per e-mail (STARTTLS en aanmelden verplicht)."""
    settings = SmtpSettings.from_env(
        smtp_host, smtp_port, van, user=gebruiker, dashboard_url=dashboard, ca_file=ca_bestand
    )
    with Store.open(db) as store:
        sent = feed.send(store.connection, settings)
    output_console().print(
        f"{count(len(sent), 'statusmelding', 'statusmeldingen')} verstuurd via {settings.host} "
        "(versleuteld met STARTTLS)."
    )


@feed_app.command("meldingen")
def list_command(db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`.")) -> None:
    """Toon de laatst verstuurde statusmeldingen."""
    with Store.open(db) as store:
        rows = feed.recent(store.connection)
    table = Table(title="Statusmeldingen")
    for column in ("cliënt", "status", "datum", "verstuurd"):
        table.add_column(column)
    for ref, status, day, sent_at in rows:
        table.add_row(ref, status, f"{day:%d-%m-%Y}", f"{sent_at:%d-%m-%Y %H:%M}")
    output_console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(feed_app, name="feed")
