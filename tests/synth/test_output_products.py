"""Outputgericht products (eenheid 82): one result per month, or one per allocation at its end."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from zorgpad.catalog import load_catalog
from zorgpad.ijw.rules import run_level2  # noqa: F401  (registers the level-2 rules)
from zorgpad.ijw.validate import validate_path
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

_LINE = re.compile(
    r"<jw323:ToewijzingNummer>(\d+)</jw323:ToewijzingNummer><jw323:ProductCategorie>\w+"
    r"</jw323:ProductCategorie><jw323:ProductCode>(\w+)</jw323:ProductCode><jw323:ProductPeriode>"
    r"<ijw:Begindatum>([\d-]+)</ijw:Begindatum><ijw:Einddatum>([\d-]+)</ijw:Einddatum></jw323:ProductPeriode>"
    r"<jw323:GeleverdVolume>(\d+)</jw323:GeleverdVolume><jw323:Eenheid>82</jw323:Eenheid>"
)


@pytest.mark.slow
@pytest.mark.parametrize("catalog", ["centraal-gelderland", "rijnmond"])
def test_output_products_declare_one_result(tmp_path: Path, catalog: str) -> None:
    facts = region_facts(load_catalog(catalog), 2025)
    output = {p.code: p for p in facts.products if p.unit == "82"}
    assert output, "the bundled catalogue has outputgericht products per output"
    generate(facts, tmp_path, 2025, seed=2, scale=0.1, rates=AnomalyRates.uniform(0.0))
    with (tmp_path / "toegang" / "verwijzingen.csv").open(encoding="utf-8") as handle:
        allocations = {
            (r["gemeente"], r["toewijzingnummer"]): r
            for r in csv.DictReader(handle)
            if r["productcode"] in output
        }
    lines: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    files = []
    for file in sorted((tmp_path / "berichten" / "JW323").glob("*.xml")):
        municipality = file.name.split("_")[1]
        found = _LINE.findall(file.read_text(encoding="utf-8"))
        if found:
            files.append(file)
        for number, code, begin, end, volume in found:
            assert code in output
            lines.setdefault((municipality, number), []).append((begin, end, volume))
    assert lines and files
    for key, claimed in lines.items():
        allocation = allocations[key]
        product = output[allocation["productcode"]]
        assert all(volume == "1" for _, _, volume in claimed), claimed
        if product.frequency == "6":  # one result, declared in the allocation's last month
            assert claimed == [(claimed[0][0], allocation["einddatum"], "1")]
            assert claimed[0][0][:7] == allocation["einddatum"][:7]
        else:  # one result per month
            assert len({begin[:7] for begin, _, _ in claimed}) == len(claimed)
    for key, allocation in allocations.items():
        if (
            output[allocation["productcode"]].frequency == "6"
            and "2025-01-01" <= allocation["einddatum"] <= "2025-12-31"
        ):
            assert key in lines, allocation
    for file in files[:40]:
        result = validate_path(file)
        assert result.valid, (file.name, result.findings[:3])
    allocated = [
        f
        for f in (tmp_path / "berichten" / "JW301").glob("*.xml")
        if "<ijw:Eenheid>82<" in f.read_text(encoding="utf-8")
    ]
    assert allocated
    for file in allocated[:40]:
        assert validate_path(file).valid, file.name
