"""The inbox in one process: `POST /api/berichten`, its status and answer, the watched folder, and
what is refused before anything is stored."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.ijw.reader import MAX_MESSAGE_BYTES, parse_bytes
from zorgpad.ijw.validate import validate_document
from zorgpad.service.inbox import InboxWorker
from zorgpad.service.outbox import Outbox
from zorgpad.service.owner import StoreOwner
from zorgpad.service.server import Service
from zorgpad.service.spool import Spool, SpoolEntry
from zorgpad.service.watcher import FolderWatcher
from zorgpad.store.database import run

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

XML = {"Content-Type": "application/xml"}


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Service, FastAPI]]:
    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", "inbox-tests-pseudonym-key-0123456789")
    service = Service.open(tmp_path / "regio.duckdb", None, inbox=tmp_path / "in", outbox=tmp_path / "uit")
    app = create_app(tmp_path / "regio.duckdb", None, warm=False, service=service)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers.update(bearer_headers(app))
        yield client, service, app


def _wait_for(client: TestClient, message_id: str, seconds: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = client.get(f"/api/berichten/{message_id}").json()
        if body["status"] != "ontvangen":
            return dict(body)
        time.sleep(0.2)
    raise AssertionError("not processed in time")


def _messages(service: Service) -> int:
    cursor = service.owner.cursor()
    try:
        return int(run(cursor, "SELECT count(*) FROM messages")[0][0])
    finally:
        cursor.close()


def test_a_posted_declaration_is_stored_judged_and_answered(
    served: tuple[TestClient, Service, FastAPI], examples_dir: Path
) -> None:
    client, service, _ = served
    data = (examples_dir / "JW323.xml").read_bytes()
    posted = client.post("/api/berichten", content=data, headers=XML)
    assert posted.status_code == 202
    message_id = posted.json()["id"]
    assert posted.json()["status"] == "ontvangen"
    status = _wait_for(client, message_id)
    # The example breaks a level-2 rule: it counts as not sent, and gets a header-only JW325 (0001).
    assert status["status"] == "afgekeurd" and status["bericht"] == "JW323"
    assert status["retour"] == f"/api/berichten/{message_id}/retour"
    answer = client.get(f"/api/berichten/{message_id}/retour")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    document = parse_bytes(answer.content, "antwoord")
    assert document.message_type.code == "JW325" and validate_document(document) == ()
    assert b"<jw325:RetourCode>0001</jw325:RetourCode>" in answer.content
    names = [p.name for p in service.outbox.folder.iterdir()]
    assert len(names) == 1 and names[0].startswith("JW325_") and f"{status['afzender']}_" in names[0]
    # the same content again: the same id, stored once
    again = client.post("/api/berichten", content=data, headers=XML)
    assert again.json()["id"] == message_id
    _wait_for(client, message_id)
    assert _messages(service) == 1
    sender = str(status["afzender"])
    listed = client.get(f"/api/berichten?afzender={sender}").json()
    assert [m["id"] for m in listed] == [message_id]
    archive = client.get(f"/api/retouren?afzender={sender}")
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"


def test_a_heen_message_gets_its_retour(
    served: tuple[TestClient, Service, FastAPI], examples_dir: Path
) -> None:
    client, _, _ = served
    posted = client.post("/api/berichten", content=(examples_dir / "JW305.xml").read_bytes(), headers=XML)
    status = _wait_for(client, posted.json()["id"])
    assert status["status"] == "verwerkt" and status["bericht"] == "JW305"
    retour = client.get(str(status["retour"]))
    assert parse_bytes(retour.content, "retour").message_type.code == "JW306"


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b"<a/>", {"Content-Type": "text/plain"}, 415, "BERICHT-GEEN-XML-TYPE"),
        (b"geen xml", XML, 400, "BERICHT-GEEN-XML"),
        (b"<Bericht xmlns='urn:iets-anders'/>", XML, 415, "BERICHT-SOORT-ONBEKEND"),
        (b"<a>" + b" " * (MAX_MESSAGE_BYTES + 1) + b"</a>", XML, 413, "BERICHT-TE-GROOT"),
    ],
)
def test_what_is_refused_is_never_stored(
    served: tuple[TestClient, Service, FastAPI], body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    client, service, _ = served
    answer = client.post("/api/berichten", content=body, headers=headers)
    assert answer.status_code == status
    assert answer.json()["fout"]["code"] == code
    assert service.spool.pending() == [] and _messages(service) == 0


def test_unknown_ids_and_early_answers_get_the_error_shape(
    served: tuple[TestClient, Service, FastAPI],
) -> None:
    client, service, _ = served
    assert client.get("/api/berichten/abc").json()["fout"]["code"] == "BERICHT-ONBEKEND"
    service.worker.stop()  # so the next one stays accepted but unprocessed
    entry, _ = service.spool.accept(b"<nog/>", "http", None, "JW301")
    status = client.get(f"/api/berichten/{entry.message_id}").json()
    assert (status["status"], status["bericht"], status["retour"]) == ("ontvangen", "JW301", None)
    early = client.get(f"/api/berichten/{entry.message_id}/retour")
    assert early.status_code == 409 and early.json()["fout"]["code"] == "BERICHT-IN-BEHANDELING"


def test_the_internal_routes_need_the_servers_secret(served: tuple[TestClient, Service, FastAPI]) -> None:
    client, _service, _ = served
    refused = client.post("/api/intern/check", json={"dagtekening": "2025-05-01"})
    assert refused.status_code == 403 and refused.json()["fout"]["code"] == "INTERN-GEWEIGERD"
    wrong = client.post("/api/intern/check", json={}, headers={"X-Zorgpad-Sleutel": "raden"})
    assert wrong.status_code == 403


def test_the_watched_folder_takes_only_complete_files(
    served: tuple[TestClient, Service, FastAPI], examples_dir: Path
) -> None:
    _client, service, _ = served
    inbox = service.watcher.folder if service.watcher else Path()
    data = (examples_dir / "JW301.xml").read_bytes()
    half = inbox / "toewijzing.xml"
    half.write_bytes(data[: len(data) // 2])
    for _ in range(6):  # keeps growing for a while: never taken half
        time.sleep(0.3)
        assert service.spool.pending() == [] and not (inbox / "verwerkt" / "toewijzing.xml").exists()
        with half.open("ab") as handle:
            handle.write(b"")
        half.touch()
    half.write_bytes(data)
    (inbox / "kapot.xml").write_bytes(b"<niet-af")
    deadline = time.monotonic() + 120
    while (
        time.monotonic() < deadline
        and len(list((inbox / "verwerkt").glob("*.xml"))) + len(list((inbox / "fout").glob("*.xml"))) < 2
    ):
        time.sleep(0.2)
    assert (inbox / "verwerkt" / "toewijzing.xml").read_bytes() == data
    assert "Retour: JW302_" in (inbox / "verwerkt" / "toewijzing.xml.reden.txt").read_text(encoding="utf-8")
    assert (inbox / "fout" / "kapot.xml").exists()
    assert "XML" in (inbox / "fout" / "kapot.xml.reden.txt").read_text(encoding="utf-8")
    assert not half.exists() and _messages(service) == 2


def test_the_spool_keeps_accepted_messages_across_a_restart(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    first, new = spool.accept(b"<een/>", "http")
    second, _ = spool.accept(b"<twee/>", "map", "twee.xml")
    assert new and spool.accept(b"<een/>", "http") == (first, False)
    (tmp_path / "spool" / ".half.xml.tmp").write_bytes(b"<ha")  # a write a crash interrupted
    reopened = Spool(tmp_path / "spool")
    assert [(e.message_id, e.source, e.source_name) for e in reopened.pending()] == [
        (first.message_id, "http", None),
        (second.message_id, "map", "twee.xml"),
    ]
    assert not (tmp_path / "spool" / ".half.xml.tmp").exists()


def test_a_provider_may_send_only_its_own_messages(
    served: tuple[TestClient, Service, FastAPI], examples_dir: Path
) -> None:
    client, service, app = served
    data = (examples_dir / "JW305.xml").read_bytes()
    sender = parse_bytes(data, "x").root.findtext(".//{*}Afzender")
    other = bearer_headers(app, "andere-aanbieder", "aanbieder", aanbieders=("12345678",))
    refused = client.post("/api/berichten", content=data, headers={**XML, **other})
    assert refused.status_code == 403 and refused.json()["fout"]["code"] == "BUITEN-BEREIK"
    assert service.spool.pending() == [] and _messages(service) == 0
    own = bearer_headers(app, "eigen-aanbieder", "aanbieder", aanbieders=(str(sender),))
    accepted = client.post("/api/berichten", content=data, headers={**XML, **own})
    assert accepted.status_code == 202, accepted.text
    assert client.get(f"/api/berichten/{accepted.json()['id']}", headers=other).status_code == 403
    assert client.get("/api/controle", headers=own).status_code == 403
    assert (
        client.post("/api/berichten", content=data, headers={**XML, "authorization": ""}).status_code == 401
    )


def test_files_seen_but_not_yet_taken_hold_back_the_batch(tmp_path: Path) -> None:
    """The worker starts a batch only when the watcher has nothing on its way in (`backlog`): a hub
    dropping 2,000 files makes one batch, not a small one and then the rest."""
    spool = Spool(tmp_path / "spool")
    watcher = FolderWatcher(tmp_path / "in", spool, threading.Event(), settle=0.2)
    (tmp_path / "in" / "een.xml").write_bytes(b"<een/>")
    (tmp_path / "in" / ".nog-bezig.xml").write_bytes(b"<tw")  # a hub's temporary name: never counted
    assert watcher.scan() == 0 and watcher.backlog() == 1  # seen once: not settled yet
    worker = InboxWorker(StoreOwner(tmp_path / "regio.duckdb", create=True), spool, Outbox(tmp_path / "uit"),
                         None, arriving=watcher.backlog)  # fmt: skip
    try:
        spool.accept(b"<al-binnen/>", "http")
        gathered = threading.Thread(target=lambda: found.extend(worker._gather(1)))
        found: list[SpoolEntry] = []
        gathered.start()
        time.sleep(0.8)  # the spool did not grow for longer than GATHER_SECONDS, but a file is coming
        assert gathered.is_alive()
        assert watcher.scan() == 1 and watcher.backlog() == 0
        gathered.join(timeout=10)
        assert [entry.source_name for entry in found] == [None, "een.xml"]
    finally:
        worker.owner.close()
