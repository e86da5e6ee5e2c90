"""`zorgpad report`: the board report (bestuursrapportage) as HTML or PDF, for a region or municipality."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from zorgpad.app.console import output_console
from zorgpad.app.options import output_file
from zorgpad.catalog import Catalog, load_catalog
from zorgpad.insights.findings import read_findings
from zorgpad.insights.registry import InsightContext
from zorgpad.report.build import write_report
from zorgpad.store import Store

if TYPE_CHECKING:
    from zorgpad.report.knip_section import KnipSection


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
        run: int | None = typer.Option(
            None, "--run", help="Controlerun (nummer) om te tonen; standaard de laatste in de database."
        ),
        knip: str | None = typer.Option(
            None, "--knip", help="Besluit over de knip, bv. knip_complexiteit:perceel=D,complexiteit=laag."
        ),
    ) -> None:
        """Schrijf een bestuursrapportage met kerncijfers en grafieken per knelpunt."""
        output_file(out, "--out")
        loaded = load_catalog(catalog) if catalog else None
        found = read_findings(findings) if findings else None
        with Store.open(db, read_only=True) as store:
            section = _knip_section(store, loaded, knip, gemeente) if knip else None
            written = write_report(InsightContext(store, loaded, found, run), out, gemeente, section)
        output_console().print(f"Bestuursrapportage geschreven: {written}")


def _knip_section(store: Store, catalog: Catalog | None, spec: str, gemeente: str | None) -> KnipSection:
    """The knip decision replayed over every line of a valid declaration (as the dashboard's /knip)."""
    from zorgpad.errors import UserError
    from zorgpad.report.knip_section import knip_section
    from zorgpad.scenarios.engine import Scenario
    from zorgpad.scenarios.knip import knip_effect
    from zorgpad.scenarios.reform import parse_spec

    if catalog is None:
        raise UserError("RAPPORT-KNIP-CATALOGUS", "Voor --knip is een catalogus nodig (--catalog).", "--knip")
    steps = tuple(parse_spec(part.strip()) for part in spec.split(";") if part.strip())
    result = Scenario.prepare(store.connection, catalog.data, None).run(steps)
    return knip_section(knip_effect(result.lines, catalog.data, result.state.catalog), spec, gemeente)
