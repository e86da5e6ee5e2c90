"""`zorgpad answer`: propose a JW301 or JW319 for every open request, with a Dutch reason each."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import typer
from rich.table import Table

from zorgpad.access.answer import product_of, propose
from zorgpad.access.compose import read_addresses
from zorgpad.access.pseudonyms import reference
from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_today, output_folder
from zorgpad.catalog.bundled import load_versions
from zorgpad.formatting import count
from zorgpad.store import Store


def register(app: typer.Typer) -> None:
    @app.command("answer")
    def answer_command(
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        catalog: str = typer.Option(..., "--catalog", help="Catalogus (naam of pad)."),
        out: Path = typer.Option(..., "--out", help="Map voor jw301/, jw319/ en antwoorden.csv."),
        op: str | None = typer.Option(
            None, "--op", metavar=DATE_METAVAR, help="Dagtekening van de antwoorden (JJJJ-MM-DD)."
        ),
        adressen: Path | None = typer.Option(
            None,
            "--adressen",
            help="BRP-adressen (CSV: bsn,postcode,huisnummer,straat,plaats) voor nieuwe cliënten.",
        ),
    ) -> None:
        """Stel voor elk open verzoek een antwoord voor (JW301 of JW319) met een reden in het Nederlands."""
        day = date_or_today(op, "--op")
        output_folder(out, "--out")
        moment = dt.datetime.combine(day, dt.datetime.now().time())
        cat = load_versions(catalog)  # every version: a request is decided by the one in force
        addresses = read_addresses(adressen) if adressen is not None else {}
        with Store.open(db, read_only=True) as store:
            proposals = propose(store, cat, out, day, moment, addresses)
        console = output_console()
        table = Table(
            title=f"Voorgestelde antwoorden ({count(len(proposals), 'open verzoek', 'open verzoeken')})"
        )
        for column in ("bericht", "referentie", "cliënt", "product", "besluit", "termijn", "reden"):
            table.add_column(column)
        for p in proposals:
            table.add_row(
                p.request.message_type,
                p.request.referentie_aanbieder,
                reference(p.request.client_key),
                product_of(p.decision.grants),
                p.verdict,
                f"{p.deadline.due:%d-%m-%Y}",
                p.text,
            )
        console.print(table)
        counts = Counter(p.verdict for p in proposals)
        summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
        console.print(f"{summary or 'geen open verzoeken'}. Uitvoer en antwoorden.csv in {out}.")
