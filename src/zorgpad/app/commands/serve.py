"""`zorgpad serve --db FILE [--catalog NAME|PATH] [--port N] [--host 127.0.0.1]`: the dashboard.

`serve()` is the library function behind it (also used by `zorgpad demo --serve`).
"""

from __future__ import annotations

from pathlib import Path

import typer
import uvicorn

from zorgpad.app.console import output_console
from zorgpad.app.listen import listening_socket
from zorgpad.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

console = output_console()


def serve(
    db: str | Path, catalog: str | Path | None = None, port: int = DEFAULT_PORT, host: str = DEFAULT_HOST
) -> None:
    """Serve the dashboard over the store `db` until interrupted (Ctrl+C)."""
    if not 0 < port < 65536:
        raise UserError(
            "POORT-ONGELDIG", f"Poort {port} bestaat niet; kies een getal van 1 tot 65535.", "--port"
        )
    from zorgpad.app.web import create_app

    app = create_app(db, catalog)
    with listening_socket(host, port) as sock:
        url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        console.print(f"Dashboard: {url}/  (API: {url}/api/indicatoren) · stop met Ctrl+C")
        config = uvicorn.Config(app, host=host, port=port, log_level="warning")
        uvicorn.Server(config).run(sockets=[sock])


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
