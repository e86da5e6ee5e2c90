"""`zorgpad serve --db FILE [--catalog NAME|PATH] [--port N] [--host 127.0.0.1] [--inbox DIR] [--outbox DIR]`.

The region's long-running process: the dashboard and API, the owner of the store (`zorgpad ingest`
and `zorgpad check` go through it while it runs), and the inbox worker (`zorgpad.service`).
`serve()` is the library function behind it (also used by `zorgpad demo --serve`).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer
import uvicorn

from zorgpad.app.console import output_console
from zorgpad.app.listen import listening_socket
from zorgpad.app.options import output_folder
from zorgpad.errors import UserError, excerpt, os_reason_nl

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


def tls_files(certfile: str | None, keyfile: str | None) -> None:
    """Refuse a TLS certificate or key that cannot be read or used, before anything is started."""
    if certfile is None and keyfile is None:
        return
    if certfile is None:
        raise UserError("TLS-ONVOLLEDIG", "Geef bij --ssl-keyfile ook --ssl-certfile.", "--ssl-keyfile")
    import ssl

    for path, option in ((certfile, "--ssl-certfile"), (keyfile, "--ssl-keyfile")):
        if path is None:
            continue
        try:
            with Path(path).open("rb"):
                pass
        except OSError as error:
            raise UserError(
                "TLS-BESTAND", f"{excerpt(path)} is niet te lezen: {os_reason_nl(error)}.", option
            ) from None
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, ValueError):
        raise UserError(
            "TLS-ONGELDIG",
            "Het certificaat en de sleutel zijn geen bruikbaar paar in PEM-formaat (of de sleutel heeft een "
            "wachtwoord).",
            "--ssl-certfile",
        ) from None


def serve(
    db: str | Path,
    catalog: str | Path | None = None,
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    inbox: Path | None = None,
    outbox: Path | None = None,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    behind_tls: bool = False,
) -> None:
    """Serve the dashboard over the store `db` until interrupted (Ctrl+C); own the store and, with
    `inbox`, process what arrives there (and over `POST /api/berichten`)."""
    if not 0 < port < 65536:
        raise UserError(
            "POORT-ONGELDIG", f"Poort {port} bestaat niet; kies een getal van 1 tot 65535.", "--port"
        )
    from zorgpad.app.web import create_app
    from zorgpad.catalog import load_catalog
    from zorgpad.service.server import Service

    loaded = load_catalog(catalog) if catalog is not None else None
    warning = plain_http_warning(host, tls=ssl_certfile is not None or behind_tls)
    if warning:
        console.print(f"[bold yellow]Let op:[/] {warning}")
    scheme = "https" if ssl_certfile else "http"
    with listening_socket(host, port) as sock:
        service = Service.open(db, loaded, catalog_address=catalog, inbox=inbox, outbox=outbox)
        app = create_app(db, loaded, service=service, hosts=[host])  # the address served is allowed
        url = f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"
        # The command line reaches the server on loopback, whatever address it listens on.
        local = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host)
        app.state.service_url = f"{scheme}://{local}:{port}" if local else url
        console.print(f"Dashboard: {url}/  (API: {url}/api/indicatoren) · stop met Ctrl+C")
        if inbox is not None:
            console.print(f"Inbox: {inbox} · antwoorden in {service.outbox.folder}")
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
    inbox: Path | None = typer.Option(
        None, "--inbox", help="Map waarin berichten binnenkomen; de server verwerkt ze en beantwoordt ze."
    ),
    outbox: Path | None = typer.Option(
        None, "--outbox", help="Map voor de antwoorden (JW325 en retouren); standaard BESTAND.outbox."
    ),
    ssl_certfile: str | None = typer.Option(None, "--ssl-certfile", help="TLS-certificaat (PEM)."),
    ssl_keyfile: str | None = typer.Option(None, "--ssl-keyfile", help="Sleutel bij het TLS-certificaat."),
    achter_tls_proxy: bool = typer.Option(
        False, "--achter-tls-proxy", help="Er staat een TLS-proxy voor (neem X-Forwarded-Proto over)."
    ),
) -> None:
    """Start het dashboard met de knelpunten in de browser."""
    for folder, option in ((inbox, "--inbox"), (outbox, "--outbox")):
        if folder is not None:
            output_folder(folder, option)
    tls_files(ssl_certfile, ssl_keyfile)
    serve(
        db,
        catalog,
        port,
        host,
        inbox,
        outbox,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        behind_tls=achter_tls_proxy,
    )


def register(app: typer.Typer) -> None:
    app.command(name="serve", help="Start het dashboard: knelpunten, gemeenten, aanbieders en de JSON-API.")(
        serve_command
    )
