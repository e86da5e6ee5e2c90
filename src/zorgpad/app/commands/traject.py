"""`zorgpad traject`: one client's care path across products and providers, steps up and down.

Takes a BSN or a client reference; prints only the pseudonymous reference, never the BSN.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from zorgpad.access.care_path import care_path
from zorgpad.access.pseudonyms import reference, resolve_client
from zorgpad.app.console import output_console
from zorgpad.catalog import load_catalog
from zorgpad.formatting import count
from zorgpad.store import Store


def register(app: typer.Typer) -> None:
    @app.command("traject")
    def traject_command(
        client: str = typer.Argument(..., metavar="CLIENT", help="BSN of cliëntreferentie (cl-...)."),
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        catalog: str | None = typer.Option(
            None, "--catalog", help="Catalogus voor op-/afschalen (naam of pad)."
        ),
    ) -> None:
        """Het zorgpad van één cliënt: alle toewijzingen als één pad, met op- en afschalen."""
        cat = load_catalog(catalog) if catalog else None
        with Store.open(db, read_only=True) as store:
            key = resolve_client(store, db, client)
            steps = care_path(store.connection, key, cat)
        console = output_console()
        table = Table(title=f"Zorgpad van cliënt {reference(key)} ({count(len(steps), 'stap', 'stappen')})")
        for column in ("stap", "product", "aanbieder", "van", "tot", "hoe", "richting", "gestopt"):
            table.add_column(column)
        for number, step in enumerate(steps, start=1):
            a = step.allocation
            name = cat.find_product(a.product_code) if cat and a.product_code else None
            stopped = f"{step.stopped[0]:%d-%m-%Y} ({_reason(step.stopped[1])})" if step.stopped else ""
            table.add_row(
                str(number),
                (a.product_code or a.product_categorie or "?") + (f" {name.name}" if name else ""),
                a.aanbieder,
                f"{a.ingangsdatum:%d-%m-%Y}",
                f"{a.einddatum:%d-%m-%Y}" if a.einddatum else "open",
                step.cause,
                step.direction,
                stopped,
            )
        console.print(table)


def _reason(code: str) -> str:
    """A JZ588 reason of ending by its label with the code after it: 'Overstap ... (38)'."""
    from zorgpad.ijw.codelists import labels

    meaning = labels("JZ588").get(code)
    return f"{meaning} ({code})" if meaning else f"reden {code}"
