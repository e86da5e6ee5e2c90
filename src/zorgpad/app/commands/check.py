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
from zorgpad.control.retours import RetourRun, retours, write_retours
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
            Path("controle"), "--out", help="Map voor jw325/, retour/, findings.parquet en .xlsx."
        ),
        on: str | None = typer.Option(
            None, "--dagtekening", metavar=DATE_METAVAR, help="Dagtekening van de JW325's (JJJJ-MM-DD)."
        ),
    ) -> None:
        """Controleer declaraties, toewijzingen, starts, stops en verzoeken; schrijf antwoorden."""
        day = date_or_today(on, "--dagtekening")
        output_folder(out, "--out")
        with steps("Controle", total=8) as step:
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
                step("retourberichten op starts, stops en verzoeken opstellen")
                returned = retours(tables, result.findings, day)
            step("bevindingen schrijven")
            write_findings(result.findings, out)
            step("JW325's schrijven")
            write_answers(replies, out)
            step("retourberichten schrijven")
            write_retours(returned, out)
        _print_summary(result, replies, out)
        _print_retours(returned)
        for skipped in unanswered:
            name = skipped.identificatie or skipped.message_id[:12]
            output_console().print(
                f"Niet beoordeeld [ONBEOORDEELBAAR]: declaratie {name} — {skipped.reason_nl}; "
                "er is geen JW325 voor geschreven."
            )


def _print_retours(run: RetourRun) -> None:
    console = output_console()
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
    console = output_console()
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
