"""`zorgpad worklist`: the open requests (JW315/JW317) with their answer deadlines in working days."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from zorgpad.access.worklist import worklist
from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_today
from zorgpad.formatting import count
from zorgpad.store import Store


def register(app: typer.Typer) -> None:
    @app.command("worklist")
    def worklist_command(
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        op: str | None = typer.Option(
            None, "--op", metavar=DATE_METAVAR, help="Peildatum (JJJJ-MM-DD); standaard vandaag."
        ),
    ) -> None:
        """Werklijst toegang: open verzoeken om toewijzing/wijziging met hun antwoordtermijn."""
        day = date_or_today(op, "--op")
        with Store.open(db, read_only=True) as store:
            items = worklist(store, day)
        console = output_console()
        if not items:
            console.print(f"Geen open verzoeken op {day:%d-%m-%Y}.")
            return
        open_requests = count(len(items), "open verzoek", "open verzoeken")
        table = Table(title=f"Werklijst toegang op {day:%d-%m-%Y} ({open_requests})")
        for column in items[0].row():
            table.add_column(column)
        for item in items:
            row = item.row()
            style = "bold red" if row["nog"] == "te laat" else None
            table.add_row(*row.values(), style=style)
        console.print(table)
