"""The indicator `zorgpad-stappen` (one Ibis expression over every client) against the per-client care
path of `zorgpad.access.care_path` (`zorgpad traject`): the same steps and the same counts on a
synthetic region-year.

The synthetic region has no stops for another provider or domain (JZ588 38/39), no allocations changed
on a JW317 (JZ002 12), no deleted allocations and no products outside the catalogue, so the store is
edited after ingest, deterministically by ToewijzingNummer, until every branch of a step occurs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from zorgpad.access.care_path import all_paths
from zorgpad.catalog import load_catalog
from zorgpad.catalog.lookup import Catalog
from zorgpad.insights._common import execute
from zorgpad.insights.care_paths import MEASURES, path_steps
from zorgpad.insights.registry import Filters, InsightContext, compute_indicator
from zorgpad.store import Store, ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

CATALOG = "centraal-gelderland@2025"
STEP_COLUMNS = (
    "client_key", "gemeente", "toewijzing_nummer", "product_code", "ingangsdatum", "hoe", "richting"
)  # fmt: skip
_NEXT = (
    "SELECT gemeente AS g, toewijzing_nummer AS t, lead(ingangsdatum) OVER (PARTITION BY client_key "
    "ORDER BY ingangsdatum, toewijzing_nummer) AS volgende FROM (SELECT DISTINCT client_key, gemeente, "
    "toewijzing_nummer, ingangsdatum FROM allocations)"
)
# Every branch of a step, made to occur in the synthetic data (see the module docstring).
EDITS = (
    "UPDATE stops SET reden_beeindiging = '38' WHERE toewijzing_nummer % 7 = 1",
    "UPDATE stops SET reden_beeindiging = '39' WHERE toewijzing_nummer % 7 = 2",
    "UPDATE stops SET reden_beeindiging = NULL WHERE toewijzing_nummer % 29 = 3",
    # Half the stops for a change request (37) say 31 instead, so that the JW317 alone must tell.
    "UPDATE stops SET reden_beeindiging = '31' WHERE reden_beeindiging = '37' AND toewijzing_nummer % 2 = 0",
    "UPDATE stops SET einddatum = NULL WHERE toewijzing_nummer % 31 = 4",
    "UPDATE allocations SET reden_wijziging = '12' WHERE toewijzing_nummer % 11 = 5",
    "UPDATE allocations SET reden_wijziging = '13', einddatum = ingangsdatum "
    "WHERE toewijzing_nummer % 13 = 6",
    "UPDATE allocations SET reden_wijziging = '01' WHERE toewijzing_nummer % 13 = 7",
    # A JW317 asking for a product without code, for an allocation that then has none either.
    "UPDATE change_requests c SET product_code = NULL WHERE kind = 'nieuw' AND EXISTS (SELECT 1 FROM "
    "allocations a WHERE a.client_key = c.client_key AND a.aanbieder = c.aanbieder "
    "AND a.product_code = c.product_code AND a.toewijzing_nummer % 17 = 8)",
    "UPDATE allocations SET product_code = NULL WHERE toewijzing_nummer % 17 = 8",
    "UPDATE stops SET reden_beeindiging = '31' WHERE toewijzing_nummer IN (SELECT vorige FROM (SELECT "
    "toewijzing_nummer AS t, lag(toewijzing_nummer) OVER (PARTITION BY client_key ORDER BY ingangsdatum, "
    "toewijzing_nummer) AS vorige FROM (SELECT DISTINCT client_key, toewijzing_nummer, ingangsdatum "
    "FROM allocations)) WHERE t % 17 = 8)",
    "UPDATE allocations SET einddatum = NULL WHERE toewijzing_nummer % 19 = 9",
    # Older versions of a third of the allocations (also those of the same date and time, repeated in
    # later JW301s) say something else: only the latest version may count.
    "UPDATE allocations SET einddatum = ingangsdatum + INTERVAL 400 DAY, product_code = '45A48' "
    "WHERE toewijzing_nummer % 3 = 0 AND message_id || '#' || position NOT IN (SELECT message_id || '#' "
    "|| position FROM allocations QUALIFY row_number() OVER (PARTITION BY gemeente, toewijzing_nummer "
    "ORDER BY toewijzingsdatum DESC, toewijzingstijd DESC, message_id DESC, position DESC) = 1)",
    # Care that ends on the day the next allocation starts (by its own end or by its stop): `naast`.
    f"UPDATE allocations SET einddatum = n.volgende FROM ({_NEXT}) n WHERE allocations.gemeente = n.g "
    "AND allocations.toewijzing_nummer = n.t AND n.volgende IS NOT NULL AND n.t % 5 = 0",
    f"UPDATE stops SET einddatum = n.volgende FROM ({_NEXT}) n WHERE stops.gemeente = n.g "
    "AND stops.toewijzing_nummer = n.t AND n.volgende IS NOT NULL AND n.t % 5 = 3",
)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("zorgpad-synth")
    generate(
        region_facts(load_catalog(CATALOG), 2025),
        out / "synth",
        2025,
        seed=11,
        scale=0.02,
        rates=AnomalyRates.uniform(0.05),
    )
    db = out / "regio.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "care-path-tests-pseudonym-key-0123456789")
        ingest(out / "synth", db)
    edited = out / "bewerkt.duckdb"
    shutil.copy(db, edited)
    con = duckdb.connect(str(edited))
    for statement in EDITS:
        con.execute(statement)
    con.close()
    yield edited


def _lighter_catalog() -> Catalog:
    """The catalogue without its last five products: steps to or from them have no direction."""
    catalog = load_catalog(CATALOG)
    data = catalog.data.model_copy(update={"products": catalog.data.products[:-5]})
    return Catalog(data=data, path=catalog.path, name=catalog.name)


def _reference_steps(store: Store, catalog: Catalog) -> list[tuple[Any, ...]]:
    paths = all_paths(store.connection, catalog)
    return sorted(
        (key, s.allocation.gemeente, s.allocation.toewijzing_nummer, s.allocation.product_code or "",
         s.allocation.ingangsdatum, s.cause, s.direction)
        for key, steps in paths.items()
        for s in steps[1:]
    )  # fmt: skip


def _reference_counts(store: Store, catalog: Catalog, filters: Filters) -> list[dict[str, Any]]:
    """The indicator as it was computed before, client by client over `all_paths`."""
    counts: dict[str, Counter[str]] = {}
    for steps in all_paths(store.connection, catalog).values():
        for step in steps[1:]:
            a = step.allocation
            if filters.gemeente is not None and a.gemeente != filters.gemeente:
                continue
            if filters.period_from is not None and a.ingangsdatum < filters.period_from:
                continue
            if filters.period_to is not None and a.ingangsdatum > filters.period_to:
                continue
            tally = counts.setdefault(a.gemeente, Counter())
            tally[step.direction] += 1
            tally[step.cause] += 1
    return [{"gemeente": g, **{m: counts[g][m] for m in MEASURES}} for g in sorted(counts)]


@pytest.mark.parametrize("lighter", [False, True], ids=["catalogus", "catalogus-zonder-5-producten"])
def test_every_step_matches_the_per_client_path(region: Path, lighter: bool) -> None:
    catalog = _lighter_catalog() if lighter else load_catalog(CATALOG)
    with Store.open(region, read_only=True) as store:
        expected = _reference_steps(store, catalog)
        table = execute(path_steps(store, catalog))
    rows = zip(*(table.column(c).to_pylist() for c in STEP_COLUMNS), strict=True)
    got = sorted((k, g, n, p or "", d, hoe, richting) for k, g, n, p, d, hoe, richting in rows)
    assert got == expected
    causes = Counter(row[5] for row in expected)
    directions = Counter(row[6] for row in expected)
    assert set(causes) == {"overstap aanbieder", "ander domein", "wijzigingsverzoek", "naast", "vervolg"}
    assert set(directions) == {"opschalen", "afschalen", "gelijk", "onbekend"}
    assert len(expected) > 300


def test_indicator_matches_the_per_client_count(region: Path) -> None:
    catalog = load_catalog(CATALOG)
    with Store.open(region, read_only=True) as store:
        context = InsightContext(store, catalog)
        everything = compute_indicator(context, "zorgpad-stappen", Filters()).to_pylist()
        assert everything == _reference_counts(store, catalog, Filters())
        busiest = max(everything, key=lambda row: row["gelijk"])["gemeente"]
        narrowed = Filters(gemeente=busiest, period_from=dt.date(2025, 4, 1), period_to=dt.date(2025, 9, 30))
        some = compute_indicator(context, "zorgpad-stappen", narrowed).to_pylist()
        assert some == _reference_counts(store, catalog, narrowed)
        nothing = Filters(period_from=dt.date(2030, 1, 1))
        empty = compute_indicator(context, "zorgpad-stappen", nothing)
    assert len(everything) > 3 and some and some != [r for r in everything if r["gemeente"] == busiest]
    assert empty.num_rows == 0 and empty.column_names == ["gemeente", *MEASURES]
    assert all(row[m] >= 0 for row in everything for m in MEASURES)
    assert sum(row["overstap aanbieder"] + row["ander domein"] for row in everything) > 0
