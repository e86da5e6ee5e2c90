"""`zorgpad report`: the board report (bestuursrapportage) as HTML or PDF, for a region or municipality."""

from __future__ import annotations

from pathlib import Path

import typer

from zorgpad.app.console import output_console
from zorgpad.app.options import output_file
from zorgpad.catalog import load_catalog
from zorgpad.errors import UserError
from zorgpad.insights.findings import read_findings
from zorgpad.insights.registry import InsightContext
from zorgpad.report.build import write_report
from zorgpad.store import Store


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        db: Path = typer.Option(..., "--db", help="De database van `zorgpad ingest`."),
        out: Path = typer.Option(
            ..., "--out", help="Het rapport: BESTAND.html, BESTAND.pdf of BESTAND.docx (bewerkbaar)."
        ),
        catalog: str | None = typer.Option(
            None, "--catalog", help="Catalogus (naam of pad); zonder catalogus ontbreken enkele knelpunten."
        ),
        gemeente: str | None = typer.Option(None, "--gemeente", help="CBS-code: rapport voor één gemeente."),
        findings: Path | None = typer.Option(
            None, "--findings", help="findings.parquet van `zorgpad check`, als de database ze niet bevat."
        ),
    ) -> None:
        """Schrijf een bestuursrapportage met kerncijfers en grafieken per knelpunt."""
        output_file(out, "--out")
        loaded = load_catalog(catalog) if catalog else None
        found = read_findings(findings) if findings else None
        with Store.open(db, read_only=True) as store:
            if gemeente is not None:
                _known_municipality(store, gemeente)
            written = write_report(InsightContext(store, loaded, found), out, gemeente)
        output_console().print(f"Bestuursrapportage geschreven: {written}")


def _known_municipality(store: Store, gemeente: str) -> None:
    """Refuse a municipality no message in the store comes from (an empty report would say nothing)."""
    rows = store.connection.execute(
        "SELECT DISTINCT gemeente FROM messages WHERE gemeente IS NOT NULL"
    ).fetchall()
    known = sorted(str(row[0]) for row in rows)
    if gemeente not in known:
        listed = ", ".join(known) or "geen"
        raise UserError(
            "RAPPORT-GEMEENTE",
            f"Gemeente {gemeente} komt in geen bericht in de database voor. "
            f"Gemeenten in de database (CBS-code): {listed}.",
            "--gemeente",
        )
