"""`zorgpad serve --db FILE [--catalog NAME|PATH] [--port N] [--host 127.0.0.1]`: the dashboard.

`serve()` is the library function behind it (also used by `zorgpad demo --serve`).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer
import uvicorn

from zorgpad.app.console import output_console
from zorgpad.app.listen import listening_socket
from zorgpad.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

console = output_console()


def plain_http_warning(host: str, *, tls: bool) -> str | None:
    """The Dutch warning for listening beyond loopback without TLS, or None."""
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback or tls:
        return None
    return (
        f"het dashboard luistert op {host}, buiten deze computer, zonder TLS. Wachtwoorden, "
        "sessiecookies en cliëntgegevens gaan dan onversleuteld over het netwerk. Geef --ssl-certfile "
        "en --ssl-keyfile mee, of zet een TLS-proxy ervoor en start met --achter-tls-proxy."
    )


def serve(
    db: str | Path,
    catalog: str | Path | None = None,
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    behind_tls: bool = False,
) -> None:
    """Serve the dashboard over the store `db` until interrupted (Ctrl+C)."""
    if not 0 < port < 65536:
        raise UserError(
            "POORT-ONGELDIG", f"Poort {port} bestaat niet; kies een getal van 1 tot 65535.", "--port"
        )
    from zorgpad.app.web import create_app

    app = create_app(db, catalog, hosts=[host])  # the address served is on the Host allowlist
    warning = plain_http_warning(host, tls=ssl_certfile is not None or behind_tls)
    if warning:
        console.print(f"[bold yellow]Let op:[/] {warning}")
    scheme = "https" if ssl_certfile else "http"
    with listening_socket(host, port) as sock:
        url = f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"
        console.print(f"Dashboard: {url}/  (API: {url}/api/indicatoren) · stop met Ctrl+C")
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
            # Behind a TLS proxy the scheme comes from X-Forwarded-Proto (so session cookies get Secure).
            proxy_headers=behind_tls,
        )
        uvicorn.Server(config).run(sockets=[sock])


def serve_command(
    db: Path = typer.Option(..., "--db", help="Het DuckDB-bestand van `zorgpad ingest`."),
    catalog: str | None = typer.Option(
        None, "--catalog", help="Naam van een meegeleverde catalogus of pad naar een YAML-bestand."
    ),
    port: int = typer.Option(DEFAULT_PORT, "--port", help="Poort waarop het dashboard luistert."),
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Adres waarop het dashboard luistert."),
    ssl_certfile: str | None = typer.Option(None, "--ssl-certfile", help="TLS-certificaat (PEM)."),
    ssl_keyfile: str | None = typer.Option(None, "--ssl-keyfile", help="Sleutel bij het TLS-certificaat."),
    achter_tls_proxy: bool = typer.Option(
        False, "--achter-tls-proxy", help="Er staat een TLS-proxy voor (neem X-Forwarded-Proto over)."
    ),
) -> None:
    """Start het dashboard met de knelpunten in de browser."""
    serve(
        db,
        catalog,
        port,
        host,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        behind_tls=achter_tls_proxy,
    )


def register(app: typer.Typer) -> None:
    app.command(name="serve", help="Start het dashboard: knelpunten, gemeenten, aanbieders en de JSON-API.")(
        serve_command
    )
