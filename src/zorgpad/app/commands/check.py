"""`zorgpad check`: judge every claim line and allocation; write JW325s, findings and a summary."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from zorgpad.app.console import output_console
from zorgpad.app.options import DATE_METAVAR, date_or_today, output_folder
from zorgpad.app.progress import steps
from zorgpad.control.cli_support import load_policy, open_inputs
from zorgpad.control.jw325 import Unanswered
from zorgpad.control.report import summarise, write_answers, write_findings
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
            Path("controle"), "--out", help="Map voor jw325/, findings.parquet en .xlsx."
        ),
        on: str | None = typer.Option(
            None, "--dagtekening", metavar=DATE_METAVAR, help="Dagtekening van de JW325's (JJJJ-MM-DD)."
        ),
    ) -> None:
        """Controleer alle declaraties en toewijzingen; schrijf JW325's, bevindingen en een samenvatting."""
        day = date_or_today(on, "--dagtekening")
        output_folder(out, "--out")
        with steps("Controle", total=6) as step:
            step("catalogus lezen")
            policy = load_policy(catalog)
            step("database openen")
            store, tables = open_inputs(db)
            with store:
                step("regels toepassen op alle declaraties")
                result = check(store.backend, tables, policy)
                step("declaratie-antwoorden opstellen")
                unanswered: list[Unanswered] = []
                replies = answers(tables, result, day, unanswered)
            step("bevindingen schrijven")
            write_findings(result.findings, out)
            step("JW325's schrijven")
            write_answers(replies, out)
        _print_summary(result, replies, out)
        for skipped in unanswered:
            name = skipped.identificatie or skipped.message_id[:12]
            output_console().print(
                f"Niet beoordeeld [ONBEOORDEELBAAR]: declaratie {name} — {skipped.reason_nl}; "
                "er is geen JW325 voor geschreven."
            )


def _print_summary(result: object, replies: list, out: Path) -> None:  # type: ignore[type-arg]
    from zorgpad.control.run import CheckResult

    assert isinstance(result, CheckResult)
    console = output_console()
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
