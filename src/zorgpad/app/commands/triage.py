"""`zorgpad triage`: walk the catalogue's triage tree with the access team's answers; show path and why."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_none
from zorgpad.catalog import load_catalog
from zorgpad.catalog.lookup import Catalog
from zorgpad.triage import TriageResult, run_triage
from zorgpad.triage.answers import from_file, from_flags
from zorgpad.triage.docs import document


def register(app: typer.Typer) -> None:
    @app.command("triage")
    def triage_command(
        catalog: str = typer.Option(..., "--catalog", help="Catalogus (naam of pad) met een triageboom."),
        antwoord: list[str] = typer.Option(
            [], "--antwoord", "-a", help="Een antwoord als vraag=antwoord (herhaalbaar)."
        ),
        antwoorden: Path | None = typer.Option(
            None, "--antwoorden", help="YAML- of JSON-bestand met vraag: antwoord."
        ),
        boom: bool = typer.Option(False, "--boom", help="Toon de hele beslisboom met criteria (Markdown)."),
        vastleggen: Path | None = typer.Option(
            None,
            "--vastleggen",
            help="Leg het advies vast bij de verwijzing: voeg een regel toe aan dit CSV-bestand.",
        ),
        bsn: str | None = typer.Option(None, "--bsn", help="BSN van de jeugdige (bij --vastleggen)."),
        gemeente: str | None = typer.Option(
            None, "--gemeente", help="CBS-code van de gemeente (bij --vastleggen)."
        ),
        verwijsdatum: str | None = typer.Option(
            None, "--verwijsdatum", metavar=DATE_METAVAR, help="JJJJ-MM-DD (standaard vandaag)."
        ),
        verwijzer_type: str = typer.Option("01", "--verwijzer-type", help="COD327, standaard 01 (gemeente)."),
        product: str | None = typer.Option(
            None, "--product", help="Product waarnaar verwezen wordt (standaard het eerste geadviseerde)."
        ),
        aanbieder: str | None = typer.Option(
            None, "--aanbieder", help="AGB-code van de aanbieder, als bekend."
        ),
    ) -> None:
        """Triage (matched care): beantwoord de vragen en zie het advies, het gevolgde pad en waarom."""
        date_or_none(verwijsdatum, "--verwijsdatum")  # a date that does not exist is refused first
        cat = load_catalog(catalog)
        if boom:
            typer.echo(document([cat]))
            return
        answers = from_file(antwoorden) if antwoorden is not None else {}
        answers.update(from_flags(antwoord))
        result = run_triage(cat, answers)
        console = output_console()
        show(console, cat, result)
        if vastleggen is not None:
            from zorgpad.app.options import output_file

            output_file(vastleggen, "--vastleggen")
            check_record_codes(cat, gemeente, verwijzer_type, aanbieder)
            _record(
                console, vastleggen, result, bsn, gemeente, verwijsdatum, verwijzer_type, product, aanbieder
            )


def check_record_codes(cat: Catalog, gemeente: str | None, referrer: str, aanbieder: str | None) -> None:
    """Refuse codes the access record would carry but the region does not know, before it is written."""
    from zorgpad.errors import UserError, excerpt
    from zorgpad.ijw.codelists import is_valid

    if gemeente is not None and gemeente not in cat.municipality_codes:
        known = ", ".join(sorted(cat.municipality_codes))
        raise UserError(
            "GEMEENTE-ONBEKEND",
            f"Gemeente {excerpt(gemeente)} hoort niet bij de regio van deze catalogus. Bekend: {known}.",
            "--gemeente",
        )
    if not is_valid("COD327", referrer):
        raise UserError(
            "VERWIJZER-ONGELDIG",
            f"'{excerpt(referrer)}' is geen code van de lijst COD327 (verwijzer), bijvoorbeeld 01 "
            "(gemeente).",
            "--verwijzer-type",
        )
    providers = {contract.provider.agb for contract in cat.contracts}
    if aanbieder is not None and aanbieder not in providers:
        raise UserError(
            "AANBIEDER-ONBEKEND",
            f"Aanbieder {excerpt(aanbieder)} heeft geen contract in deze catalogus; geef de AGB-code van een "
            "gecontracteerde aanbieder.",
            "--aanbieder",
        )


def show(console: Console, cat: Catalog, result: TriageResult) -> None:
    table = Table(title="Gevolgd pad")
    for header in ("stap", "vraag", "antwoord", "criterium", "waarom"):
        table.add_column(header)
    for number, step in enumerate(result.steps, start=1):
        table.add_row(str(number), step.question.text, str(step.answer), step.criterion(), step.branch.why)
    console.print(table)
    outcome = result.outcome
    console.print(
        f"[bold]Advies {outcome.id}[/]: domein {outcome.domain}, complexiteit {outcome.complexity}."
    )
    for code in outcome.products:
        found = cat.find_product(code)
        console.print(f"  Product {code}" + (f" — {found.name}" if found else ""))
    console.print(
        f"  Verwachte duur {outcome.expected_months} maanden; maximaal {outcome.max_months} maanden."
    )
    if outcome.lighter_alternatives:
        console.print("  Lichtere alternatieven: " + ", ".join(outcome.lighter_alternatives) + ".")
    if outcome.advice:
        console.print(f"  {outcome.advice}")


def _record(
    console: Console, path: Path, result: TriageResult, bsn: str | None, gemeente: str | None,
    day: str | None, referrer: str, product: str | None, aanbieder: str | None,
) -> None:  # fmt: skip
    import datetime as dt

    from zorgpad.errors import UserError
    from zorgpad.triage.record import record_advice

    if not bsn or not gemeente:
        raise UserError(
            "TRIAGE-VASTLEGGEN-CLIENT", "Geef bij --vastleggen ook --bsn en --gemeente.", "--vastleggen"
        )
    try:
        referral_date = dt.date.fromisoformat(day) if day else dt.date.today()
    except ValueError:
        raise UserError(
            "DATUM-ONGELDIG", f"'{day}' is geen datum; gebruik JJJJ-MM-DD.", "--verwijsdatum"
        ) from None
    record_advice(path, result, bsn=bsn, gemeente=gemeente, referral_date=referral_date,
                  referrer_type=referrer, product=product, aanbieder=aanbieder)  # fmt: skip
    console.print(f"Advies {result.outcome.id} vastgelegd bij de verwijzing in {path}.", highlight=False)
