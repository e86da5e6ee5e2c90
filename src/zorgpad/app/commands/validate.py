"""`zorgpad validate`: check iJw messages (XSD and level-2 rules), optionally write retours."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from zorgpad.app.console import output_console
from zorgpad.app.options import output_folder
from zorgpad.errors import UserError
from zorgpad.ijw.batch import FileVerdict, check_files
from zorgpad.ijw.messages import MESSAGE_TYPES
from zorgpad.ijw.reader import message_files
from zorgpad.ijw.xslt_compare import OfficialXslt

FORMATS = ("text", "json")
# Below this many files a progress bar is more noise than help.
PROGRESS_FROM = 20


def register(app: typer.Typer) -> None:
    app.command(name="validate", help="Controleer iJw 3.2-berichten: XSD en alle regels binnen het bericht.")(
        validate
    )


def validate(
    paths: list[Path] | None = typer.Argument(
        None,
        metavar="PAD",
        help="Berichtbestanden of mappen (mappen worden doorzocht op *.xml).",
        show_default=False,
    ),
    output_format: str = typer.Option(
        "text", "--format", help="Uitvoer: text (leesbaar) of json (regel per bericht)."
    ),
    retour: Path | None = typer.Option(
        None, "--retour", help="Schrijf voor elk afgekeurd bericht het retourbericht in deze map."
    ),
    against_xslt: Path | None = typer.Option(
        None,
        "--against-xslt",
        help="Vergelijk met een officieel validatie-XSLT (XSLT 1.0) dat u zelf aanlevert.",
    ),
) -> None:
    """Exit 0 when every message is valid, 1 when any is invalid, 2 on a usage error."""
    if not paths:
        raise UserError(
            "GEEN-PAD", "Geef minstens één bestand of map op, bijvoorbeeld: zorgpad validate berichten/"
        )
    if output_format not in FORMATS:
        raise UserError(
            "ONBEKEND-FORMAAT",
            f"Onbekend uitvoerformaat '{output_format}'; kies 'text' of 'json'.",
            "--format",
        )
    if retour is not None:
        output_folder(retour, "--retour")
    files = message_files(paths)
    xslt = OfficialXslt(against_xslt) if against_xslt is not None else None
    out = output_console(soft_wrap=True, highlight=False)
    verdicts = with_progress(check_files(files, retour, xslt), len(files), Console(stderr=True))
    invalid = _print_json(verdicts) if output_format == "json" else _print_text(out, verdicts, len(files))
    raise typer.Exit(1 if invalid else 0)


def with_progress(verdicts: Iterator[FileVerdict], total: int, err: Console) -> Iterator[FileVerdict]:
    """Pass the verdicts through, with a progress bar on `err` when many files go to a terminal."""
    if total < PROGRESS_FROM or not err.is_terminal:
        yield from verdicts
        return
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Berichten controleren", total=total)
        for verdict in verdicts:
            yield verdict
            progress.advance(task)


def _print_json(verdicts: Iterator[FileVerdict]) -> int:
    invalid = 0
    for verdict in verdicts:
        line = verdict.result.as_json()
        if verdict.retour is not None:
            line["retour"] = str(verdict.retour)
        if verdict.comparison is not None:
            line["xslt"] = verdict.comparison.as_json()
        typer.echo(json.dumps(line, ensure_ascii=False))
        invalid += not verdict.result.valid
    return invalid


def _print_text(out: Console, verdicts: Iterator[FileVerdict], total: int) -> int:
    invalid = compared = differing = 0
    for verdict in verdicts:
        result = verdict.result
        kind = MESSAGE_TYPES[result.message] if result.message else None
        label = f"{kind.code} {kind.name_nl}" if kind else "onleesbaar bestand"
        if result.valid:
            out.print(f"[green]geldig[/]    {escape(result.path)} ({label})")
        else:
            invalid += 1
            out.print(f"[red]ongeldig[/]  {escape(result.path)} ({label})")
        for finding in result.findings:
            code = f"{finding.rule} [{finding.retourcode}]" if finding.retourcode else finding.rule
            out.print(f"    {escape(code)} bij {escape(finding.xpath)}: {escape(finding.message)}")
        if verdict.retour is not None:
            out.print(f"    retourbericht geschreven: {escape(str(verdict.retour))}")
        elif verdict.level1 and kind is not None and kind.retour is not None and not result.valid:
            out.print(
                "    geen retourbericht: bij een fout in formaat of XSD wordt er geen verstuurd (IV028)."
            )
        comparison = verdict.comparison
        if comparison is not None:
            compared += 1
            if not comparison.equal:
                differing += 1
                out.print(
                    "    [yellow]verschil met het XSLT[/]: "
                    f"alleen XSLT: {', '.join(comparison.only_official) or '-'}; "
                    f"alleen zorgpad: {', '.join(comparison.only_zorgpad) or '-'}"
                )
    valid = total - invalid
    out.print(
        f"\n[bold]Samenvatting:[/] {total} {'bericht' if total == 1 else 'berichten'} gecontroleerd: "
        f"{valid} geldig, {invalid} ongeldig."
    )
    if compared or differing:
        out.print(f"XSLT-vergelijking: {compared} berichten vergeleken, {differing} met een ander oordeel.")
    return invalid
