"""`zorgpad backup --db FILE --naar FILE`: a consistent copy of the store, also while it is served."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("backup", help="Maak een back-up van de database (ook terwijl `zorgpad serve` draait).")
    def backup_command(
        db: Path = typer.Option(..., "--db", help="De database."),
        target: Path = typer.Option(..., "--naar", help="Het nieuwe back-upbestand (bestaat nog niet)."),
    ) -> None:
        """Kopieer de database en de pseudonimiseringssleutel naar een nieuw bestand."""
        from zorgpad.app.server_link import find_server

        target = target.resolve()
        server = find_server(db)
        if server is not None:
            server.post("/intern/backup", {"naar": str(target)})
        else:
            from zorgpad.store.backup import backup
            from zorgpad.store.database import Store

            with Store.open(db) as store:  # writable: the copy is a database it attaches
                backup(store, target)
        Console().print(
            f"Back-up geschreven: {target}. Een sleutelbestand naast de database is meegekopieerd; een "
            "sleutel in ZORGPAD_PSEUDONYM_KEY bewaart u zelf. Terugzetten: stop de server en zet de "
            "bestanden op de plaats van de database."
        )
