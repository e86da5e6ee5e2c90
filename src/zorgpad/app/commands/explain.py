"""`zorgpad explain`: the trace of every rule for one declaration line, with a receipt."""

from __future__ import annotations

from pathlib import Path

import typer

from zorgpad.app.console import output_console
from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.explain import RESULT_NL, trace
from zorgpad.control.receipt import receipt
from zorgpad.control.template import format_value


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain_command(
        referentienummer: str = typer.Argument(
            ..., metavar="REFERENTIENUMMER", help="ReferentieNummer van de prestatie."
        ),
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        catalog: str | None = typer.Option(None, "--catalog", help="Catalogus (naam of pad)."),
        aanbieder: str | None = typer.Option(
            None, "--aanbieder", help="AGB-code, als het nummer vaker voorkomt."
        ),
    ) -> None:
        """Toon voor één prestatie de uitkomst van iedere regel: feiten, vergelijking en oordeel."""
        policy = load_policy(catalog)
        console = output_console(highlight=False)
        store, tables = open_inputs(db)
        with store:
            traces = trace(store.backend, tables, referentienummer, policy, aanbieder=aanbieder)
            proof = receipt(tables, policy)
        for item in traces:
            line = item.line
            console.print(
                f"[bold]Prestatie {line['referentie_nummer']}[/] van aanbieder {line['aanbieder']} "
                f"aan gemeente {line['gemeente']}: "
                f"toewijzing {line['toewijzing_nummer']}, product {line['product_code']}, "
                f"{format_value('datum', line['product_periode_begin'])} t/m "
                f"{format_value('datum', line['product_periode_eind'])}, volume {line['geleverd_volume']} "
                f"(eenheid {line['eenheid']}), bedrag {format_value('euro', line['signed_bedrag'])}."
            )
            for step in item.steps:
                rule = step.rule
                code = f"{rule.code} ({rule.retourcode or 'signaal'})"
                if step.skipped:
                    console.print(f"- {code} {rule.title_nl}: overgeslagen, {step.skipped}.")
                    continue
                console.print(f"- {code} {rule.title_nl} [{rule.basis}]")
                for label, value in step.facts:
                    console.print(f"    {label}: {value}")
                console.print(f"    toets: {rule.comparison_nl}")
                console.print(f"    uitkomst: {RESULT_NL[step.result]}")
                if step.explanation:
                    console.print(f"    uitleg: {step.explanation}")
        console.print("[bold]Kwitantie[/]")
        for text in proof.lines_nl():
            console.print(f"  {text}")
