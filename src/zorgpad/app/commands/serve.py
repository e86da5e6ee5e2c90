"""`zorgpad serve --db FILE [--catalog NAME|PATH] [--port N] [--host 127.0.0.1]`: the dashboard.

`serve()` is the library function behind it (also used by `zorgpad demo --serve`).
"""

from __future__ import annotations

from pathlib import Path

import typer
import uvicorn
from rich.console import Console

from zorgpad.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

console = Console()


def serve(
    db: str | Path, catalog: str | Path | None = None, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST
) -> None:
    """Serve the dashboard over the store `db` until interrupted (Ctrl+C)."""
    from zorgpad.app.web import create_app

    if not 0 < port < 65536:
        raise UserError(
            "POORT-ONGELDIG", f"Poort {port} bestaat niet; kies een getal van 1 tot 65535.", "--port"
        )
    app = create_app(db, catalog, hosts=[host])
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"Dashboard: http://{shown}:{port}/  (API: http://{shown}:{port}/api/indicatoren) · stop met Ctrl+C"
    )
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as error:
        raise UserError(
            "POORT-BEZET",
            f"Het dashboard kan niet starten op {host}:{port}: {error.strerror}. Kies een andere --port.",
            "--port",
        ) from None


def serve_command(
    db: Path = typer.Option(..., "--db", help="Het DuckDB-bestand van `zorgpad ingest`."),
    catalog: str | None = typer.Option(
        None, "--catalog", help="Naam van een meegeleverde catalogus of pad naar een YAML-bestand."
    ),
    port: int = typer.Option(DEFAULT_PORT, "--port", help="Poort waarop het dashboard luistert."),
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Adres waarop het dashboard luistert."),
) -> None:
    """Start het dashboard met de knelpunten in de browser."""
    serve(db, catalog, port, host)


def register(app: typer.Typer) -> None:
    app.command(name="serve", help="Start het dashboard: knelpunten, gemeenten, aanbieders en de JSON-API.")(
        serve_command
    )
