"""Contracts made visible: `contract_lines` and `zorgpad catalog show NAME --contracten`."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.catalog import load_catalog
from zorgpad.catalog.contract_lines import contract_lines, missing_local_contracts

runner = CliRunner()


def test_a_contract_tariff_replaces_the_catalogue_tariff_on_the_day_asked() -> None:
    cat = load_catalog("centraal-gelderland@2026")
    (line,) = contract_lines(cat, date(2026, 3, 1), aanbieder="99000013", product="45A48")
    assert line.tariff is not None and line.tariff.blended == 8470 and line.tariff_from_contract
    (earlier,) = contract_lines(cat, date(2025, 3, 1), aanbieder="99000013", product="45A48")
    assert earlier.tariff is not None and earlier.tariff.blended == 8200


def test_staff_levels_lighter_products_and_subcontractors_are_on_the_line() -> None:
    cat = load_catalog("centraal-gelderland@2026")
    (line,) = contract_lines(cat, date(2026, 3, 1), aanbieder="99000011", product="54B01")
    assert line.staff_levels == ("HBO", "WO", "WO+")
    assert line.tariff is not None and line.tariff.by_level == {"HBO": 7900, "WO": 11700, "WO+": 13900}
    assert not line.tariff_from_contract
    assert line.must_deliver_lighter and [(x.code, x.contracted) for x in line.lighter] == [("45A01", False)]
    assert line.subcontractors == ("Praktijk De Linde (fictief)",)
    assert line.whole_region and len(line.municipalities) == len(cat.region.municipalities)


def test_a_municipality_filter_keeps_only_contracts_that_cover_it() -> None:
    cat = load_catalog("centraal-gelderland@2026")
    everywhere = contract_lines(cat, gemeente="0274")
    elsewhere = contract_lines(cat, gemeente="0202")
    assert any(line.agb == "99000012" for line in everywhere)
    assert not any(line.agb == "99000012" for line in elsewhere)
    assert all(line.covers("0202") for line in elsewhere)


def test_missing_local_contracts_names_municipality_and_product() -> None:
    cat = load_catalog("rijnmond")
    missing = missing_local_contracts(cat, {"45E13"}, date(2025, 6, 1))
    local = [line for line in contract_lines(cat, product="45E13") if not line.whole_region]
    covered = {code for line in local for code, _ in line.municipalities}
    assert {m for m, _, _ in missing} == cat.municipality_codes - covered
    assert missing and all(code == "45E13" for _, _, code in missing)


def test_cli_shows_contracts_per_provider_in_dutch() -> None:
    result = runner.invoke(
        app, ["catalog", "show", "centraal-gelderland@2026", "--contracten", "--on", "2026-03-01"],
        env={"COLUMNS": "240"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Opvoedhulp Betuwe (fictief) (AGB 99000013)" in result.output
    assert "mix € 84,70 (contracttarief)" in result.output
    assert "WO+ € 139,00" in result.output and "(catalogus)" in result.output
    assert "01-01-2025 t/m 31-12-2027" in result.output
    assert "gecontracteerde producten bij" in result.output


def test_cli_says_so_when_no_contract_is_valid() -> None:
    result = runner.invoke(app, ["catalog", "show", "rijnmond", "--contracten", "--on", "2040-01-01"])
    assert result.exit_code == 0 and "Geen contracten op 01-01-2040." in result.output
