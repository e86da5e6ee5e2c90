"""Status feed: a wijkteam contact person subscribes to a client and is told, by e-mail and in the
dashboard, when an allocation is issued, care starts or stops, or a request is answered.

Status only: the kind of event, the client's pseudonymous reference and the date — no product, no
provider, no care content, never a BSN (logs carry the reference too) — and a link to the access
team's view in the dashboard, where the rest is behind a login. Mail goes out over SMTP with STARTTLS
and authentication only (`zorgpad.access.mailer`). The feed keeps two tables of
its own in the store database: `access_subscriptions` and `access_notifications` (what was sent to
whom, so nothing is sent twice and the dashboard can show it).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.message import EmailMessage

import duckdb

from zorgpad.access.mailer import SmtpSettings, connect
from zorgpad.access.pseudonyms import reference
from zorgpad.errors import UserError
from zorgpad.store.database import run

log = logging.getLogger(__name__)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS access_subscriptions (
        client_key VARCHAR NOT NULL, contact_name VARCHAR NOT NULL, email VARCHAR NOT NULL,
        since DATE NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (client_key, email))""",
    """CREATE TABLE IF NOT EXISTS access_notifications (
        event_id VARCHAR NOT NULL, client_key VARCHAR NOT NULL, email VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        event_date DATE NOT NULL, sent_at TIMESTAMP NOT NULL, PRIMARY KEY (event_id, email))""",
)

EVENTS_SQL = """
SELECT '301:' || message_id || ':' || position, client_key, 'toewijzing afgegeven', toewijzingsdatum
  FROM allocations WHERE client_key = ?
UNION ALL
SELECT '305:' || message_id || ':' || position, client_key, 'zorg gestart', begindatum
  FROM starts WHERE client_key = ? AND status_aanlevering = '1'
UNION ALL
SELECT '307:' || message_id || ':' || position, client_key, 'zorg gestopt', einddatum
  FROM stops WHERE client_key = ? AND status_aanlevering = '1'
UNION ALL
SELECT DISTINCT '319:' || q.message_id, r.client_key, 'verzoek beantwoord', q.dagtekening
  FROM request_answers q JOIN (SELECT aanbieder, referentie_aanbieder, client_key FROM allocation_requests
                               UNION
                               SELECT aanbieder, referentie_aanbieder, client_key FROM change_requests) r
    ON q.aanbieder = r.aanbieder AND q.referentie_aanbieder = r.referentie_aanbieder
  WHERE r.client_key = ?
"""


@dataclass(frozen=True)
class Notification:
    event_id: str
    client_key: str
    email: str
    contact_name: str
    status: str
    event_date: dt.date

    @property
    def subject(self) -> str:
        return f"Statusupdate cliënt {reference(self.client_key)}: {self.status}"

    def body(self, link: str) -> str:
        """The mail's text: the status and a link to the access team's view, which asks for a login."""
        return (
            f"Beste {self.contact_name},\n\n"
            f"Voor cliënt {reference(self.client_key)} is er een nieuwe status: {self.status} "
            f"(datum {self.event_date:%d-%m-%Y}).\n\n"
            f"Bekijk de statuswijzigingen van uw cliënten in zorgpad (na inloggen): {link}\n\n"
            "Dit bericht bevat alleen de status. Inhoudelijke informatie over de zorg staat niet in deze "
            "e-mail, maar alleen achter de inlog van zorgpad.\n\n"
            "Met vriendelijke groet,\nzorgpad statusmeldingen\n"
        )


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SCHEMA:
        run(con, statement)


def subscribe(con: duckdb.DuckDBPyConnection, client_key: str, name: str, email: str, since: dt.date) -> None:
    if "@" not in email or not name.strip():
        raise UserError("FEED-ABONNEMENT", "Geef een naam en een geldig e-mailadres voor de contactpersoon.")
    ensure_tables(con)
    run(con, "DELETE FROM access_subscriptions WHERE client_key = ? AND email = ?", [client_key, email])
    run(
        con,
        "INSERT INTO access_subscriptions VALUES (?, ?, ?, ?, ?)",
        [client_key, name.strip(), email.strip(), since, dt.datetime.now()],
    )
    log.info("abonnement op %s voor contactpersoon vastgelegd", reference(client_key))


def pending(con: duckdb.DuckDBPyConnection) -> list[Notification]:
    """Every event since each subscription's start that its contact person has not yet been sent."""
    ensure_tables(con)
    found: list[Notification] = []
    subscriptions = run(
        con, "SELECT client_key, contact_name, email, since FROM access_subscriptions ORDER BY 1, 3"
    )
    for client_key, name, email, since in subscriptions:
        sent = {
            str(r[0]) for r in run(con, "SELECT event_id FROM access_notifications WHERE email = ?", [email])
        }
        for event_id, key, status, day in run(con, EVENTS_SQL, [client_key] * 4):
            if day is not None and day >= since and event_id not in sent:
                found.append(Notification(str(event_id), str(key), str(email), str(name), str(status), day))
    return sorted(found, key=lambda n: (n.event_date, n.event_id, n.email))


def send(con: duckdb.DuckDBPyConnection, settings: SmtpSettings) -> list[Notification]:
    """Send every pending notification by e-mail (STARTTLS and login, see `mailer.connect`) and record
    it; returns what was sent."""
    notifications = pending(con)
    if not notifications:
        return []
    with connect(settings) as smtp:
        for n in notifications:
            message = EmailMessage()
            message["From"] = settings.sender
            message["To"] = n.email
            message["Subject"] = n.subject
            message.set_content(n.body(settings.status_link))
            smtp.send_message(message)
            run(
                con,
                "INSERT INTO access_notifications VALUES (?, ?, ?, ?, ?, ?)",
                [n.event_id, n.client_key, n.email, n.status, n.event_date, dt.datetime.now()],
            )
            log.info("statusmelding '%s' voor %s verstuurd", n.status, reference(n.client_key))
    return notifications


def recent(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[tuple[str, str, dt.date, dt.datetime]]:
    """(client reference, status, event date, sent at) of the latest notifications, for the dashboard.

    Reads only: on a read-only store without the feed's tables the answer is empty.
    """
    present = run(
        con,
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'access_notifications'",
    )
    if int(present[0][0]) == 0:
        return []
    rows = run(
        con,
        "SELECT client_key, status, event_date, sent_at FROM access_notifications "
        "ORDER BY sent_at DESC LIMIT ?",
        [limit],
    )
    return [(reference(str(r[0])), str(r[1]), r[2], r[3]) for r in rows]
