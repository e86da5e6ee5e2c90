"""The store: one DuckDB file by default, read through Ibis, written in one transaction per batch.

Readers (control, insights, scenarios) use `Store.open(path)` and `store.table(name)`, which return
Ibis table expressions that run unchanged on another Ibis backend. The raw DuckDB connection is there
for bulk work that Ibis does not express.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import ibis
import ibis.expr.operations as ops
import pyarrow as pa

from zorgpad.errors import UserError, excerpt
from zorgpad.store import summaries
from zorgpad.store.faults import storage_error
from zorgpad.store.schema import TABLES

FORMAT_VERSION = "1"
PERFECT_HASH_BITS = 21
KEY_FINGERPRINT = "pseudonym_key_fingerprint"
# Tables `write_batch` fills itself, whatever the batch holds.
_BOOKKEEPING = frozenset(
    {
        "clients_clear",
        "ingest_batches",
        "store_meta",
        *summaries.KEPT,
    }
)


# Fragments of DuckDB's (English) messages when a file cannot be opened as a database.
_NOT_A_DATABASE = ("not a valid duckdb database file", "is not a duckdb", "invalid database file")
_OTHER_VERSION = ("version number", "storage version")


def _open_error(error: duckdb.Error, file: Path) -> UserError:
    """Why DuckDB could not open `file`, coded and in Dutch (its own text only as the last resort)."""
    text = str(error).lower()
    if "lock" in text:
        return UserError(
            "DB-IN-GEBRUIK",
            "Een ander proces gebruikt deze database (bijvoorbeeld `zorgpad serve` of een andere "
            "opdracht). Wacht tot het klaar is, of stop het en probeer het opnieuw. Draait "
            "`zorgpad serve` op deze database, dan gaan ingest en check vanzelf via de server.",
            str(file),
        )
    if any(fragment in text for fragment in _NOT_A_DATABASE):
        return UserError(
            "DB-GEEN-DATABASE",
            "Dit bestand is geen database van zorgpad (geen DuckDB-bestand). Geef de database die "
            "`zorgpad ingest MAP --db BESTAND` maakte, of een nieuwe bestandsnaam voor een nieuwe database.",
            str(file),
        )
    if any(fragment in text for fragment in _OTHER_VERSION):
        return UserError(
            "DB-VERSIE",
            "Deze database is geschreven door een andere versie van DuckDB dan zorgpad gebruikt. Open haar "
            "met de zorgpad-versie die haar maakte, of lees de berichten opnieuw in een nieuwe database.",
            str(file),
        )
    cause = storage_error(error, file, "Openen van de database")
    if cause.code != "DB-SCHRIJFFOUT":
        return UserError(cause.code, cause.message, str(file))
    return UserError(
        "DB-ONBEREIKBAAR",
        "De database kan niet worden geopend; controleer of het pad leesbaar en schrijfbaar is en of het "
        f"een database van zorgpad is. (Technische melding: {excerpt(str(error), 200)})",
        str(file),
    )


class Store:
    """An open store. Use as a context manager, or call `close()`."""

    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.connection = connection
        # Group-bys on an integer key whose values span up to 2**21 (ToewijzingNummers of a region,
        # declaration and pair numbers) then use an array instead of a hash table: about a third faster
        # for a million groups. Wider keys fall back to hashing.
        connection.execute(f"SET perfect_ht_threshold = {PERFECT_HASH_BITS}")
        self.backend: Any = ibis.duckdb.from_connection(connection)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, read_only: bool = False) -> Store:
        """Open the store at `path`; with `create`, make the file and its tables when missing."""
        file = Path(path)
        if not create and not file.exists():
            raise UserError(
                "DB-ONBEKEND",
                "Deze database bestaat niet. Maak haar eerst met `zorgpad ingest MAP --db BESTAND`.",
                str(file),
            )
        if create and not file.parent.is_dir():
            raise UserError(
                "DB-MAP-ONBEKEND", "De map voor de database bestaat niet; maak haar eerst aan.", str(file)
            )
        if file.is_dir():
            raise UserError(
                "DB-IS-MAP",
                "Dit is een map, geen database-bestand; geef een bestand, bijvoorbeeld "
                f"{file / 'zorg.duckdb'}.",
                str(file),
            )
        try:
            connection = duckdb.connect(str(file), read_only=read_only)
        except duckdb.Error as error:
            raise _open_error(error, file) from None
        store = cls(file, connection)
        if not read_only:
            try:
                store._create_missing_tables()
            except duckdb.Error as error:
                store.close()
                raise storage_error(error, file, "Voorbereiden van de database") from None
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def table(self, name: str) -> Any:
        """The Ibis table expression for one of the tables in `zorgpad.store.schema.TABLES`."""
        if name not in TABLES:
            known = ", ".join(TABLES)
            raise UserError("TABEL-ONBEKEND", f"Er is geen tabel '{name}'. Bekende tabellen: {known}.")
        return self.backend.table(name)

    def present_tables(self) -> dict[str, Any]:
        """Ibis table expressions for every table of `TABLES` this store has, from one catalogue query
        (asking for each table's columns apart takes a round trip per table)."""
        rows = run(
            self.connection,
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal "
            "ORDER BY table_name, column_index",
        )
        columns: dict[str, dict[str, Any]] = {}
        type_mapper = self.backend.compiler.type_mapper
        for table, column, data_type, nullable in rows:
            if table in TABLES:
                columns.setdefault(table, {})[column] = type_mapper.from_string(data_type, nullable=nullable)
        return {
            name: ops.DatabaseTable(name, ibis.schema(columns[name]), self.backend, ops.Namespace()).to_expr()
            for name in TABLES
            if name in columns
        }

    def _create_missing_tables(self) -> None:
        present = set(self.backend.list_tables())
        for name, spec in TABLES.items():
            if name not in present:
                self.backend.create_table(name, schema=spec.ibis_schema)
        if self.meta("format_version") is None:
            run(self.connection, "INSERT INTO store_meta VALUES ('format_version', ?)", [FORMAT_VERSION])
        if not summaries.is_kept(self.connection):
            summaries.rebuild(self.connection)

    def meta(self, name: str) -> str | None:
        rows = run(self.connection, "SELECT value FROM store_meta WHERE name = ?", [name])
        return str(rows[0][0]) if rows else None

    def bind_pseudonym_key(self, fingerprint: str) -> None:
        """Record the key's fingerprint, or refuse a key other than the one the store was filled with."""
        stored = self.meta(KEY_FINGERPRINT)
        if stored is None:
            run(self.connection, "INSERT INTO store_meta VALUES (?, ?)", [KEY_FINGERPRINT, fingerprint])
        elif stored != fingerprint:
            raise UserError(
                "PSEUDONIEM-SLEUTEL-ANDERS",
                "Deze database is gevuld met een andere pseudonimiseringssleutel. Met deze sleutel zou "
                "dezelfde cliënt een ander pseudoniem krijgen. Gebruik de oorspronkelijke sleutel "
                "(ZORGPAD_PSEUDONYM_KEY of het sleutelbestand naast de database).",
                str(self.path),
            )

    def known_ids(self) -> dict[str, str]:
        """Content hash -> kind label of every message and CSV file already stored."""
        rows = run(
            self.connection,
            "SELECT message_id, coalesce(message_type, 'onleesbaar') FROM messages UNION ALL "
            "SELECT file_id, CASE kind WHEN 'sessions' THEN 'sessies' WHEN 'population' THEN 'bevolking' "
            "ELSE 'verwijzingen' END "
            "FROM source_files",
        )
        return {str(row[0]): str(row[1]) for row in rows}

    def write_batch(self, tables: Mapping[str, pa.Table], clients: Mapping[str, str]) -> int:
        """Store the Arrow tables of one batch and the new clients in one transaction; returns its id.

        `tables` maps table names to rows in the table's Arrow schema (`TableSpec.arrow_schema`);
        the `ingest_batch` column of `messages` and `source_files` is filled in here. Either all of
        it is committed or none of it: a process killed before COMMIT leaves the database as it was
        before the batch.
        """
        con = self.connection
        con.begin()
        try:
            batch_id = int(run(con, "SELECT coalesce(max(batch_id), 0) + 1 FROM ingest_batches")[0][0])
            counts = dict.fromkeys(("messages", "source_files"), 0)
            _add_to_summaries(con, tables)  # before the rows are stored: it compares with those
            for name, table in tables.items():
                if name in _BOOKKEEPING or not table.num_rows:
                    continue
                if name in counts:
                    counts[name] = table.num_rows
                    table = _with_batch_id(table, batch_id)
                _insert(con, name, table)
            _insert_new_clients(con, clients)
            run(
                con,
                "INSERT INTO ingest_batches VALUES (?, ?, ?, ?)",
                [batch_id, _utc_now(), counts["messages"], counts["source_files"]],
            )
            con.commit()
        except BaseException as error:
            # A COMMIT that failed (disk full) has already ended the transaction: rolling back then
            # raises "no transaction is active", which would hide the cause.
            with contextlib.suppress(duckdb.Error):
                con.rollback()
            if isinstance(error, duckdb.Error | OSError):
                raise storage_error(error, self.path, "Opslaan in de database") from None
            raise
        return batch_id

    def checkpoint(self) -> None:
        """Write the write-ahead log into the database file; a failure is an error, never silent.

        A batch is durable once committed (its rows are in the `.wal` file), but until the checkpoint
        the database file itself lacks them; a disk that fills up here must not look like success.
        """
        try:
            run(self.connection, "CHECKPOINT")
        except duckdb.Error as error:
            failed = storage_error(error, self.path, "Bijwerken van het databasebestand (checkpoint)")
            failed.message += (
                " De ingelezen gegevens staan veilig in het logbestand (.wal) naast de database en worden"
                " bij het volgende openen verwerkt."
            )
            raise failed from None


def run(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Any]:
    """Execute and fetch every row (a result left unconsumed would hold the connection)."""
    return con.execute(sql, params).fetchall()


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _with_batch_id(table: pa.Table, batch_id: int) -> pa.Table:
    index = table.schema.get_field_index("ingest_batch")
    column = pa.array([batch_id] * table.num_rows, type=pa.int64())
    return table.set_column(index, table.schema.field(index), column)


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    columns = ", ".join(f'"{column}"' for column in table.column_names)
    con.register("_zorgpad_staging", table)
    try:
        run(con, f'INSERT INTO "{name}" ({columns}) SELECT {columns} FROM _zorgpad_staging')
    finally:
        con.unregister("_zorgpad_staging")


def _add_to_summaries(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table]) -> None:
    views = {name: f"_zorgpad_batch_{name}" for name in ("claim_lines", "allocations")}
    present = {name: view for name, view in views.items() if name in tables and tables[name].num_rows}
    for name, view in present.items():
        con.register(view, tables[name])
    try:
        summaries.add_batch(con, present.get("claim_lines"), present.get("allocations"))
    finally:
        for view in present.values():
            con.unregister(view)


def _insert_new_clients(con: duckdb.DuckDBPyConnection, clients: Mapping[str, str]) -> None:
    if not clients:
        return
    spec = TABLES["clients_clear"]
    staged = pa.table({"client_key": list(clients), "bsn": list(clients.values())}, schema=spec.arrow_schema)
    con.register("_zorgpad_clients", staged)
    try:
        run(
            con,
            "INSERT INTO clients_clear SELECT s.client_key, s.bsn FROM _zorgpad_clients s "
            "ANTI JOIN clients_clear c ON s.client_key = c.client_key",
        )
    finally:
        con.unregister("_zorgpad_clients")
