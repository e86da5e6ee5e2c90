"""`zorgpad demo`: the main job in one command; for now it validates the bundled example messages."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from zorgpad.app.demo import run_demo


def register(app: typer.Typer) -> None:
    app.command(
        name="demo", help="Laat zien wat zorgpad doet: controleer de meegeleverde iJw-voorbeeldberichten."
    )(demo)


def demo() -> None:
    """Always exits 0: the faults in the examples are what the demo is meant to show."""
    summary = run_demo()
    out = Console(highlight=False)
    out.print(
        "[bold]zorgpad demo[/]: de voorbeeldberichten van iJw 3.2 gecontroleerd "
        "(XSD en regels binnen het bericht)\n"
    )
    table = Table("Bericht", "Naam", "Oordeel", "Gevonden regels")
    for line in summary.lines:
        verdict = "[green]geldig[/]" if line.valid else "[red]ongeldig[/]"
        table.add_row(line.code, line.name_nl, verdict, ", ".join(line.rules) or "-")
    out.print(table)
    out.print(
        f"\n[bold]Totaal:[/] {summary.total} berichten, {summary.valid} geldig, {summary.invalid} ongeldig. "
        "De voorbeelden bevatten bewust fouten; meer details: zorgpad validate <bestand of map>."
    )
