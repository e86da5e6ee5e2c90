"""The status feed against a real SMTP server (aiosmtpd on 127.0.0.1, a free port): the messages
received, their Dutch subject and body, status only, and no BSN anywhere (mail, logs)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from zorgpad.access import feed
from zorgpad.access.pseudonyms import reference, resolve_client
from zorgpad.errors import UserError
from zorgpad.store import Store

from .builder import bsn_for, build_store

GIVEN: dict[str, Any] = {
    "allocations": [
        {"nummer": 901, "client": "A", "gemeente": "0202", "aanbieder": "99000011", "product": "54B02",
         "ingang": "2026-02-01", "einde": "2026-07-31"},
    ],
    "starts": [
        {"nummer": 901, "client": "A", "gemeente": "0202", "aanbieder": "99000011", "product": "54B02",
         "ingang": "2026-02-01", "datum": "2026-02-03"},
    ],
    "stops": [
        {"nummer": 901, "client": "A", "gemeente": "0202", "aanbieder": "99000011", "product": "54B02",
         "ingang": "2026-02-01", "begin": "2026-02-03", "datum": "2026-03-31", "reden": "31"},
    ],
    "requests": [
        {"ref": "R-A9", "client": "A", "gemeente": "0202", "aanbieder": "99000011", "product": "54B01",
         "ingang": "2026-04-01", "einde": "2026-06-30", "dagtekening": "2026-03-20"},
    ],
    "answers": [
        {"ref": "R-A9", "gemeente": "0202", "aanbieder": "99000011", "antwoord": "2",
         "dagtekening": "2026-03-24"},
    ],
}  # fmt: skip


class Inbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd hook)
        self.raw.append(envelope.content)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_feed_mails_status_only_without_bsn(
    tmp_path: Path, smtp_server: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, port = smtp_server
    db = build_store(GIVEN, tmp_path)
    bsn = bsn_for("A")
    settings = feed.SmtpSettings("127.0.0.1", port, "toegang@gemeente.example")
    caplog.set_level(logging.INFO)
    with Store.open(db) as store:
        key = resolve_client(store, db, bsn)
        feed.subscribe(
            store.connection, key, "Wijkteam Noord", "contact@wijkteam.example", dt.date(2026, 1, 1)
        )
        sent = feed.send(store.connection, settings)
        again = feed.send(store.connection, settings)
        shown = feed.recent(store.connection)
    assert again == []
    statuses = sorted(n.status for n in sent)
    assert statuses == ["toewijzing afgegeven", "verzoek beantwoord", "zorg gestart", "zorg gestopt"]
    assert len(inbox.messages) == 4
    ref = reference(key)
    subjects = sorted(str(m["Subject"]) for m in inbox.messages)
    assert subjects == sorted(f"Statusupdate cliënt {ref}: {s}" for s in statuses)
    for message, raw in zip(inbox.messages, inbox.raw, strict=True):
        assert message["To"] == "contact@wijkteam.example"
        assert message["From"] == "toegang@gemeente.example"
        text = message.get_content()
        assert text.startswith("Beste Wijkteam Noord,")
        assert f"Voor cliënt {ref} is er een nieuwe status:" in text
        assert "54B02" not in text and "99000011" not in text  # no product, no provider
        assert bsn not in text and bsn.encode() not in raw
    assert "zorg gestart" in {status for _, status, _, _ in shown}
    assert bsn not in caplog.text and ref in caplog.text


def test_subscription_date_limits_events(tmp_path: Path, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    db = build_store(GIVEN, tmp_path)
    with Store.open(db) as store:
        key = resolve_client(store, db, bsn_for("A"))
        feed.subscribe(store.connection, key, "Wijkteam Zuid", "zuid@wijkteam.example", dt.date(2026, 3, 21))
        sent = feed.send(store.connection, feed.SmtpSettings("127.0.0.1", port, "toegang@gemeente.example"))
    assert sorted(n.status for n in sent) == ["verzoek beantwoord", "zorg gestopt"]
    assert len(inbox.messages) == len(sent)


def test_unreachable_server_is_a_dutch_error(tmp_path: Path) -> None:
    db = build_store(GIVEN, tmp_path)
    with Store.open(db) as store:
        key = resolve_client(store, db, bsn_for("A"))
        feed.subscribe(store.connection, key, "Wijkteam", "w@wijkteam.example", dt.date(2026, 1, 1))
        with pytest.raises(UserError) as error:
            feed.send(store.connection, feed.SmtpSettings("127.0.0.1", _free_port(), "t@gemeente.example"))
    assert error.value.code == "FEED-SMTP-FOUT"
