"""`zorgpad check`: judge every claim line and allocation; write JW325s, findings and a summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.report import summarise, write_answers, write_findings
from zorgpad.control.retours import RetourRun, retours, write_retours
from zorgpad.control.run import answers, check
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
        on: str | None = typer.Option(None, "--dagtekening", help="Dagtekening van de JW325's (JJJJ-MM-DD)."),
    ) -> None:
        """Controleer declaraties, toewijzingen, starts, stops en verzoeken; schrijf antwoorden."""
        policy = load_policy(catalog)
        day = dt.date.fromisoformat(on) if on else dt.date.today()
        store, tables = open_inputs(db)
        with store:
            result = check(store.backend, tables, policy)
            replies = answers(tables, result, day)
            returned = retours(tables, result.findings, day)
        write_findings(result.findings, out)
        write_answers(replies, out)
        write_retours(returned, out)
        _print_summary(result, replies, out)
        _print_retours(returned)


def _print_retours(run: RetourRun) -> None:
    console = Console()
    rejected = sum(1 for retour in run.retours if set(retour.codes) - {"0200"})
    console.print(
        f"{len(run.retours)} retourberichten op starts, stops en verzoeken (JW306, JW308, JW316, JW318), "
        f"waarvan {rejected} met een afkeuring; in retour/.",
        highlight=False,
    )
    for path in run.missing:
        console.print(f"Geen retour: het ontvangen bericht {path} is niet meer te lezen.", highlight=False)


def _print_summary(result: object, replies: list, out: Path) -> None:  # type: ignore[type-arg]
    from zorgpad.control.run import CheckResult

    assert isinstance(result, CheckResult)
    console = Console()
    table = Table(title="Controle per regel")
    for header in ("regel", "omschrijving", "ernst", "aantal", "afgewezen bedrag"):
        table.add_column(header)
    for row in summarise(result):
        table.add_row(row.code, row.title_nl, row.severity, str(row.count), format_value("euro", row.amount))
    console.print(table)
    for rule, why in result.plan.skipped:
        console.print(f"Overgeslagen: {rule.code} ({rule.title_nl}): {why}.")
    granted = sum(reply.granted for reply in replies)
    rejected = sum(reply.rejected for reply in replies)
    console.print(
        f"{len(replies)} declaratie-antwoorden (JW325); toegekend {format_value('euro', granted)}, "
        f"afgewezen {format_value('euro', rejected)}; {result.findings.num_rows} bevindingen. "
        f"Uitvoer in {out}."
    )
