"""`zorgpad synth` for every year a bundled catalogue covers, 2026 (tariffs per staff level) included."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.catalog import load_catalog
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate


def _lines(folder: Path) -> list[tuple[str, int, dt.date]]:
    """(ProductCode, ProductTarief, begin of the ProductPeriode) of every prestatie written without a
    labelled anomaly (truth.csv)."""
    with (folder / "truth.csv").open(encoding="utf-8") as handle:
        labelled = {row["key"] for row in csv.DictReader(handle)}
    found = []
    for path in sorted((folder / "berichten" / "JW323").glob("*.xml")):
        for prestatie in etree.parse(str(path)).iter("{*}Prestatie"):
            if prestatie.findtext(".//{*}ReferentieNummer") in labelled:
                continue
            code = prestatie.findtext(".//{*}ProductCode")
            tariff = prestatie.findtext(".//{*}ProductTarief")
            begin = prestatie.findtext(".//{*}ProductPeriode/{*}Begindatum")
            if code and tariff and begin:
                found.append((code, int(tariff), dt.date.fromisoformat(begin)))
    return found


@pytest.mark.parametrize("name", ["centraal-gelderland", "rijnmond"])
@pytest.mark.parametrize("year", [2025, 2026])
def test_synth_writes_a_year_for_both_regions(name: str, year: int, tmp_path: Path) -> None:
    facts = region_facts(load_catalog(name), year)
    generate(facts, tmp_path, year, seed=3, scale=0.004)
    lines = _lines(tmp_path)
    assert lines and all(begin.year == year for _, _, begin in lines)


def test_2026_claims_are_paid_at_a_staff_level_tariff(tmp_path: Path) -> None:
    catalog = load_catalog("centraal-gelderland")
    generate(region_facts(catalog, 2026), tmp_path, 2026, seed=3, scale=0.004)
    checked = 0
    for code, tariff, begin in _lines(tmp_path):
        entry = catalog.on(begin).tariff_entry(code)
        if entry is None or entry.blended is not None or not entry.by_level:
            continue
        contract_amounts = {
            amount
            for contract in catalog.data.contracts
            for cp in contract.products
            if cp.code == code
            for t in cp.tariffs
            if t.covers(begin)
            for amount in (*t.by_level.values(), *([t.blended] if t.blended is not None else []))
        }
        per_minute = {round(a / 60) for a in entry.by_level.values()}
        assert tariff in {*entry.by_level.values(), *contract_amounts, *per_minute}, (code, tariff)
        checked += 1
    assert checked > 0
