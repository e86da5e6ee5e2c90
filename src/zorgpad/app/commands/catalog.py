"""`zorgpad catalog ...`: list, check, show and compare catalogues (logic in zorgpad.catalog)."""

from __future__ import annotations

import datetime as dt
import json

import typer

from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_none
from zorgpad.catalog import Catalog, bundled_versions, load_catalog, parse_file, resolve
from zorgpad.catalog.diff import diff_catalogs
from zorgpad.catalog.render import care_form_tables, diff_text
from zorgpad.catalog.schema import catalog_json_schema_text
from zorgpad.errors import UserError

catalog_app = typer.Typer(
    help="Productstructuur: catalogi met producten, tarieven en contracten.", no_args_is_help=True
)
console = output_console()


@catalog_app.command("list")
def list_catalogs() -> None:
    """Toon de meegeleverde catalogi en hun versies."""
    versions = bundled_versions()
    latest = {v.name: v for v in versions}
    for version in versions:
        data = load_catalog(version.address)
        marker = f"  (= {version.name})" if latest[version.name] == version else ""
        console.print(
            f"{version.address:<28} {data.region.name} — gepubliceerd {data.published:%d-%m-%Y}, "
            f"geldig vanaf {data.valid_from:%d-%m-%Y}{marker}",
            highlight=False,
        )


@catalog_app.command("check")
def check(
    catalog: str = typer.Argument(
        ..., metavar="CATALOGUS", help="Naam (ook naam@versie) of pad naar een YAML-bestand."
    ),
) -> None:
    """Controleer een catalogus; toont elke fout met bestand:regel en code."""
    path, name = resolve(catalog)
    try:
        result = parse_file(path)
    except UserError as error:
        if not error.code.startswith("CAT-YAML"):
            raise
        # A file that is not YAML at all is a broken catalogue like any other: exit 1 (docs/catalog.md).
        console.print(error.render(), highlight=False, soft_wrap=True)
        console.print(f"1 fout gevonden in {name}.", highlight=False)
        raise typer.Exit(1) from None
    if not result.issues:
        console.print(f"Catalogus {name} is in orde.", highlight=False)
        return
    for issue in result.issues:
        console.print(issue.render(), highlight=False, soft_wrap=True)
    count = len(result.issues)
    console.print(f"{count} {'fout' if count == 1 else 'fouten'} gevonden in {name}.", highlight=False)
    raise typer.Exit(1)


@catalog_app.command("show")
def show(
    catalog: str = typer.Argument(
        ..., metavar="CATALOGUS", help="Naam (ook naam@versie) of pad naar een YAML-bestand."
    ),
    on: str | None = typer.Option(
        None, "--on", metavar=DATE_METAVAR, help="Peildatum JJJJ-MM-DD (standaard: begin van de versie)."
    ),
    contracten: bool = typer.Option(
        False,
        "--contracten",
        help="Toon de contracten: aanbieder, product, gemeenten, periode, tarief, niveaus, lichtere zorg.",
    ),
) -> None:
    """Toon de producten per zorgvorm met tarieven en grenzen op een peildatum."""
    from zorgpad.catalog.bundled import load_versions
    from zorgpad.catalog.priced import priced_catalog, version_on

    given = date_or_none(on, "--on")
    # A bundled name means every version of the region: the peildatum picks the version in force.
    versions = load_versions(catalog)
    day = given or versions[-1].valid_from
    data = version_on(versions, day)
    console.print(f"{data.region.name} — catalogus {data.name}", highlight=False)
    if data.data.example_data:
        console.print("Let op: voorbeelddata, codes en tarieven zijn illustratief.", highlight=False)
    if contracten:
        _show_contracts(data, given)
        return
    for table in care_form_tables(data.on(day), priced_catalog(versions)):
        console.print(table)


def _show_contracts(data: Catalog, on: dt.date | None) -> None:
    from zorgpad.catalog.contract_lines import contract_lines
    from zorgpad.catalog.render_contracts import contract_tables

    lines = contract_lines(data, on)
    when = f" op {on:%d-%m-%Y}" if on else ""
    if not lines:
        console.print(f"Geen contracten{when}.", highlight=False)
        return
    providers = len({line.agb for line in lines})
    summary = f"{len(lines)} gecontracteerde producten bij {providers} aanbieders{when}."
    console.print(summary, highlight=False)
    for table in contract_tables(lines):
        console.print(table)


@catalog_app.command("diff")
def diff(
    old: str = typer.Argument(..., metavar="OUD", help="Oude versie (naam@versie of pad)."),
    new: str = typer.Argument(..., metavar="NIEUW", help="Nieuwe versie (naam@versie of pad)."),
    output_format: str = typer.Option("text", "--format", help="text of json."),
    on: str | None = typer.Option(
        None, "--on", metavar=DATE_METAVAR, help="Vergelijk tarieven op deze datum (JJJJ-MM-DD)."
    ),
) -> None:
    """Vergelijk twee versies: producten erbij/eraf, gewijzigde grenzen, tariefwijzigingen in %."""
    if output_format not in {"text", "json"}:
        raise UserError(
            "CAT-FORMAAT-UITVOER", f"Onbekend formaat '{output_format}'; kies text of json.", "--format"
        )
    day = date_or_none(on, "--on")
    result = diff_catalogs(load_catalog(old), load_catalog(new), day)
    if output_format == "json":
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(diff_text(result))


@catalog_app.command("schema")
def schema() -> None:
    """Druk het JSON-schema van het catalogusformaat af."""
    typer.echo(catalog_json_schema_text(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")
