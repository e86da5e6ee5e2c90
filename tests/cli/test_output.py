"""Output off a terminal is never wrapped; progress shows on a terminal's stderr only."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from rich.console import Console
from rich.table import Table

from zorgpad.app.console import output_console
from zorgpad.app.progress import steps

LONG_COMMAND = "zorgpad serve --db " + "/een/lang/pad" * 8 + "/zorgpad.duckdb --catalog centraal-gelderland"


def test_a_pipe_gets_long_lines_whole() -> None:
    written = io.StringIO()
    console = output_console(file=written)
    console.print(f"Afgewezen € 1.234.567,89 over 12.345 regels. Dashboard openen: {LONG_COMMAND}")
    assert written.getvalue().count("\n") == 1
    assert LONG_COMMAND in written.getvalue()


def test_a_table_in_a_pipe_keeps_each_amount_on_one_line() -> None:
    written = io.StringIO()
    table = Table(title="Controle per regel")
    for header in ("regel", "omschrijving", "afgewezen bedrag"):
        table.add_column(header)
    table.add_row("TR338", "Een lange omschrijving van de regel " * 4, "€ 1.234.567,89")
    output_console(file=written).print(table)
    assert "€ 1.234.567,89" in written.getvalue()
    assert "Een lange omschrijving van de regel " * 4 in written.getvalue()


def test_a_terminal_still_wraps_at_its_width() -> None:
    written = io.StringIO()
    console = output_console(file=written, force_terminal=True, width=60)
    console.print("woord " * 30)
    assert all(len(line) <= 60 for line in written.getvalue().splitlines())
    assert written.getvalue().count("\n") > 1


def test_the_real_command_writes_whole_lines_to_a_pipe() -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-c", "from zorgpad.app.cli import main; main()", "catalog", "list"],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert lines and all("gepubliceerd" in line and "geldig vanaf" in line for line in lines)
    assert max(len(line) for line in lines) > 80  # the lines are long: a wrapping console would break them


def test_progress_is_silent_off_a_terminal() -> None:
    written = io.StringIO()
    with steps("Controle", 2, Console(file=written)) as step:
        step("catalogus lezen")
        step("regels toepassen")
    assert written.getvalue() == ""


def test_progress_shows_the_step_on_a_terminal() -> None:
    written = io.StringIO()
    terminal = Console(file=written, force_terminal=True, width=100)
    with steps("Controle", 2, terminal) as step:
        step("catalogus lezen")
        terminal.file.flush()
        step("regels toepassen op alle declaraties")
    shown = written.getvalue()
    assert "Controle: regels toepassen op alle declaraties" in shown or "Controle: catalogus lezen" in shown
