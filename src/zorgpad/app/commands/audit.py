"""`zorgpad audit --db FILE [--van DATE] [--gebruiker NAME] [--format text|json]`: who read client data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zorgpad.app.options import DATE_METAVAR
from zorgpad.errors import UserError


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_command(
        db: Path = typer.Option(..., "--db", help="Het DuckDB-bestand van `zorgpad ingest`."),
        van: str | None = typer.Option(
            None, "--van", metavar=DATE_METAVAR, help="Alleen vanaf deze datum (JJJJ-MM-DD)."
        ),
        gebruiker: str | None = typer.Option(None, "--gebruiker", help="Alleen deze gebruiker."),
        format: str = typer.Option("text", "--format", help="text of json."),
    ) -> None:
        """Toon het auditlog: wie wanneer welke cliëntgegevens opvroeg, met rol, bereik en route."""
        from zorgpad.app.options import date_or_none
        from zorgpad.app.web.auth.audit import AuditLog
        from zorgpad.store import Store

        since = date_or_none(van, "--van")
        if format not in ("text", "json"):
            raise UserError(
                "FORMAAT-ONBEKEND", f"Onbekend formaat '{format}'; kies text of json.", "--format"
            )
        with Store.open(db) as store:
            log = AuditLog(store.connection)
            entries = log.entries(since, gebruiker.lower() if gebruiker else None)
            broken = log.verify()
        if format == "json":
            typer.echo(json.dumps([entry.as_json() for entry in entries], ensure_ascii=False, indent=2))
        else:
            if not entries:
                typer.echo("Geen regels in het auditlog voor deze selectie.")
            for entry in entries:
                typer.echo(
                    f"{entry.at:%d-%m-%Y %H:%M:%S} UTC  {entry.gebruiker} ({entry.rol}, {entry.bereik})  "
                    f"{entry.methode} {entry.route}  {len(entry.clienten)} cliënt(en)"
                )
        if broken is not None:
            raise UserError(
                "AUDITLOG-GEWIJZIGD",
                f"Het auditlog is na regel {broken - 1} buiten zorgpad om gewijzigd of ingekort "
                "(de keten van controlegetallen klopt niet meer).",
                "audit_log",
            )
