"""What the access layer reads from the store: open requests, referrals, current allocations.

Plain DuckDB SQL over the store's tables (see docs/store.md); nothing here writes. A request is open
while the store holds neither a JW301 that honours it (same aanbieder and ReferentieAanbieder) nor a
JW319 that rejects it (VerzoekAntwoord 1); a JW319 "in onderzoek" (2) keeps it open under the 8-week term.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

from zorgpad.store.database import run

DELETED = ("13", "01")


@dataclass(frozen=True)
class RequestLine:
    """One AangevraagdProduct (JW315) or one line of a Verzoek (JW317: kind ongewijzigd/te_wijzigen/nieuw)."""

    kind: str
    toewijzing_nummer: int | None
    product_categorie: str | None
    product_code: str | None
    ingangsdatum: dt.date | None
    einddatum: dt.date | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None
    verwijzer_type: str | None = None


@dataclass(frozen=True)
class Request:
    """An open JW315 product or a whole open JW317, with where it came from."""

    message_type: str
    message_id: str
    path: str
    gemeente: str
    aanbieder: str
    client_key: str
    dagtekening: dt.date
    referentie_aanbieder: str
    lines: tuple[RequestLine, ...]
    in_onderzoek_since: dt.date | None = None


@dataclass(frozen=True)
class Referral:
    client_key: str
    gemeente: str | None
    referral_date: dt.date | None
    referrer_type: str | None
    products: tuple[str, ...]
    term_end: dt.date | None
    aanbieder: str | None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Allocation:
    """The current (latest) version of one ToewijzingNummer."""

    message_id: str
    gemeente: str
    aanbieder: str
    client_key: str
    toewijzing_nummer: int
    referentie_aanbieder: str | None
    product_categorie: str | None
    product_code: str | None
    toewijzingsdatum: dt.date
    toewijzingstijd: dt.time
    ingangsdatum: dt.date
    einddatum: dt.date | None
    reden_wijziging: str | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None

    @property
    def deleted(self) -> bool:
        return self.reden_wijziging in DELETED and self.einddatum == self.ingangsdatum

    def is_current(self, on: dt.date) -> bool:
        return not self.deleted and (self.einddatum is None or self.einddatum >= on)


def _answered(on: dt.date | None) -> str:
    """SQL: request `r` has no answer (a JW301, or a JW319 granting it) dated on or before `on`."""
    by = "" if on is None else f" AND {{t}}.dagtekening <= DATE '{on.isoformat()}'"
    return f"""
    NOT EXISTS (SELECT 1 FROM allocations a WHERE a.aanbieder = r.aanbieder
                AND a.referentie_aanbieder = r.referentie_aanbieder{by.format(t="a")})
    AND NOT EXISTS (SELECT 1 FROM request_answers q WHERE q.aanbieder = r.aanbieder
                AND q.referentie_aanbieder = r.referentie_aanbieder
                AND q.verzoek_antwoord = '1'{by.format(t="q")})
"""


def _onderzoek(on: dt.date | None) -> str:
    by = "" if on is None else f" AND q.dagtekening <= DATE '{on.isoformat()}'"
    return f"""(SELECT min(q.dagtekening) FROM request_answers q WHERE q.aanbieder = r.aanbieder
                AND q.referentie_aanbieder = r.referentie_aanbieder AND q.verzoek_antwoord = '2'{by})"""


def open_requests(con: duckdb.DuckDBPyConnection, on: dt.date | None = None) -> list[Request]:
    """Every open JW315 product and JW317, oldest first; with `on`, as the access team saw them that
    day: received on or before it and not answered by then."""
    found: list[Request] = []
    received = "" if on is None else f" AND r.dagtekening <= DATE '{on.isoformat()}'"
    answered, onderzoek = _answered(on), _onderzoek(on)
    vot = run(
        con,
        f"""SELECT r.message_id, m.path, r.gemeente, r.aanbieder, r.client_key, r.dagtekening,
                   r.referentie_aanbieder, r.product_categorie, r.product_code, r.toewijzing_ingangsdatum,
                   r.toewijzing_einddatum, r.volume, r.eenheid, r.frequentie, r.budget, r.verwijzer_type,
                   {onderzoek}
            FROM allocation_requests r JOIN messages m USING (message_id)
            WHERE {answered}{received} ORDER BY r.dagtekening, r.message_id, r.position""",
    )
    for row in vot:
        line = RequestLine("aangevraagd", None, *row[7:16])
        found.append(_request("JW315", row, (line,), row[16]))
    vow = run(
        con,
        f"""SELECT r.message_id, m.path, r.gemeente, r.aanbieder, r.client_key, r.dagtekening,
                   r.referentie_aanbieder, r.kind, r.toewijzing_nummer, r.product_categorie, r.product_code,
                   r.gewenste_ingangsdatum, r.einddatum, r.volume, r.eenheid, r.frequentie, r.budget,
                   {onderzoek}
            FROM change_requests r JOIN messages m USING (message_id)
            WHERE {answered}{received} ORDER BY r.dagtekening, r.message_id, r.position""",
    )
    grouped: dict[str, list[Any]] = {}
    for row in vow:
        grouped.setdefault(row[0], []).append(row)
    for rows in grouped.values():
        lines = tuple(RequestLine(*row[7:17]) for row in rows)
        found.append(_request("JW317", rows[0], lines, rows[0][17]))
    return sorted(found, key=lambda r: (r.dagtekening, r.message_type, r.referentie_aanbieder))


def referrals_of(con: duckdb.DuckDBPyConnection, client_key: str) -> list[Referral]:
    rows = run(
        con,
        """SELECT client_key, gemeente, referral_date, referrer_type, products, term_end, aanbieder, extra
           FROM referrals WHERE client_key = ? ORDER BY referral_date NULLS FIRST, file_id, row_number""",
        [client_key],
    )
    return [
        Referral(
            client_key=row[0],
            gemeente=row[1],
            referral_date=row[2],
            referrer_type=row[3],
            products=tuple(row[4] or ()),
            term_end=row[5],
            aanbieder=row[6],
            extra=_json(row[7]),
        )
        for row in rows
    ]


def _request(kind: str, row: Any, lines: tuple[RequestLine, ...], since: dt.date | None) -> Request:
    return Request(
        message_type=kind,
        message_id=row[0],
        path=row[1],
        gemeente=row[2],
        aanbieder=row[3],
        client_key=row[4],
        dagtekening=row[5],
        referentie_aanbieder=row[6],
        lines=lines,
        in_onderzoek_since=since,
    )


def allocations_of(con: duckdb.DuckDBPyConnection, client_key: str | None) -> list[Allocation]:
    """The latest version of every ToewijzingNummer of the client (IV013: latest date + time; a JW301
    repeats current allocations (OP087), so equal versions are told apart by message id and position
    only to make the choice deterministic); with `client_key` None, of every client."""
    rows = run(
        con,
        """SELECT message_id, gemeente, aanbieder, client_key, toewijzing_nummer, referentie_aanbieder,
                  product_categorie, product_code, toewijzingsdatum, toewijzingstijd, ingangsdatum, einddatum,
                  reden_wijziging, volume, eenheid, frequentie, budget
           FROM allocations WHERE client_key = ? OR ? IS NULL
           QUALIFY row_number() OVER (PARTITION BY gemeente, toewijzing_nummer
                                      ORDER BY toewijzingsdatum DESC, toewijzingstijd DESC,
                                               message_id DESC, position DESC) = 1
           ORDER BY ingangsdatum, toewijzing_nummer, gemeente""",
        [client_key, client_key],
    )
    return [Allocation(*row) for row in rows]


def latest_allocation_path(con: duckdb.DuckDBPyConnection, client_key: str, gemeente: str) -> str | None:
    """The file of the newest JW301 for the client from this gemeente (its client block is reused)."""
    rows = run(
        con,
        """SELECT m.path FROM allocations a JOIN messages m USING (message_id)
           WHERE a.client_key = ? AND a.gemeente = ? ORDER BY m.dagtekening DESC, m.path DESC LIMIT 1""",
        [client_key, gemeente],
    )
    return str(rows[0][0]) if rows else None


def max_allocation_number(con: duckdb.DuckDBPyConnection, gemeente: str) -> int:
    rows = run(
        con, "SELECT coalesce(max(toewijzing_nummer), 0) FROM allocations WHERE gemeente = ?", [gemeente]
    )
    return int(rows[0][0])


def used_identifications(con: duckdb.DuckDBPyConnection, sender: str) -> set[str]:
    rows = run(con, "SELECT identificatie FROM messages WHERE sender = ?", [sender])
    return {str(row[0]) for row in rows}


def _json(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
