"""The JW325s of a stored control run, built again from the store for a download (the provider portal).

The run keeps its verdicts and Dagtekening (`control_verdicts`, `control_runs`) but not the JW325 files,
which carry BSNs in clear. The messages, declarations and lines they answer are append-only in the
store, so building the answers again from the run's verdicts gives the same bytes `zorgpad check`
wrote for that run. This is answer code: it is the one reader of `clients_clear` here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import duckdb
from lxml import etree

from zorgpad.control.jw325 import Answer, build_answers
from zorgpad.control.runs import stored_verdicts
from zorgpad.store.database import run


@dataclass(frozen=True)
class StoredAnswer:
    """One JW325 of a run: the file's bytes and the clients it names (for the audit trail)."""

    name: str
    content: bytes
    client_keys: tuple[str, ...]


def answer_bytes(answer: Answer) -> bytes:
    """The JW325 as `zorgpad check --out` writes it."""
    return bytes(etree.tostring(answer.root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = con.execute(sql, params).fetch_arrow_table().to_pylist()
    return rows


def rebuild_answers(
    con: duckdb.DuckDBPyConnection, run_id: int, message_ids: Collection[str]
) -> list[StoredAnswer]:
    """The JW325s of run `run_id` for the JW323s `message_ids`, in the run's message order."""
    if not message_ids:
        return []
    wanted = sorted(message_ids)
    (dagtekening,) = run(con, "SELECT dagtekening FROM control_runs WHERE run_id = ?", [run_id])[0]
    messages = _rows(
        con,
        "SELECT * FROM messages WHERE message_type = 'JW323' AND list_contains(?, message_id) "
        "ORDER BY dagtekening, identificatie, message_id",
        [wanted],
    )
    declarations = {
        row["message_id"]: row
        for row in _rows(con, "SELECT * FROM declarations WHERE list_contains(?, message_id)", [wanted])
    }
    lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(
        con,
        "SELECT * FROM claim_lines WHERE list_contains(?, message_id) ORDER BY message_id, position",
        [wanted],
    ):
        lines[row["message_id"]].append(row)
    level2: dict[str, set[str]] = defaultdict(set)
    for row in _rows(
        con, "SELECT message_id, rule FROM message_findings WHERE list_contains(?, message_id)", [wanted]
    ):
        level2[row["message_id"]].add(row["rule"])
    clients = {line["client_key"] for found in lines.values() for line in found}
    bsn = {
        str(key): str(number)
        for key, number in run(
            con,
            "SELECT client_key, bsn FROM clients_clear WHERE list_contains(?, client_key)",
            [sorted(clients)],
        )
    }
    verdicts = stored_verdicts(con, run_id)
    found: list[StoredAnswer] = []
    for answer in build_answers(messages, declarations, lines, level2, bsn, verdicts, dagtekening):
        named = (
            ()
            if verdicts.declaration_codes.get(answer.message_id)
            else tuple(
                sorted(
                    {
                        line["client_key"]
                        for line in lines.get(answer.message_id, [])
                        if verdicts.codes_for(answer.message_id, line["position"])
                    }
                )
            )
        )
        found.append(StoredAnswer(answer.name, answer_bytes(answer), named))
    return found
