"""`zorgpad check`: judge every claim line and allocation; write JW325s, findings and a summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.report import summarise, write_answers, write_findings
from zorgpad.control.run import answers, check
from zorgpad.control.template import format_value
from zorgpad.formatting import count


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
        """Controleer alle declaraties en toewijzingen; schrijf JW325's, bevindingen en een samenvatting."""
        policy = load_policy(catalog)
        day = dt.date.fromisoformat(on) if on else dt.date.today()
        store, tables = open_inputs(db)
        with store:
            result = check(store.backend, tables, policy)
            replies = answers(tables, result, day)
        write_findings(result.findings, out)
        write_answers(replies, out)
        _print_summary(result, replies, out)


def _print_summary(result: object, replies: list, out: Path) -> None:  # type: ignore[type-arg]
    from zorgpad.control.run import CheckResult

    assert isinstance(result, CheckResult)
    console = Console()
    table = Table(title="Controle per regel")
    for header in ("regel", "omschrijving", "ernst", "aantal", "afgewezen bedrag", "afgewezen creditbedrag"):
        table.add_column(header)
    for row in summarise(result):
        table.add_row(
            row.code,
            row.title_nl,
            row.severity,
            str(row.count),
            format_value("euro", row.amount),
            format_value("euro", row.credit_amount),
        )
    console.print(table)
    for rule, why in result.plan.skipped:
        console.print(f"Overgeslagen: {rule.code} ({rule.title_nl}): {why}.")
    granted = sum(reply.granted for reply in replies)
    rejected = sum(reply.rejected for reply in replies)
    credits = sum(reply.rejected_credits for reply in replies)
    credit_text = (
        f", afgewezen creditregels {format_value('euro', credits)} (apart, niet verrekend)" if credits else ""
    )
    console.print(
        f"{len(replies)} declaratie-antwoorden (JW325); toegekend {format_value('euro', granted)}, "
        f"afgewezen {format_value('euro', rejected)}{credit_text}; "
        f"{count(result.findings.num_rows, 'bevinding', 'bevindingen')}. Uitvoer in {out}."
    )
