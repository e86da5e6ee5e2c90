"""`zorgpad ingest DIR --db FILE`: store iJw messages, delivery records and referrals in the database.

Exit codes: 0 when every new file was stored and valid; 1 when some new file was invalid or
unreadable (it is stored with its findings all the same); 2 for a usage error (missing folder,
unusable database path).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from zorgpad.app.console import output_console
from zorgpad.store.ingest import DEFAULT_BATCH_FILES, DEFAULT_BATCH_ROWS, IngestOptions, IngestReport, ingest

# Below this many files a progress bar is more noise than help.
PROGRESS_FROM = 50
MAX_SKIPPED_SHOWN = 20
# More reading processes than this only thrash a machine (100,000 made the probe hang).
MAX_WORKERS = 64


def register(app: typer.Typer) -> None:
    app.command(
        name="ingest",
        help="Lees iJw-berichten, sessies/*.csv en toegang/*.csv uit een map in de database.",
    )(ingest_command)


def ingest_command(
    directory: Path = typer.Argument(
        ..., metavar="MAP", help="Map met berichten (wordt doorzocht met submappen)."
    ),
    db: Path = typer.Option(..., "--db", help="Het DuckDB-bestand (wordt aangemaakt als het er niet is)."),
    batch_files: int = typer.Option(
        DEFAULT_BATCH_FILES, "--batch-bestanden", min=1, help="Bestanden per transactie."
    ),
    batch_rows: int = typer.Option(
        DEFAULT_BATCH_ROWS, "--batch-regels", min=1, help="Hoogstens zoveel tabelregels per transactie."
    ),
    workers: int | None = typer.Option(
        None,
        "--processen",
        min=1,
        max=MAX_WORKERS,
        help="Processen die berichten lezen en controleren (standaard: één per processorkern).",
    ),
) -> None:
    """Exit 0: all new files valid; 1: some new file invalid (still stored); 2: usage error."""
    out = output_console(highlight=False, soft_wrap=True)
    err = Console(stderr=True)
    options = IngestOptions(batch_files=batch_files, batch_rows=batch_rows, workers=workers)
    if err.is_terminal:
        columns = (TextColumn("Inlezen"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("inlezen", total=None)

            def advance(done: int, total: int) -> None:
                if total >= PROGRESS_FROM:
                    progress.update(task, completed=done, total=total)

            report = ingest(directory, db, options, advance)
    else:
        report = ingest(directory, db, options)
    _print_summary(out, report, db)
    raise typer.Exit(1 if report.invalid else 0)


def _print_summary(out: Console, report: IngestReport, db: Path) -> None:
    table = Table(title=f"Ingelezen in {escape(str(db))}", title_justify="left")
    table.add_column("Soort")
    for heading in ("nieuw", "al aanwezig", "dubbel in deze aanvoer", "ongeldig"):
        table.add_column(heading, justify="right")
    totals = [0, 0, 0, 0]
    for kind in sorted(report.counts):
        c = report.counts[kind]
        row = [c.new, c.present, c.repeated, c.invalid]
        table.add_row(kind, *(str(n) for n in row))
        totals = [total + n for total, n in zip(totals, row, strict=True)]
    table.add_row("totaal", *(str(t) for t in totals), style="bold")
    out.print(table)
    if report.invalid:
        out.print(
            f"{report.invalid} nieuwe bestanden zijn ongeldig of onleesbaar. Ze zijn wel opgeslagen, "
            "met hun bevindingen (tabel message_findings)."
        )
    if report.skipped:
        out.print(f"Overgeslagen ({len(report.skipped)}; geen iJw-bericht, sessies- of toegangsbestand):")
        for path in report.skipped[:MAX_SKIPPED_SHOWN]:
            out.print(f"  {escape(str(path))}")
        if len(report.skipped) > MAX_SKIPPED_SHOWN:
            out.print(f"  ... en nog {len(report.skipped) - MAX_SKIPPED_SHOWN}")
