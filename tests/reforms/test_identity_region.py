"""Done-when: on a synthetic region, the identity reform reproduces what claim control granted, to the
cent, per municipality (the TotaalToegekendBedrag of every JW325, summed per municipality)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import etree

from zorgpad.catalog import load_catalog
from zorgpad.control.policy import policy_from_catalog
from zorgpad.control.run import answers, check
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.reform import parse_spec
from zorgpad.scenarios.summary import totals
from zorgpad.store import Store
from zorgpad.store.schema import TABLES

from .conftest import CATALOG


def _sender(root: etree._Element) -> str:
    return next(
        str(e.text) for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "Afzender"
    )


@pytest.mark.slow
def test_identity_reproduces_granted_totals_per_municipality(region_db: Path) -> None:
    catalog = load_catalog(CATALOG)
    with Store.open(region_db, read_only=True) as store:
        tables = {name: store.table(name) for name in TABLES}
        result = check(store.backend, tables, policy_from_catalog(catalog))
        granted: dict[str, int] = defaultdict(int)
        for answer in answers(tables, result, dt.date(2026, 1, 15)):
            granted[_sender(answer.root)] += answer.granted
        assert result.verdicts.line_codes, "the synthetic region should have rejected lines"
        scenario = Scenario.prepare(store.connection, catalog.data, result.verdicts)
        replayed = scenario.run((parse_spec("identiek"),))
    per_municipality = {t.key: t.scenario_cents for t in totals(replayed.lines, "gemeente")}
    baseline = {t.key: t.baseline_cents for t in totals(replayed.lines, "gemeente")}
    expected = {code: cents for code, cents in granted.items() if cents or code in per_municipality}
    assert per_municipality == expected
    assert baseline == expected
    assert all(row == "ongewijzigd" for row in replayed.lines["reason"].to_pylist())
