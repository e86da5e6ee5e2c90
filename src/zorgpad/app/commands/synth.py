"""`zorgpad synth`: a synthetic region-year of iJw traffic with labelled anomalies."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from zorgpad.app.console import output_console
from zorgpad.app.options import output_folder
from zorgpad.catalog.bundled import load_versions
from zorgpad.errors import UserError
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import check_year, default_year, generate


def register(app: typer.Typer) -> None:
    @app.command("synth")
    def synth(
        catalog: str = typer.Option(
            ..., "--catalog", help="Naam van een meegeleverde catalogus of pad naar een YAML-bestand."
        ),
        year: int | None = typer.Option(
            None,
            "--year",
            help="Het jaar dat gesimuleerd wordt; standaard het laatste jaar waarvan alle berichten "
            "(tot begin januari van het jaar erna) in het verleden liggen.",
        ),
        seed: int = typer.Option(
            1, "--seed", help="Startwaarde: dezelfde waarde geeft byte-voor-byte dezelfde uitvoer."
        ),
        out: Path = typer.Option(..., "--out", help="Map voor de uitvoer."),
        scale: float = typer.Option(1.0, "--scale", help="Vergroot de regio: meer jeugdigen per gemeente."),
        anomaly_rate: float = typer.Option(
            0.01, "--anomaly-rate", help="Kans per object op een ingevoegde afwijking."
        ),
        overwrite: bool = typer.Option(False, "--overwrite", help="Schrijf in een map die niet leeg is."),
    ) -> None:
        """Genereer een synthetisch regiojaar: iJw-berichten, verwijzingen, sessies en truth.csv."""
        if not 0 <= anomaly_rate <= 0.2:
            raise UserError("SYNTH-KANS", "--anomaly-rate moet tussen 0 en 0,2 liggen.")
        year = default_year() if year is None else year
        check_year(year)
        if out.exists() and not out.is_dir():
            output_folder(out, "--out")  # explains that a file is no folder
        if out.exists() and any(out.iterdir()) and not overwrite:
            raise UserError(
                "SYNTH-MAP-NIET-LEEG",
                "De uitvoermap is niet leeg. Kies een lege map of geef --overwrite mee.",
                str(out),
            )
        if out.exists() and overwrite:
            shutil.rmtree(out)
        output_folder(out, "--out")
        facts = region_facts(load_versions(catalog), year)
        console = output_console()
        # The bar goes to stderr, so the summary on stdout stays clean in a pipe.
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Gemeenten simuleren", total=len(facts.municipalities))

            def step(name: str, done: int, total: int) -> None:
                progress.update(task, completed=done, description=f"Gemeente {name} klaar")

            tally = generate(facts, out, year, seed, scale, AnomalyRates.uniform(anomaly_rate), step)
        console.print(
            f"Klaar: {sum(tally.clients.values())} cliënten, {sum(tally.trajectories.values())} trajecten, "
            f"{sum(tally.messages.values())} berichten, {tally.claim_lines} prestaties en "
            f"{sum(tally.anomalies.values())} gelabelde afwijkingen in {out}. Zie {out / 'summary.md'}."
        )
