"""A small synthetic region-year in a store, shared by the slow tests of this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgpad.catalog import load_catalog
from zorgpad.store import ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

CATALOG = "centraal-gelderland@2025"


@pytest.fixture(scope="session")
def region_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("regio")
    facts = region_facts(load_catalog(CATALOG), 2025)
    generate(facts, out / "synth", 2025, seed=5, scale=0.005, rates=AnomalyRates.uniform(0.05))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "reform-tests-pseudonym-key-0123456789")
        ingest(out / "synth", out / "regio.duckdb")
    return out / "regio.duckdb"
