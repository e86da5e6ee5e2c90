"""The status feed against a real mail server (aiosmtpd on 127.0.0.1, a free port) that requires
STARTTLS with a certificate made in the test and a login: the messages received, over TLS and logged
in, with their Dutch subject and body, status only with the link to the access team's view, and no
care content or BSN anywhere (mail, logs). A server without STARTTLS, a wrong password or an untrusted
certificate sends nothing."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zorgpad.access import feed
from zorgpad.access.mailer import SmtpSettings
from zorgpad.access.pseudonyms import reference, resolve_client
from zorgpad.app.cli import app as cli
from zorgpad.errors import UserError
from zorgpad.store import Store

from .builder import bsn_for, build_store
from .secure_smtp import PASSWORD, USER, MailServer, free_port, plain_mail_server, secure_mail_server

DASHBOARD = "https://zorgpad.regio.example"
LINK = "https://zorgpad.regio.example/toegang/status"

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


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    with secure_mail_server(tmp_path) as server:
        yield server


def _settings(server: MailServer, password: str = PASSWORD, trusted: bool = True) -> SmtpSettings:
    return SmtpSettings(
        "127.0.0.1",
        server.port,
        "toegang@gemeente.example",
        USER,
        password,
        DASHBOARD,
        server.ca_file if trusted else None,
    )


def _subscribed(tmp_path: Path, since: dt.date = dt.date(2026, 1, 1)) -> tuple[Path, str]:
    db = build_store(GIVEN, tmp_path)
    with Store.open(db) as store:
        key = resolve_client(store, db, bsn_for("A"))
        feed.subscribe(store.connection, key, "Wijkteam Noord", "contact@wijkteam.example", since)
    return db, key


def _care_content(db: Path) -> set[str]:
    """Everything about the care itself the store holds for client A: products, providers, the
    municipality, and the BSN."""
    with Store.open(db) as store:
        rows = store.connection.execute(
            "SELECT product_code, aanbieder, gemeente FROM allocations UNION ALL "
            "SELECT product_code, aanbieder, gemeente FROM allocation_requests"
        ).fetchall()
    return {str(value) for row in rows for value in row if value} | {bsn_for("A")}


def test_feed_mails_status_only_over_starttls_with_login(
    tmp_path: Path, mail_server: MailServer, caplog: pytest.LogCaptureFixture
) -> None:
    db, key = _subscribed(tmp_path)
    caplog.set_level(logging.INFO)
    with Store.open(db) as store:
        sent = feed.send(store.connection, _settings(mail_server))
        again = feed.send(store.connection, _settings(mail_server))
        shown = feed.recent(store.connection)
    inbox = mail_server.inbox
    assert again == []
    statuses = sorted(n.status for n in sent)
    assert statuses == ["toewijzing afgegeven", "verzoek beantwoord", "zorg gestart", "zorg gestopt"]
    assert len(inbox.messages) == 4
    assert inbox.over_tls == [True] * 4 and inbox.logins == [USER] * 4
    ref = reference(key)
    subjects = sorted(str(m["Subject"]) for m in inbox.messages)
    assert subjects == sorted(f"Statusupdate cliënt {ref}: {s}" for s in statuses)
    hidden = _care_content(db)
    assert {"54B01", "54B02", "99000011", "0202", bsn_for("A")} <= hidden
    for message, raw in zip(inbox.messages, inbox.raw, strict=True):
        assert message["To"] == "contact@wijkteam.example"
        assert message["From"] == "toegang@gemeente.example"
        text = message.get_content()
        assert text.startswith("Beste Wijkteam Noord,")
        assert f"Voor cliënt {ref} is er een nieuwe status:" in text
        assert LINK in text
        for value in hidden:  # no product, no provider, no municipality, no BSN
            assert value not in text and value.encode() not in raw, value
    assert "zorg gestart" in {status for _, status, _, _ in shown}
    assert bsn_for("A") not in caplog.text and ref in caplog.text


def test_subscription_date_limits_events(tmp_path: Path, mail_server: MailServer) -> None:
    db, _ = _subscribed(tmp_path, dt.date(2026, 3, 21))
    with Store.open(db) as store:
        sent = feed.send(store.connection, _settings(mail_server))
    assert sorted(n.status for n in sent) == ["verzoek beantwoord", "zorg gestopt"]
    assert len(mail_server.inbox.messages) == len(sent)


@pytest.mark.parametrize(
    ("password", "trusted", "code"),
    [("fout-wachtwoord", True, "FEED-SMTP-AANMELDEN"), (PASSWORD, False, "FEED-SMTP-TLS")],
)
def test_a_wrong_password_or_an_untrusted_certificate_sends_nothing(
    tmp_path: Path, mail_server: MailServer, password: str, trusted: bool, code: str
) -> None:
    db, _ = _subscribed(tmp_path)
    with Store.open(db) as store:
        with pytest.raises(UserError) as error:
            feed.send(store.connection, _settings(mail_server, password, trusted))
        assert len(feed.pending(store.connection)) == 4  # nothing recorded as sent
    assert error.value.code == code
    assert mail_server.inbox.messages == []


def test_a_server_without_starttls_gets_nothing(tmp_path: Path) -> None:
    db, _ = _subscribed(tmp_path)
    with plain_mail_server() as plain, Store.open(db) as store:
        with pytest.raises(UserError) as error:
            feed.send(store.connection, _settings(plain, trusted=False))
        assert plain.inbox.messages == []
    assert error.value.code == "FEED-SMTP-TLS" and "STARTTLS" in error.value.message


def test_unreachable_server_is_a_dutch_error(tmp_path: Path, mail_server: MailServer) -> None:
    db, _ = _subscribed(tmp_path)
    settings = _settings(mail_server)
    with Store.open(db) as store, pytest.raises(UserError) as error:
        feed.send(store.connection, SmtpSettings(**{**settings.__dict__, "port": free_port()}))
    assert error.value.code == "FEED-SMTP-FOUT"


def test_feed_verstuur_end_to_end(tmp_path: Path, mail_server: MailServer) -> None:
    db, _ = _subscribed(tmp_path)
    args = [
        "feed", "verstuur", "--db", str(db), "--smtp-host", "127.0.0.1", "--smtp-port", str(mail_server.port),
        "--van", "toegang@gemeente.example", "--smtp-gebruiker", USER, "--dashboard", DASHBOARD + "/",
        "--ca-bestand", str(mail_server.ca_file),
    ]  # fmt: skip
    runner = CliRunner()
    without_password = runner.invoke(cli, args, env={"ZORGPAD_SMTP_PASSWORD": ""})
    refused = without_password.exception
    assert isinstance(refused, UserError) and refused.code == "FEED-SMTP-INSTELLING"
    assert "ZORGPAD_SMTP_PASSWORD" in refused.message and mail_server.inbox.messages == []
    result = runner.invoke(cli, args, env={"ZORGPAD_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert "4 statusmeldingen verstuurd via 127.0.0.1" in result.output
    assert len(mail_server.inbox.messages) == 4
    assert all(LINK in m.get_content() for m in mail_server.inbox.messages)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    environment: dict[str, Any] = {
        "ZORGPAD_SMTP_HOST": "smtp.regio.example",
        "ZORGPAD_SMTP_FROM": "toegang@regio.example",
        "ZORGPAD_SMTP_USER": "melder",
        "ZORGPAD_SMTP_PASSWORD": "geheim-uit-de-omgeving",
        "ZORGPAD_DASHBOARD_URL": "https://zorgpad.regio.example/",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ZORGPAD_SMTP_PORT", raising=False)
    settings = SmtpSettings.from_env()
    assert (settings.host, settings.port, settings.user) == ("smtp.regio.example", 587, "melder")
    assert settings.status_link == LINK.replace("zorgpad.regio.example", "zorgpad.regio.example")
    assert "geheim" not in repr(settings)
    monkeypatch.setenv("ZORGPAD_DASHBOARD_URL", "zorgpad.regio.example")
    with pytest.raises(UserError) as error:
        SmtpSettings.from_env()
    assert error.value.code == "FEED-SMTP-INSTELLING"
