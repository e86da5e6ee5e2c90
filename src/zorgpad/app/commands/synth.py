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
from zorgpad.synth.years import MAX_YEARS, generate_years


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
        years: int = typer.Option(
            1,
            "--jaren",
            help="Aantal opeenvolgende jaren, eindigend met --year (1 tot en met 3); bij meer dan één "
            "komt elk jaar in een eigen map OUT/JAAR, zodat het dashboard dit jaar tegen vorig jaar zet.",
        ),
    ) -> None:
        """Genereer een synthetisch regiojaar: iJw-berichten, verwijzingen, sessies en truth.csv."""
        if not 0 <= anomaly_rate <= 0.2:
            raise UserError("SYNTH-KANS", "--anomaly-rate moet tussen 0 en 0,2 liggen.")
        year = default_year() if year is None else year
        check_year(year)
        if not 1 <= years <= MAX_YEARS:
            raise UserError("SYNTH-JAREN", f"--jaren moet 1 tot en met {MAX_YEARS} zijn, niet {years}.")
        check_year(year - years + 1)
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
            task = progress.add_task("Gemeenten simuleren", total=len(facts.municipalities) * years)

            def step(name: str, done: int, total: int) -> None:
                progress.update(task, advance=1, description=f"Gemeente {name} klaar")

            rates = AnomalyRates.uniform(anomaly_rate)
            if years == 1:
                tallies = {year: generate(facts, out, year, seed, scale, rates, step)}
            else:
                catalogue = load_versions(catalog)
                tallies = generate_years(
                    lambda y: facts if y == year else region_facts(catalogue, y),
                    out, year, years, seed, scale, rates, step,
                )  # fmt: skip
        for simulated, tally in tallies.items():
            where = out if years == 1 else out / str(simulated)
            console.print(
                f"Klaar ({simulated}): {sum(tally.clients.values())} cliënten, "
                f"{sum(tally.trajectories.values())} trajecten, {sum(tally.messages.values())} berichten, "
                f"{tally.claim_lines} prestaties en {sum(tally.anomalies.values())} gelabelde afwijkingen "
                f"in {where}. Zie {where / 'summary.md'}."
            )
