"""Bundled catalogues load cleanly and answer dated questions."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from catalog_samples import Writer

from zorgpad.catalog import bundled_names, bundled_versions, load_catalog, parse_file
from zorgpad.errors import UserError


@pytest.mark.parametrize("address", [v.address for v in bundled_versions()])
def test_every_bundled_version_is_valid_example_data(address: str) -> None:
    catalog = load_catalog(address)
    assert parse_file(catalog.path).issues == ()
    assert catalog.data.example_data is True
    care_forms = {p.care_form for p in catalog.products}
    assert {"verblijf", "crisis", "diagnostiek", "consultatie", "daghulp", "ambulante-hulp"} <= care_forms


def test_bundled_names_and_latest_version() -> None:
    assert bundled_names() == ("centraal-gelderland", "rijnmond")
    assert load_catalog("centraal-gelderland").version == "2026"
    assert load_catalog("centraal-gelderland@2025").version == "2025"


def test_unknown_name_lists_the_bundled_names() -> None:
    with pytest.raises(UserError) as caught:
        load_catalog("utrecht")
    assert caught.value.code == "CAT-NAAM-ONBEKEND"
    assert "centraal-gelderland@2026" in caught.value.message and "rijnmond@2025" in caught.value.message


def test_regions_have_their_real_municipalities() -> None:
    cg = load_catalog("centraal-gelderland")
    assert cg.municipality_codes == {
        "0202",
        "0221",
        "0226",
        "1705",
        "1734",
        "0274",
        "0275",
        "0277",
        "0289",
        "0293",
        "0299",
    }
    source = resources.files("zorgpad.ijw") / "data" / "cbs_gemeenten_2026.csv"
    with source.open(encoding="utf-8") as handle:
        rijnmond = {
            row["gemeentecode"] for row in csv.DictReader(handle) if row["jeugdzorgregio"] == "Rijnmond"
        }
    assert load_catalog("rijnmond").municipality_codes == rijnmond
    assert len(rijnmond) == 13


def test_product_lookup_by_code() -> None:
    cg = load_catalog("centraal-gelderland")
    product = cg.on(date(2026, 3, 1)).product("54B20")
    assert (product.setting, product.group_size and product.group_size.max, product.billable_time) == (
        "groep",
        10,
        "direct",
    )
    assert cg.find_product("99X99") is None
    with pytest.raises(UserError) as caught:
        cg.on(date(2025, 6, 1)).product("54B22")  # the small-group product only exists from 2026
    assert caught.value.code == "CAT-PRODUCT-ONBEKEND"


def test_tariff_lookup_across_a_dated_tariff_change() -> None:
    cg = load_catalog("centraal-gelderland@2026")
    assert cg.tariff("54B01", date(2025, 12, 31)) == 9200
    assert cg.tariff("54B01", date(2025, 12, 31), level="WO") == 9200  # a blended tariff pays every level
    assert cg.tariff("54B01", date(2026, 1, 1), level="HBO") == 7900
    assert cg.tariff("54B01", date(2026, 1, 1), level="WO+") == 13900
    with pytest.raises(UserError) as caught:
        cg.tariff("54B01", date(2026, 1, 1))
    assert caught.value.code == "CAT-TARIEF-NIVEAU"
    with pytest.raises(UserError) as missing:
        cg.tariff("54B01", date(2024, 12, 31))
    assert missing.value.code == "CAT-TARIEF-ONBEKEND"


def test_is_provider_contracted_for_product_in_municipality_on_date() -> None:
    cg = load_catalog("centraal-gelderland")
    day = date(2026, 3, 1)
    assert cg.is_contracted("99000011", "54B03", "0202", day)
    assert not cg.is_contracted("99000011", "45A76", "0202", day)  # product not in its contract
    assert cg.is_contracted("99000012", "54B01", "0289", day)  # Wageningen is in its contract
    assert not cg.is_contracted("99000012", "54B01", "0202", day)  # Arnhem is not
    assert not cg.is_contracted("99000011", "54B03", "0599", day)  # Rotterdam is not in the region
    assert not cg.is_contracted("99000011", "54B03", "0202", date(2028, 1, 1))  # contract ended
    assert not cg.is_contracted("99000091", "54B01", "0202", day)  # subcontractor, not main contractor
    contract = cg.on(day).subcontracting_for("99000091", "54B01", "0202")
    assert contract is not None and contract.id == "SDCG-2025-001"


def test_contract_tariff_overrides_catalogue_tariff() -> None:
    cg = load_catalog("centraal-gelderland")
    assert cg.on(date(2025, 5, 1)).contract_tariff("99000013", "45A48", "0202") == 8200
    assert cg.on(date(2025, 5, 1)).tariff("45A48") == 7800
    assert cg.on(date(2025, 5, 1)).contract_tariff("99000014", "45A01", "0202") == 4500
    assert cg.on(date(2025, 5, 1)).contract_tariff("99000014", "45A48", "0202") is None


def test_knip_lots_and_step_down_in_rijnmond() -> None:
    rm = load_catalog("rijnmond")
    assert rm.purchasing("41D01") == "regionaal"
    assert rm.purchasing("41D10") == "lokaal"
    assert rm.purchasing("45E01") == "regionaal" and rm.purchasing("45E11") == "lokaal"
    lot = rm.lot_for("45E14")
    assert lot is not None and lot[0].code == "E"
    assert [p.code for p in rm.on(date(2025, 3, 1)).lighter_alternatives("54C03")] == ["54C02"]
    assert rm.is_contracted("99100016", "45E10", "0622", date(2025, 3, 1))  # local contract, Vlaardingen
    assert not rm.is_contracted("99100016", "45E10", "0599", date(2025, 3, 1))  # not for Rotterdam


def test_referral_policy_product_overrides_region() -> None:
    cg = load_catalog("centraal-gelderland")
    assert cg.referral_policy("54B01").referral_term_months == 6
    assert cg.referral_policy("46A01").max_allocation_months == 1


def test_small_file_lookups(write_catalog: Writer) -> None:
    catalog = load_catalog(write_catalog())
    view = catalog.on(date(2025, 8, 1))
    assert view.tariff("54B01", "WO") == 12000
    assert view.contract_tariff("99000001", "54B01", "0202", "WO") == 9500
    assert [p.code for p in view.products_in("begeleiding")] == ["45A01"]
    assert [p.agb for p in view.providers] == ["99000001"]
    assert catalog.content_hash == __import__("hashlib").sha256(Path(catalog.path).read_bytes()).hexdigest()
