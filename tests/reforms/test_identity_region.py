"""Done-when: on a synthetic region, the identity reform reproduces what claim control granted, to the
cent, per municipality (the TotaalToegekendBedrag of every JW325, summed per municipality)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.catalog.bundled import load_versions
from zorgpad.control.policy import policy_from_catalogs
from zorgpad.control.run import answers, check
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.reform import parse_spec
from zorgpad.scenarios.summary import totals
from zorgpad.store import Store, ingest
from zorgpad.store.schema import TABLES
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

from .conftest import CATALOG


def _sender(root: etree._Element) -> str:
    return next(
        str(e.text) for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "Afzender"
    )


@pytest.fixture(scope="module")
def rijnmond_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Rijnmond region-year: its local lot D is bought by Rotterdam and Schiedam at different tariffs."""
    out = tmp_path_factory.mktemp("rijnmond")
    facts = region_facts(load_versions("rijnmond"), 2025)
    generate(facts, out / "synth", 2025, seed=7, scale=0.02, rates=AnomalyRates.uniform(0.05))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "reform-tests-pseudonym-key-0123456789")
        ingest(out / "synth", out / "regio.duckdb")
    return out / "regio.duckdb"


@pytest.mark.slow
def test_identity_reproduces_granted_totals_per_municipality(region_db: Path) -> None:
    replayed, baseline, granted = _identity_per_municipality(region_db, CATALOG)
    assert replayed == baseline == granted and sum(granted.values()) > 0


@pytest.mark.slow
def test_identity_per_municipality_with_municipal_contract_tariffs(rijnmond_db: Path) -> None:
    """Rijnmond, all versions, through the one priced catalogue: to the cent per municipality, and the
    local lot's lines in Rotterdam and Schiedam were granted at their own municipality's tariff."""
    replayed, baseline, granted = _identity_per_municipality(rijnmond_db, "rijnmond")
    assert replayed == baseline == granted and sum(granted.values()) > 0
    with Store.open(rijnmond_db, read_only=True) as store:
        found = store.connection.execute(
            "SELECT gemeente, list(DISTINCT product_tarief ORDER BY product_tarief) FROM claim_lines "
            "WHERE aanbieder = '99100015' AND product_code = '41D10' GROUP BY gemeente ORDER BY gemeente"
        ).fetchall()
    tariffs = dict(found)
    assert {"0599", "0606"} <= set(tariffs), "both municipalities should buy the local lot"
    assert 4900 in tariffs["0599"] and 4500 in tariffs["0606"]


def _identity_per_municipality(db: Path, address: str) -> tuple[dict[str, int], ...]:
    """Per municipality: what the identity scenario pays, its baseline, and what the JW325s granted."""
    versions = load_versions(address)
    with Store.open(db, read_only=True) as store:
        tables = {name: store.table(name) for name in TABLES}
        result = check(store.backend, tables, policy_from_catalogs(versions))
        granted: dict[str, int] = defaultdict(int)
        for answer in answers(tables, result, dt.date(2026, 1, 15)):
            granted[_sender(answer.root)] += answer.granted
        assert result.verdicts.line_codes, "the synthetic region should have rejected lines"
        scenario = Scenario.prepare(store.connection, [v.data for v in versions], result.verdicts)
        replayed = scenario.run((parse_spec("identiek"),))
    per_municipality = {t.key: t.scenario_cents for t in totals(replayed.lines, "gemeente")}
    baseline = {t.key: t.baseline_cents for t in totals(replayed.lines, "gemeente")}
    expected = {code: cents for code, cents in granted.items() if cents or code in per_municipality}
    assert all(row == "ongewijzigd" for row in replayed.lines["reason"].to_pylist())
    return per_municipality, baseline, expected
