"""The mail server the status feed sends through: SMTP with STARTTLS and authentication, always.

A status mail carries no care content, but it still says that a child is known to the access team, so
it never travels in plain text and never through a server that does not know the sender. The settings
come from the command's options or the environment; the password only from the environment
(`ZORGPAD_SMTP_PASSWORD`), so it stays out of the repository, the shell history and the process list.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from zorgpad.errors import UserError

DEFAULT_PORT = 587  # message submission (RFC 6409), where STARTTLS and AUTH are the rule
STATUS_PATH = "/toegang/status"


def _setting(given: str | None, variable: str) -> str | None:
    return given or os.environ.get(variable) or None


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str
    password: str = field(repr=False)
    dashboard_url: str  # where the access team's view is: the mail links to it
    ca_file: Path | None = None  # trust this certificate authority too (an own or internal CA)

    @classmethod
    def from_env(
        cls,
        host: str | None = None,
        port: int | None = None,
        sender: str | None = None,
        *,
        user: str | None = None,
        dashboard_url: str | None = None,
        ca_file: Path | None = None,
    ) -> SmtpSettings:
        """Options win over ZORGPAD_SMTP_HOST / _PORT / _FROM / _USER / _CA and ZORGPAD_DASHBOARD_URL;
        the password is ZORGPAD_SMTP_PASSWORD."""
        values = {
            "host": (_setting(host, "ZORGPAD_SMTP_HOST"), "--smtp-host of ZORGPAD_SMTP_HOST"),
            "sender": (_setting(sender, "ZORGPAD_SMTP_FROM"), "--van of ZORGPAD_SMTP_FROM"),
            "user": (_setting(user, "ZORGPAD_SMTP_USER"), "--smtp-gebruiker of ZORGPAD_SMTP_USER"),
            "password": (os.environ.get("ZORGPAD_SMTP_PASSWORD") or None, "ZORGPAD_SMTP_PASSWORD"),
            "dashboard_url": (
                _setting(dashboard_url, "ZORGPAD_DASHBOARD_URL"),
                "--dashboard of ZORGPAD_DASHBOARD_URL",
            ),
        }
        missing = [how for value, how in values.values() if not value]
        if missing:
            raise UserError(
                "FEED-SMTP-INSTELLING",
                "Stel de mailserver volledig in; er ontbreekt: " + "; ".join(missing) + ".",
            )
        raw_port = port if port is not None else os.environ.get("ZORGPAD_SMTP_PORT", str(DEFAULT_PORT))
        try:
            number = int(raw_port)
        except ValueError:
            raise UserError("FEED-SMTP-INSTELLING", f"Poort '{raw_port}' is geen getal.") from None
        url = str(values["dashboard_url"][0])
        if not url.startswith(("https://", "http://")):
            raise UserError(
                "FEED-SMTP-INSTELLING",
                f"Het adres van het dashboard '{url}' moet met https:// beginnen.",
                "--dashboard",
            )
        ca = ca_file or (Path(os.environ["ZORGPAD_SMTP_CA"]) if os.environ.get("ZORGPAD_SMTP_CA") else None)
        if ca is not None and not ca.is_file():
            # Checked now, not at the first connection: with nothing to send there is none.
            raise UserError(
                "FEED-SMTP-INSTELLING", "Het CA-bestand bestaat niet of is geen bestand.", str(ca)
            )
        return cls(
            str(values["host"][0]),
            number,
            str(values["sender"][0]),
            str(values["user"][0]),
            str(values["password"][0]),
            url.rstrip("/"),
            ca,
        )

    @property
    def status_link(self) -> str:
        return self.dashboard_url + STATUS_PATH


@contextmanager
def connect(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """An SMTP session that has switched to TLS (the server's certificate and name checked) and
    logged in. A server without STARTTLS is refused before anything is sent."""
    where = f"{settings.host}:{settings.port}"
    try:
        context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    except (OSError, ssl.SSLError) as error:
        raise UserError(
            "FEED-SMTP-INSTELLING", f"Het CA-bestand is niet te lezen: {error}", str(settings.ca_file)
        ) from None
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise UserError(
                    "FEED-SMTP-TLS",
                    f"De mailserver {where} biedt geen STARTTLS; zorgpad verstuurt niets onversleuteld.",
                )
            smtp.starttls(context=context)
            smtp.ehlo()
            smtp.login(settings.user, settings.password)
            yield smtp
    except smtplib.SMTPAuthenticationError:
        raise UserError(
            "FEED-SMTP-AANMELDEN",
            f"De mailserver {where} weigert de aanmelding van '{settings.user}'; "
            "controleer de gebruiker en ZORGPAD_SMTP_PASSWORD.",
        ) from None
    except ssl.SSLError as error:
        raise UserError(
            "FEED-SMTP-TLS",
            f"De TLS-verbinding met de mailserver {where} is niet te vertrouwen: {error.reason or error}",
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        raise UserError(
            "FEED-SMTP-FOUT", f"De mailserver {where} is niet bereikbaar of weigert: {error}"
        ) from None
