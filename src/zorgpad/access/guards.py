"""The cross-message rules on what the municipality sends (JW301, JW319), checked before zorgpad sends.

`zorgpad answer` validates every message it proposes (XSD and level 2) and, here, against the store's
history, so that it never writes a message the provider's system would have to reject:

- JW319: TR355 (its ReferentieAanbieder names an earlier request of the aanbieder), TR359 (no JW301
  honoured that request already), TR360 (in onderzoek only once), TR365 (after an earlier answer, only
  the one after "in onderzoek");
- JW301: TR379 (ReferentieAanbieder only when honouring a request, the first time), TR411 (a product
  with a Code has an Omvang), TR375/TR412 (an allocation sent without a product, or without a product
  code, ending after 31-12-2020 or open, stays so), TR385 (no removal, RedenWijziging 13, of an
  allocation with granted, uncredited claim lines).

Each function returns the broken rules as Dutch texts ("TR359: ..."); empty when the message may go.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from zorgpad.ijw.model import Antwoordbericht, Toewijzing
from zorgpad.store.database import run

IN_ONDERZOEK = "2"
REMOVED = "13"
# TR375/TR412: a product left empty in an allocation ending after this day must stay empty.
GENERIC_SINCE = dt.date(2020, 12, 31)


def _requested(con: duckdb.DuckDBPyConnection, aanbieder: str, reference: str) -> bool:
    sql = """
        SELECT count(*) FROM (
            SELECT referentie_aanbieder, aanbieder FROM allocation_requests
            UNION ALL SELECT referentie_aanbieder, aanbieder FROM change_requests
        ) WHERE aanbieder = ? AND referentie_aanbieder = ?
    """
    return bool(run(con, sql, [aanbieder, reference])[0][0])


def _allocated(con: duckdb.DuckDBPyConnection, aanbieder: str, reference: str) -> bool:
    sql = "SELECT count(*) FROM allocations WHERE aanbieder = ? AND referentie_aanbieder = ?"
    return bool(run(con, sql, [aanbieder, reference])[0][0])


def jw319_problems(con: duckdb.DuckDBPyConnection, message: Antwoordbericht) -> list[str]:
    """The cross-message rules a proposed JW319 would break."""
    aanbieder, reference = message.header.ontvanger, message.antwoord.referentie_aanbieder
    problems = []
    if not _requested(con, aanbieder, reference):
        problems.append(
            f"TR355: ReferentieAanbieder {reference} hoort niet bij een eerder verzoek van aanbieder "
            f"{aanbieder}."
        )
    if _allocated(con, aanbieder, reference):
        problems.append(f"TR359: op verzoek {reference} is al een toewijzing (JW301) gestuurd.")
    earlier = [
        row[0]
        for row in run(
            con,
            "SELECT verzoek_antwoord FROM request_answers WHERE aanbieder = ? AND referentie_aanbieder = ?",
            [aanbieder, reference],
        )
    ]
    if earlier and message.antwoord.verzoek_antwoord == IN_ONDERZOEK:
        problems.append(
            f"TR360: op verzoek {reference} is al een antwoordbericht gestuurd; 'in onderzoek' kan één keer."
        )
    if any(answer != IN_ONDERZOEK for answer in earlier):
        problems.append(f"TR365: verzoek {reference} is al afgewezen; er kan geen antwoord meer volgen.")
    return problems


def _history(con: duckdb.DuckDBPyConnection, gemeente: str, number: int) -> list[tuple[object, ...]]:
    sql = """
        SELECT product_categorie, product_code, einddatum, referentie_aanbieder FROM allocations
        WHERE gemeente = ? AND toewijzing_nummer = ?
    """
    return run(con, sql, [gemeente, number])


def _granted_lines(con: duckdb.DuckDBPyConnection, gemeente: str, aanbieder: str, number: int) -> int:
    """Debet lines on the number that no later credit line names (granted unless an answer said no)."""
    sql = """
        SELECT count(*) FROM claim_lines d
        WHERE d.gemeente = ? AND d.aanbieder = ? AND d.toewijzing_nummer = ? AND d.debet_credit = 'D'
          AND NOT EXISTS (
              SELECT 1 FROM claim_lines c
              WHERE c.aanbieder = d.aanbieder AND c.debet_credit = 'C'
                AND c.vorig_referentie_nummer = d.referentie_nummer)
          AND NOT EXISTS (
              SELECT 1 FROM claim_answers a
              WHERE a.aanbieder = d.aanbieder AND a.referentie_nummer = d.referentie_nummer)
    """
    return int(run(con, sql, [gemeente, aanbieder, number])[0][0])


def jw301_problems(
    con: duckdb.DuckDBPyConnection, message: Toewijzing, honoured: frozenset[str]
) -> list[str]:
    """The cross-message rules a proposed JW301 would break; `honoured` are the ReferentieAanbieders of
    the requests this message honours."""
    gemeente, aanbieder = message.header.afzender, message.header.ontvanger
    problems = []
    for product in message.client.toegewezen_producten:
        number = product.toewijzing_nummer
        reference = product.referentie_aanbieder
        if reference is not None and (reference not in honoured or _allocated(con, aanbieder, reference)):
            problems.append(
                f"TR379: toewijzing {number} noemt ReferentieAanbieder {reference}, maar honoreert dat "
                "verzoek niet voor het eerst; laat hem leeg."
            )
        code = None if product.product is None else product.product.code
        if code is not None and product.omvang is None:
            problems.append(f"TR411: toewijzing {number} heeft productcode {code} maar geen Omvang.")
        for categorie, earlier_code, end, _ in _history(con, gemeente, number):
            open_after = not isinstance(end, dt.date) or end > GENERIC_SINCE
            if open_after and categorie is None and product.product is not None:
                problems.append(
                    f"TR375: toewijzing {number} was zonder product verstuurd; laat het product leeg."
                )
            if open_after and earlier_code is None and code is not None:
                problems.append(
                    f"TR412: toewijzing {number} was zonder productcode verstuurd; laat de code leeg."
                )
        if product.reden_wijziging == REMOVED and _granted_lines(con, gemeente, aanbieder, number):
            problems.append(
                f"TR385: toewijzing {number} heeft goedgekeurde, niet gecrediteerde prestaties en kan niet "
                "worden verwijderd (RedenWijziging 13)."
            )
    return sorted(set(problems))
