"""The one priced catalogue answers as the catalogue model does, for every version, provider,
product, municipality and date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgpad.catalog import Catalog
from zorgpad.catalog.bundled import bundled_names, load_versions
from zorgpad.catalog.priced import PricedCatalog, priced_catalog
from zorgpad.errors import UserError

REGIONS = {name: load_versions(name) for name in bundled_names()}
PRICED = {name: priced_catalog(versions) for name, versions in REGIONS.items()}


def _version_on(versions: tuple[Catalog, ...], day: dt.date) -> Catalog:
    """The oracle's choice of version: the newest whose `valid_from` has passed, else the oldest."""
    started = [c for c in versions if c.valid_from <= day]
    return started[-1] if started else versions[0]


def _expected_tariff(
    catalog: Catalog, agb: str, code: str, gemeente: str, day: dt.date, level: str | None
) -> int | None:
    try:
        return catalog.on(day).contract_tariff(agb, code, gemeente, level)
    except UserError:  # no tariff that day, or only per level and none asked for
        return None


def _own_tariffs(region: str) -> list[tuple[str, str, str]]:
    """(provider, product, municipality) of every contract tariff, and each in a municipality beside it."""
    found = set()
    for version in REGIONS[region]:
        places = sorted(version.municipality_codes)
        for contract in version.contracts:
            for contracted in contract.products:
                if contracted.tariffs:
                    for gemeente in contract.municipalities or places:
                        found.add((contract.provider.agb, contracted.code, gemeente))
                        found.add(
                            (contract.provider.agb, contracted.code, places[places.index(gemeente) - 1])
                        )
    return sorted(found)


@st.composite
def queries(draw: st.DrawFn) -> tuple[str, str, str, str, dt.date, str | None, str | None]:
    region = draw(st.sampled_from(sorted(REGIONS)))
    newest = REGIONS[region][-1]
    agbs = [*sorted({c.provider.agb for v in REGIONS[region] for c in v.contracts}), "99999999"]
    codes = [*sorted({p.code for v in REGIONS[region] for p in v.products}), "99X99"]
    places = [*sorted(newest.municipality_codes), "0363"]  # Amsterdam lies outside both regions
    levels = [None, *(s.code for s in newest.staff_levels)]
    day = draw(st.dates(dt.date(2024, 6, 1), dt.date(2027, 12, 31)))
    complexity = draw(st.sampled_from([None, "laag", "midden", "hoog"]))
    if draw(st.booleans()):  # half the queries where a contract sets its own tariff, the rare hard case
        agb, code, gemeente = draw(st.sampled_from(_own_tariffs(region)))
    else:
        agb, code, gemeente = (draw(st.sampled_from(x)) for x in (agbs, codes, places))
    return (
        region,
        agb,
        code,
        gemeente,
        day,
        draw(st.sampled_from(levels)),
        complexity,
    )


@settings(max_examples=400, deadline=None)
@given(queries())
def test_priced_lookups_agree_with_the_catalogue_model(
    query: tuple[str, str, str, str, dt.date, str | None, str | None],
) -> None:
    region, agb, code, gemeente, day, level, complexity = query
    priced = PRICED[region]
    catalog = _version_on(REGIONS[region], day)
    view = catalog.on(day)

    contract = view.contract_for(agb, code, gemeente)
    assert priced.contract(agb, code, gemeente, day) == (contract.id if contract else None)
    assert priced.contract_tariff(agb, code, gemeente, day, level) == _expected_tariff(
        catalog, agb, code, gemeente, day, level
    )

    product = view.find_product(code)
    row = priced.product(code, day)
    assert (row is None) == (product is None)
    if product is not None and row is not None:
        assert row["max_duration_months"] == product.max_duration_months
        assert (row["max_volume"], row["max_volume_per"]) == (
            (product.max_volume.amount, product.max_volume.per) if product.max_volume else (None, None)
        )
        assert row["referral_term_months"] == catalog.referral_policy(code).referral_term_months

    placed = catalog.lot_for(code, complexity)
    assert priced.lot(code, day, complexity) == (
        None if placed is None else (placed[0].code, placed[1].purchasing)
    )


def test_contract_tariffs_are_per_municipality() -> None:
    """Rijnmond's local lot D: one provider, two municipalities, two tariffs; elsewhere the catalogue's."""
    priced = PRICED["rijnmond"]
    day = dt.date(2025, 3, 1)
    assert priced.contract_tariff("99100015", "41D10", "0599", day) == 4900  # Rotterdam
    assert priced.contract_tariff("99100015", "41D10", "0606", day) == 4500  # Schiedam
    assert priced.contract_tariff("99100015", "41D10", "0622", day) is None  # Vlaardingen: no contract
    assert priced.tariffs_for(None, "41D10", None, day) == {None: 4700}  # the catalogue tariff
    assert priced.lot("41D10", day) == ("D", "lokaal")
    assert priced.lot("45E01", day) == ("E", "regionaal")


def test_limits_are_dated_by_version() -> None:
    """Centraal Gelderland: a 2025 date takes version 2025's product, a 2026 date version 2026's."""
    priced = PRICED["centraal-gelderland"]
    assert priced.product("54B22", dt.date(2025, 6, 1)) is None
    assert priced.product("54B22", dt.date(2026, 6, 1)) is not None
    versions = {c.version: c for c in REGIONS["centraal-gelderland"]}
    for code in ("54B01", "54B20"):
        for version, day in (("2025", dt.date(2025, 6, 1)), ("2026", dt.date(2026, 6, 1))):
            row = priced.product(code, day)
            assert row is not None
            assert row["max_duration_months"] == versions[version].product(code).max_duration_months


def test_the_ibis_tables_hold_the_rows_the_lookups_read() -> None:
    priced: PricedCatalog = PRICED["rijnmond"]
    rows = (
        priced.tariffs.filter(lambda t: (t.product_code == "41D10") & t.aanbieder.notnull())
        .select("gemeente", "tarief")
        .to_pyarrow()
        .to_pylist()
    )
    assert sorted((r["gemeente"], r["tarief"]) for r in rows) == [("0599", 4900), ("0606", 4500)]


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_one_version_is_that_version_on_every_date(region: str) -> None:
    only = REGIONS[region][0]
    priced = priced_catalog((only,))
    assert priced.version == only.version
    assert priced.products_arrow.column("cat_from").null_count == priced.products_arrow.num_rows
