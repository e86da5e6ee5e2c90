"""`zorgpad demo`: the whole main job in one command: generate, ingest, check, report, summarise."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from zorgpad.app.console import output_console
from zorgpad.app.demo import (
    DEFAULT_CATALOG,
    DEFAULT_OUT,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DemoOptions,
    demo_years,
    run_main_demo,
)


def register(app: typer.Typer) -> None:
    app.command(
        name="demo", help="Laat alles zien: genereer een regiojaar, lees in, controleer en rapporteer."
    )(demo)


def demo(
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="Werkmap; een nieuwe demo vervangt haar."),
    catalog: str = typer.Option(DEFAULT_CATALOG, "--catalog", help="Meegeleverde catalogus of pad."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Startwaarde van de synthetische regio."),
    scale: float = typer.Option(DEFAULT_SCALE, "--scale", help="Grootte van de regio (1 = de hele regio)."),
    pdf: bool = typer.Option(False, "--pdf", help="Schrijf de bestuursrapportage ook als PDF."),
    serve: bool = typer.Option(False, "--serve", help="Start daarna het dashboard."),
    port: int = typer.Option(8000, "--port", help="Poort van het dashboard (met --serve)."),
) -> None:
    """Genereer een synthetisch regiojaar, lees het in, controleer alle declaraties en schrijf het rapport."""
    from zorgpad.app.options import output_folder
    from zorgpad.catalog import load_catalog
    from zorgpad.insights.registry import InsightContext
    from zorgpad.report.summary import lines_nl, summarise
    from zorgpad.store import Store

    output_folder(out, "--out")
    console = output_console(highlight=False)
    options = DemoOptions(out=out, catalog=catalog, seed=seed, scale=scale, pdf=pdf)
    started = time.perf_counter()
    years = demo_years(options)
    first = options.year - years + 1
    span = f"de jaren {first} tot en met {options.year}" if years > 1 else f"het jaar {options.year}"
    if years < options.years:
        span += f" (de catalogus heeft geen contracten vóór {first}, dus geen vorig jaar)"
    console.print(f"[bold]zorgpad demo[/]: {span} van een synthetische {catalog} (schaal {scale}).")
    result = run_main_demo(options, lambda name: console.print(f"  … {name}"))
    with Store.open(result.paths.db, read_only=True) as store:
        summary = summarise(InsightContext(store, load_catalog(catalog)))
    console.print()
    for line in lines_nl(summary):
        console.print(line)
    paths = result.paths
    console.print(f"\nBestuursrapportage: {paths.report.resolve()}")
    if pdf:
        console.print(f"Als PDF: {paths.report_pdf.resolve()}")
    console.print(f"Bevindingen en JW325-antwoorden: {paths.control.resolve()}")
    console.print(f"Dashboard openen: zorgpad serve --db {paths.db} --catalog {catalog}")
    console.print(f"Klaar in {time.perf_counter() - started:.0f} seconden.")
    if serve:
        from zorgpad.app.commands.serve import serve as start_dashboard
        from zorgpad.app.web.auth.demo_accounts import create_demo_accounts

        made = create_demo_accounts(paths.db)
        if made:
            console.print(f"\nDemo-accounts (log in op http://127.0.0.1:{port}/inloggen):")
            for account in made:
                who = account.principal
                console.print(
                    f"  {who.name:15} wachtwoord {account.password}  rol {who.role} ({who.scope_text})"
                )

        start_dashboard(paths.db, catalog, port)
