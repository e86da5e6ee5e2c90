"""`zorgpad sessies ...`: the delivery records a region can require in its contracts (logic in
zorgpad.delivery): the spec, and a check of a provider's file with every problem located."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from zorgpad.app.console import output_console

sessies_app = typer.Typer(
    help="Leveringsgegevens (sessieregistratie) van aanbieders: specificatie en controle.",
    no_args_is_help=True,
)
console = output_console()


@sessies_app.command("spec")
def spec() -> None:
    """Toon de kolommen die een regio in haar contracten kan vragen, één regel per sessie."""
    from zorgpad.delivery.spec import COLUMNS

    table = Table(title="Leveringsgegevens: één regel per sessie (CSV, UTF-8, kop op regel 1)")
    for header in ("kolom", "verplicht", "betekenis"):
        table.add_column(header)
    for column in COLUMNS:
        allowed = f" ({', '.join(column.choices)})" if column.choices else ""
        table.add_row(column.name, "ja" if column.required else "nee", column.meaning_nl + allowed)
    console.print(table)


@sessies_app.command("check")
def check(
    file: Path = typer.Argument(..., help="CSV-bestand met leveringsgegevens van een aanbieder."),
    catalog: str | None = typer.Option(
        None, "--catalog", help="Catalogus: ook opleidingsniveaus en productcodes toetsen."
    ),
) -> None:
    """Controleer een bestand met leveringsgegevens; elke fout met regel, kolom en code."""
    from zorgpad.catalog import load_catalog
    from zorgpad.delivery.check import check_file

    data = load_catalog(catalog).data if catalog else None
    issues = check_file(file, data)
    if not issues:
        console.print(f"{file} voldoet aan de specificatie voor leveringsgegevens.", highlight=False)
        return
    for issue in issues:
        console.print(issue.render(file), highlight=False, soft_wrap=True, markup=False)
    errors = [i for i in issues if i.code != "SES-KOLOM-ONBEKEND"]
    console.print(f"{len(issues)} bevinding(en) in {file}, waarvan {len(errors)} fout(en).", highlight=False)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(sessies_app, name="sessies")
