"""The console a command prints its output to: wrapped on a terminal, never wrapped in a pipe or file.

Rich wraps at 80 columns (or the width of whatever terminal the process has) even when stdout goes to
a file, which breaks an amount (`€ 1.234,56`) or a suggested command over two lines. Off a terminal this
console neither wraps text nor squeezes tables, unless COLUMNS asks for a width.
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console, ConsoleDimensions

# Wide enough that no table of zorgpad's is squeezed; a table only takes the width its cells need.
OFF_TERMINAL_WIDTH = 1000


class OutputConsole(Console):
    """A rich Console for stdout that does not wrap when stdout is not a terminal."""

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        if self.is_terminal or os.environ.get("COLUMNS", "").isdigit():
            return size
        return ConsoleDimensions(OFF_TERMINAL_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        width, height = new_size
        self._width = width
        self._height = height

    def print(self, *objects: Any, soft_wrap: bool | None = None, **options: Any) -> None:
        if soft_wrap is None and not self.is_terminal:
            soft_wrap = True
        super().print(*objects, soft_wrap=soft_wrap, **options)


def output_console(**options: Any) -> Console:
    """The console for a command's output on stdout (options as for rich's Console)."""
    return OutputConsole(**options)
