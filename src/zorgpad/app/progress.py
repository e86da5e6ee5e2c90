"""Progress of a long command on stderr, only when stderr is a terminal (never in pipes, files or tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


@contextmanager
def steps(title: str, total: int, console: Console | None = None) -> Iterator[Callable[[str], None]]:
    """Yield `step(name)`: announce the next of `total` steps; a bar on stderr while they run."""
    err = console if console is not None else Console(stderr=True)
    if not err.is_terminal:
        yield lambda name: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(title, total=total)
        done = -1

        def step(name: str) -> None:
            nonlocal done
            done += 1
            progress.update(task, completed=done, description=f"{title}: {name}")

        yield step
        progress.update(task, completed=total)
