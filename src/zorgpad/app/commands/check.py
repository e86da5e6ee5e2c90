"""`zorgpad check`: judge every claim line, allocation, start, stop and request; store the run; write
JW325s, retours, findings and a summary. Against a store that `zorgpad serve` holds, the server runs
the check (see `zorgpad.app.server_link`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_today, output_folder
from zorgpad.app.progress import steps
from zorgpad.control.template import format_value


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        catalog: str | None = typer.Option(
            None, "--catalog", help="Catalogus (naam of pad); zonder catalogus draaien alleen de iJw-regels."
        ),
        out: Path = typer.Option(
            Path("controle"), "--out", help="Map voor jw325/, retour/, findings.parquet en .xlsx."
        ),
        on: str | None = typer.Option(
            None, "--dagtekening", metavar=DATE_METAVAR, help="Dagtekening van de JW325's (JJJJ-MM-DD)."
        ),
    ) -> None:
        """Controleer declaraties, toewijzingen, starts, stops en verzoeken; bewaar run en antwoorden."""
        day = date_or_today(on, "--dagtekening")
        output_folder(out, "--out")
        outcome = run_check(db, catalog, day, out.resolve())
        _print_summary(outcome)
        console = output_console()
        console.print(
            f"{outcome['retouren']} retourberichten op starts, stops en verzoeken (JW306, JW308, JW316, "
            f"JW318), waarvan {outcome['retouren_afgekeurd']} met een afkeuring; in retour/.",
            highlight=False,
        )
        for path in outcome["retouren_onleesbaar"]:
            console.print(
                f"Geen retour: het ontvangen bericht {path} is niet meer te lezen.", highlight=False
            )
        for name, reason in outcome["onbeoordeelbaar"]:
            console.print(
                f"Niet beoordeeld [ONBEOORDEELBAAR]: declaratie {name} — {reason}; "
                "er is geen JW325 voor geschreven."
            )


def run_check(db: Path, catalog: str | None, day: dt.date, out: Path | None) -> dict[str, Any]:
    """Check the store at `db` and record the run: through the server that holds it, or directly."""
    from zorgpad.app.server_link import find_server

    server = find_server(db)
    if server is not None:
        return server.post(
            "/intern/check",
            {"catalog": catalog, "dagtekening": day.isoformat(), "out": None if out is None else str(out)},
        )
    from zorgpad.control.cli_support import load_policy
    from zorgpad.control.outcome import run_outcome
    from zorgpad.control.service import check_and_record
    from zorgpad.store.database import Store

    with steps("Controle", total=4) as step:
        step("catalogus lezen")
        policy = load_policy(catalog)
        step("database openen")
        with Store.open(db) as store:
            step("regels toepassen, antwoorden en retouren opstellen, run bewaren")
            recorded = check_and_record(store, policy, day, trigger="check", with_retours=True)
        step("bevindingen, JW325's en retouren schrijven")
        return run_outcome(recorded, out)


def _print_summary(outcome: dict[str, Any]) -> None:
    console = output_console()
    table = Table(title=f"Controle per regel (run {outcome['run']})")
    for header in ("regel", "omschrijving", "ernst", "aantal", "afgewezen bedrag"):
        table.add_column(header)
    for row in outcome["regels"]:
        amount = format_value("euro", row["bedrag"])
        table.add_row(row["code"], row["omschrijving"], row["ernst"], str(row["aantal"]), amount)
    console.print(table)
    for code, title, why in outcome["overgeslagen"]:
        console.print(f"Overgeslagen: {code} ({title}): {why}.")
    credit = outcome["afgewezen_credit_cents"]
    console.print(
        f"Run {outcome['run']}: {outcome['antwoorden']} declaratie-antwoorden (JW325); toegekend "
        f"{format_value('euro', outcome['toegekend_cents'])}, afgewezen "
        f"{format_value('euro', outcome['afgewezen_cents'])}"
        + (f" (en afgewezen creditregels {format_value('euro', credit)})" if credit else "")
        + f"; {outcome['bevindingen']} bevindingen. Uitvoer in {outcome['uitvoer']}."
    )
