"""One care path per client across products and providers.

All allocations of a client (latest version of each ToewijzingNummer, deleted ones left out) form one
path in order of start date. Each step after the first says how it follows on the previous one:
- `overstap aanbieder` when the previous care was stopped with JZ588 38 (overstap naar andere aanbieder);
- `ander domein` with JZ588 39 (uitstroom naar ander domein);
- `wijzigingsverzoek` with JZ588 37, or when the previous allocation was changed on a JW317 (JZ002 12)
  or the provider asked for the new product in a JW317;
- `naast` when the step starts while the previous one still runs (care alongside, e.g. transport);
- `vervolg` otherwise.
And in which direction, from the catalogue's complexity: `opschalen`, `afschalen` or `gelijk`.

This module builds one client's path in Python (`zorgpad traject`). The indicator `zorgpad-stappen`
computes the same steps for every client at once as one Ibis expression
(`zorgpad.insights.care_paths.path_steps`); a test holds the two to the same result on a synthetic region.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from zorgpad.access.records import Allocation, allocations_of
from zorgpad.catalog.lookup import Catalog
from zorgpad.store.database import run

RANK = {"laag": 0, "midden": 1, "hoog": 2}
STOP_CAUSES = {"38": "overstap aanbieder", "39": "ander domein", "37": "wijzigingsverzoek"}


@dataclass(frozen=True)
class PathStep:
    allocation: Allocation
    cause: str
    direction: str
    stopped: tuple[dt.date, str] | None


def _direction(catalog: Catalog | None, before: str | None, after: str | None) -> str:
    if catalog is None or before is None or after is None:
        return "onbekend"
    a, b = catalog.find_product(before), catalog.find_product(after)
    if a is None or b is None:
        return "onbekend"
    diff = RANK[b.complexity] - RANK[a.complexity]
    return "opschalen" if diff > 0 else "afschalen" if diff < 0 else "gelijk"


def _stops(
    con: duckdb.DuckDBPyConnection, client_key: str | None
) -> dict[str, dict[int, tuple[dt.date, str]]]:
    rows = run(
        con,
        "SELECT client_key, toewijzing_nummer, einddatum, reden_beeindiging FROM stops "
        "WHERE (client_key = ? OR ? IS NULL) AND status_aanlevering = '1' AND toewijzing_nummer IS NOT NULL "
        "ORDER BY dagtekening NULLS LAST, message_id, position",  # the last stop of a number wins
        [client_key, client_key],
    )
    found: dict[str, dict[int, tuple[dt.date, str]]] = defaultdict(dict)
    for key, number, end, reason in rows:
        found[str(key)][int(number)] = (end, str(reason))
    return found


def _asked_in_vow(
    con: duckdb.DuckDBPyConnection, client_key: str | None
) -> dict[str, set[tuple[str, str | None]]]:
    rows = run(
        con,
        "SELECT client_key, aanbieder, product_code FROM change_requests "
        "WHERE (client_key = ? OR ? IS NULL) AND kind = 'nieuw'",
        [client_key, client_key],
    )
    found: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for key, agb, code in rows:
        found[str(key)].add((str(agb), code))
    return found


def build_path(
    allocations: Iterable[Allocation],
    stops: dict[int, tuple[dt.date, str]],
    asked: set[tuple[str, str | None]],
    catalog: Catalog | None,
) -> list[PathStep]:
    ordered = sorted(
        (a for a in allocations if not a.deleted),
        key=lambda a: (a.ingangsdatum, a.toewijzing_nummer, a.gemeente),
    )
    steps: list[PathStep] = []
    for index, current in enumerate(ordered):
        stopped = stops.get(current.toewijzing_nummer)
        if index == 0:
            steps.append(PathStep(current, "start", "start", stopped))
            continue
        previous = ordered[index - 1]
        before = stops.get(previous.toewijzing_nummer)
        end = before[0] if before else previous.einddatum
        if before and before[1] in STOP_CAUSES:
            cause = STOP_CAUSES[before[1]]
        elif previous.reden_wijziging == "12" or (current.aanbieder, current.product_code) in asked:
            cause = "wijzigingsverzoek"
        elif end is None or current.ingangsdatum <= end:
            cause = "naast"
        else:
            cause = "vervolg"
        direction = _direction(catalog, previous.product_code, current.product_code)
        steps.append(PathStep(current, cause, direction, stopped))
    return steps


def care_path(con: duckdb.DuckDBPyConnection, client_key: str, catalog: Catalog | None) -> list[PathStep]:
    return all_paths(con, catalog, client_key).get(client_key, [])


def all_paths(
    con: duckdb.DuckDBPyConnection, catalog: Catalog | None, client_key: str | None = None
) -> dict[str, list[PathStep]]:
    """Client key -> care path, for one client or (client_key None) every client, in a few queries."""
    per_client: dict[str, list[Allocation]] = defaultdict(list)
    for allocation in allocations_of(con, client_key):
        per_client[allocation.client_key].append(allocation)
    stops, asked = _stops(con, client_key), _asked_in_vow(con, client_key)
    return {
        key: build_path(allocations, stops.get(key, {}), asked.get(key, set()), catalog)
        for key, allocations in sorted(per_client.items())
    }
