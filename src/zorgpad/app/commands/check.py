"""`zorgpad check`: judge every claim line and allocation; store the run; write JW325s, findings and a
summary. Against a store that `zorgpad serve` holds, the server runs the check (see
`zorgpad.app.server_link`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from zorgpad.control.template import format_value
from zorgpad.errors import UserError


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        catalog: str | None = typer.Option(
            None, "--catalog", help="Catalogus (naam of pad); zonder catalogus draaien alleen de iJw-regels."
        ),
        out: Path = typer.Option(
            Path("controle"), "--out", help="Map voor jw325/, findings.parquet en .xlsx."
        ),
        on: str | None = typer.Option(None, "--dagtekening", help="Dagtekening van de JW325's (JJJJ-MM-DD)."),
    ) -> None:
        """Controleer alle declaraties en toewijzingen; bewaar de run; schrijf JW325's en bevindingen."""
        day = _day(on)
        outcome = run_check(db, catalog, day, out.resolve())
        _print_summary(outcome)


def _day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            "DATUM-ONGELDIG", f"'{text}' is geen datum; schrijf JJJJ-MM-DD.", "--dagtekening"
        ) from None


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

    policy = load_policy(catalog)
    with Store.open(db) as store:
        recorded = check_and_record(store, policy, day, trigger="check")
    return run_outcome(recorded, out)


def _print_summary(outcome: dict[str, Any]) -> None:
    console = Console()
    table = Table(title=f"Controle per regel (run {outcome['run']})")
    for header in ("regel", "omschrijving", "ernst", "aantal", "afgewezen bedrag"):
        table.add_column(header)
    for row in outcome["regels"]:
        table.add_row(
            row["code"],
            row["omschrijving"],
            row["ernst"],
            str(row["aantal"]),
            format_value("euro", row["bedrag"]),
        )
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
