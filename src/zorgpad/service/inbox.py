"""The inbox worker: what arrived is validated, stored, judged and answered, batch by batch.

The worker takes the spool's entries in arrival order (so per sender too), up to `batch_limit` at a
time: everything that arrived while the previous batch ran. For a batch, under the owner's write lock:

1. the new messages are stored (the ingest: XSD, level-2 rules, tables; a message already stored is
   counted as present, never stored twice: the id is the SHA-256 of its content);
2. one control run judges the whole store and is recorded (so the latest run is always the picture
   of everything stored, as `zorgpad check` would give);
3. each message gets its answer in the outbox: the run's JW325 for a JW323, the retour for any other
   heen message (level 1/2, `zorgpad.ijw.retour`); retours and JW325s get none; the files are
   synced to disk once for the whole batch;
4. a row per message in `inbox_messages` (verwerkt or afgekeurd, the answer's file name).

Only then are the spool entries removed and the watched folder's files moved. A server killed in
between redoes the batch at its next start: step 1 finds the messages present, steps 2-3 give the same
run and files again, and step 4 skips messages that already have their row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.pool import Pool
from typing import Any

import pyarrow as pa

from zorgpad.control.jw325 import answer_identificatie
from zorgpad.control.policy import PolicyTables
from zorgpad.control.service import check_and_record
from zorgpad.errors import UserError
from zorgpad.ijw.findings import Finding
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.retour import RetourIdentity, message_type_of, retour_bytes, retour_for
from zorgpad.service.outbox import Outbox, outbox_name
from zorgpad.service.owner import StoreOwner
from zorgpad.service.spool import Spool, SpoolEntry
from zorgpad.store.database import Store, run
from zorgpad.store.discover import SourceFile
from zorgpad.store.ingest import IngestOptions, ingest_open, spawn_pool
from zorgpad.store.schema import TABLES

log = logging.getLogger("zorgpad.inbox")

DEFAULT_BATCH_LIMIT = 5000
# Before a batch, wait while messages keep arriving (at most this long): fewer, larger batches, so
# fewer control runs over the whole store.
GATHER_SECONDS = 0.5
GATHER_AT_MOST = 5.0
PROCESSED, REJECTED = "verwerkt", "afgekeurd"


@dataclass(frozen=True)
class Outcome:
    """What became of one message: its status, the reason in Dutch, its answer's file name."""

    status: str
    reason: str
    answer_name: str | None


Finisher = Callable[[SpoolEntry, bool, str], None]


class InboxWorker:
    def __init__(
        self,
        owner: StoreOwner,
        spool: Spool,
        outbox: Outbox,
        policy: PolicyTables | None,
        *,
        finish: Finisher | None = None,
        arriving: Callable[[], int] | None = None,
        batch_limit: int = DEFAULT_BATCH_LIMIT,
        today: Callable[[], dt.date] = dt.date.today,
        workers: int = 1,
    ) -> None:
        self.owner = owner
        self.spool = spool
        self.outbox = outbox
        self.policy = policy
        self.finish = finish
        # How many messages are on their way into the spool (files the watcher saw but has not taken).
        self.arriving = arriving
        self.batch_limit = batch_limit
        self.today = today
        self.workers = workers  # processes that parse a batch; 1: in this process
        self._pool: Pool | None = None
        self.wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.batches = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="zorgpad-inbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        try:
            self._work()
        finally:
            if self._pool is not None:
                self._pool.terminate()
                self._pool.join()
                self._pool = None

    def _work(self) -> None:
        while not self._stop.is_set():
            entries = self.spool.pending(self.batch_limit)
            if not entries:
                self.wake.wait(timeout=0.5)
                self.wake.clear()
                continue
            entries = self._gather(len(entries))
            log.info("inbox: batch van %d berichten begint", len(entries))
            try:
                self.process(entries)
            except Exception:  # logged; the entries stay in the spool and are tried again
                log.exception("een batch uit de inbox kon niet worden verwerkt")
                self._stop.wait(2.0)

    def _gather(self, count: int) -> list[SpoolEntry]:
        """The pending entries once arrivals pause (GATHER_SECONDS without a new one and none on its way
        in from the folder; at most GATHER_AT_MOST), or once a batch is full."""
        deadline = time.monotonic() + GATHER_AT_MOST
        while count < self.batch_limit and time.monotonic() < deadline and not self._stop.is_set():
            self._stop.wait(GATHER_SECONDS)
            now = len(self.spool.pending(self.batch_limit))
            if now == count and not (self.arriving is not None and self.arriving()):
                break
            count = now
        return self.spool.pending(self.batch_limit)

    def process(self, entries: list[SpoolEntry]) -> dict[str, Outcome]:
        """Process one batch (see the module docstring); returns each message's outcome."""
        outcomes = self.owner.write(lambda store: self._process(store, entries))
        began = time.perf_counter()
        for entry in entries:
            outcome = outcomes.get(entry.message_id)
            if outcome is None:  # dropped as incomplete (see _whole)
                continue
            if self.finish is not None:
                self.finish(entry, outcome.status == PROCESSED, outcome.reason)
            self.spool.remove(entry)
        self.batches += 1
        log.info("inbox: %d berichten afgerond in %.1f s", len(outcomes), time.perf_counter() - began)
        return outcomes

    def _process(self, store: Store, entries: list[SpoolEntry]) -> dict[str, Outcome]:
        entries = [e for e in entries if self._whole(e)]
        done = _stored_outcomes(store, [e.message_id for e in entries])
        todo: list[SpoolEntry] = []
        for entry in entries:
            if entry.message_id not in done and entry.message_id not in {e.message_id for e in todo}:
                todo.append(entry)
        if not todo:
            return {e.message_id: _again(done[e.message_id]) for e in entries}
        began = time.perf_counter()
        options = IngestOptions()
        if self._pool is None and self.workers > 1 and len(todo) > options.chunk_files:
            # A large batch is parsed and validated by worker processes, made once, in this thread
            # (they end with it, see spawn_pool): in parallel, and without holding the server's GIL
            # while the dashboard answers.
            self._pool = spawn_pool(self.workers)
        ingest_open(store, [SourceFile(e.path, "message") for e in todo], options, pool=self._pool)
        stored = time.perf_counter()
        day = self.today()
        recorded = check_and_record(store, self.policy, day, trigger="inbox")
        judged = time.perf_counter()
        answers = {answer.message_id: answer for answer in recorded.answers}
        info = _message_info(store, [e.message_id for e in todo])
        rows: list[dict[str, Any]] = []
        fresh: dict[str, Outcome] = {}
        for entry in todo:
            message = info.get(entry.message_id)
            outcome = self._answer(entry, message, answers, day)
            fresh[entry.message_id] = outcome
            rows.append(_status_row(entry, message, outcome, recorded.totals.run_id))
        # One sync for all the batch's answer files, before any message is marked as answered.
        os.sync()
        _insert_statuses(store, rows)
        log.info(
            "inbox: %d berichten; opslaan %.1f s, controle (run %d) %.1f s, antwoorden %.1f s",
            len(todo), stored - began, recorded.totals.run_id, judged - stored, time.perf_counter() - judged,
        )  # fmt: skip
        return {e.message_id: fresh.get(e.message_id) or _again(done[e.message_id]) for e in entries}

    def _answer(
        self, entry: SpoolEntry, message: dict[str, Any] | None, answers: dict[str, Any], day: dt.date
    ) -> Outcome:
        if message is None or message["message_type"] is None:
            reason = (message or {}).get("reason") or "Het bestand is geen leesbaar iJw-bericht."
            return Outcome(REJECTED, reason, None)
        status = PROCESSED if message["valid"] else REJECTED
        reason = "Verwerkt." if message["valid"] else (message["reason"] or "Het bericht is ongeldig.")
        if message["message_type"] == "JW323":
            answer = answers.get(entry.message_id)
            if answer is None:
                return Outcome(
                    status, reason + " Geen JW325: het bericht voldoet niet aan het XSD (IV088).", None
                )
            name = outbox_name("JW325", message["sender"], answer_identificatie(entry.message_id))
            from lxml import etree

            data = etree.tostring(answer.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
            self.outbox.write(name, data, sync=False)  # synced once for the batch, before the statuses
            return Outcome(status, f"{reason} Antwoord: {name}.", name)
        retour = self._retour(entry, message, day)
        if retour is None:
            return Outcome(status, reason, None)
        name, data = retour
        self.outbox.write(name, data, sync=False)
        return Outcome(status, f"{reason} Retour: {name}.", name)

    def _retour(self, entry: SpoolEntry, message: dict[str, Any], day: dt.date) -> tuple[str, bytes] | None:
        """The level-1/2 retour of a heen message other than JW323 (None for retours and level 1)."""
        try:
            document = parse_bytes(entry.path.read_bytes(), entry.source_name or entry.message_id)
        except (UserError, OSError):
            return None
        findings = [Finding(r, c, x, m) for r, c, x, m in message["findings"]]
        identificatie = "R" + entry.message_id[:11].upper()
        root = retour_for(document, findings, RetourIdentity(identificatie, day))
        if root is None:
            return None
        name = outbox_name(message_type_of(root).code, message["sender"], identificatie)
        return name, retour_bytes(root)

    def _whole(self, entry: SpoolEntry) -> bool:
        """Whether the entry holds the content its id names (a folder file's entry is not fsynced: a
        power cut may leave it empty; then it is dropped and the file taken again from the folder)."""
        try:
            whole = hashlib.sha256(entry.path.read_bytes()).hexdigest() == entry.message_id
        except OSError:
            whole = False
        if not whole:
            log.warning("onvolledig spoolbestand %s wordt overgeslagen", entry.path.name)
            self.spool.remove(entry)
        return whole


def _again(outcome: Outcome) -> Outcome:
    return Outcome(outcome.status, f"Al eerder ontvangen. {outcome.reason}", outcome.answer_name)


def _stored_outcomes(store: Store, ids: list[str]) -> dict[str, Outcome]:
    if not ids:
        return {}
    rows = run(
        store.connection,
        "SELECT message_id, status, reason, answer_name FROM inbox_messages WHERE message_id IN "
        f"({', '.join('?' * len(ids))})",
        list(ids),
    )
    return {row[0]: Outcome(row[1], row[2] or "", row[3]) for row in rows}


def _message_info(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    marks = ", ".join("?" * len(ids))
    con = store.connection
    info: dict[str, dict[str, Any]] = {}
    for message_id, kind, sender, valid in run(
        con,
        f"SELECT message_id, message_type, sender, valid FROM messages WHERE message_id IN ({marks})",
        ids,
    ):
        info[message_id] = {
            "message_type": kind,
            "sender": sender,
            "valid": valid,
            "findings": [],
            "reason": None,
        }
    for message_id, rule, code, xpath, text in run(
        con,
        "SELECT message_id, rule, retourcode, xpath, message FROM message_findings "
        f"WHERE message_id IN ({marks}) ORDER BY message_id, seq",
        ids,
    ):
        found = info.get(message_id)
        if found is not None:
            found["findings"].append((rule, code, xpath, text))
            if found["reason"] is None:
                found["reason"] = f"{rule}: {text}"
    return info


def _status_row(
    entry: SpoolEntry, message: dict[str, Any] | None, outcome: Outcome, run_id: int
) -> dict[str, Any]:
    return {
        "message_id": entry.message_id,
        "received_seq": entry.seq,
        "received_at": entry.received_at,
        "source": entry.source,
        "source_name": entry.source_name,
        "sender": (message or {}).get("sender"),
        "message_type": (message or {}).get("message_type"),
        "status": outcome.status,
        "reason": outcome.reason,
        "run_id": run_id,
        "answer_name": outcome.answer_name,
        "processed_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
    }


def _insert_statuses(store: Store, rows: list[dict[str, Any]]) -> None:
    spec = TABLES["inbox_messages"]
    staged = pa.Table.from_pylist(rows, schema=spec.arrow_schema)
    con = store.connection
    con.begin()
    try:
        con.register("_zorgpad_inbox", staged)
        run(
            con,
            "INSERT INTO inbox_messages SELECT s.* FROM _zorgpad_inbox s "
            "ANTI JOIN inbox_messages i ON s.message_id = i.message_id",
        )
        con.unregister("_zorgpad_inbox")
        con.commit()
    except BaseException:
        con.rollback()
        raise
