"""Triage against allocation: the advice stored with the referral (`zorgpad triage --vastleggen`, then
`zorgpad ingest`) and the indicator advised vs requested vs allocated, on hand-made records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from insights.scenario_store import build_store
from zorgpad.app.cli import app
from zorgpad.catalog import load_catalog
from zorgpad.insights.registry import Filters, InsightContext, compute_indicator
from zorgpad.store import Store, ingest

PSYCHISCH_MIDDEN = ["-a", "acuut_onveilig=nee", "-a", "domein=psychisch", "-a", "leefgebieden=2"]


def _extra(**values: str) -> str:
    return json.dumps(values)


REFERRALS = [
    {"file_id": "f", "row_number": 1, "client_key": "c1", "gemeente": "0202", "referral_date": "2025-01-10",
     "products": ["54B02"], "extra": _extra(advies_producten="54B02", triage_uitkomst="psychisch-midden",
                                             complexiteit="midden", zorgbehoefte_domein="psychisch")},
    {"file_id": "f", "row_number": 2, "client_key": "c2", "gemeente": "0202", "referral_date": "2025-02-01",
     "products": ["54B03"], "extra": _extra(complexiteit="1", zorgbehoefte_domein="psychisch")},
    {"file_id": "f", "row_number": 3, "client_key": "c3", "gemeente": "0221", "referral_date": "2025-03-01",
     "products": ["54B01"], "aanbieder": "99000012",
     "extra": _extra(advies_producten="54B02", complexiteit="midden", zorgbehoefte_domein="psychisch")},
]  # fmt: skip
ALLOCATIONS = [
    {"message_id": "a1", "position": 0, "gemeente": "0202", "aanbieder": "99000011", "client_key": "c1",
     "toewijzing_nummer": 1, "product_code": "54B03", "ingangsdatum": "2025-02-01"},
    {"message_id": "a2", "position": 0, "gemeente": "0202", "aanbieder": "99000011", "client_key": "c2",
     "toewijzing_nummer": 2, "product_code": "54B01", "ingangsdatum": "2025-02-15"},
]  # fmt: skip


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InsightContext]:
    db = tmp_path_factory.mktemp("triage") / "t.duckdb"
    store: Store = build_store({"tables": {"referrals": REFERRALS, "allocations": ALLOCATIONS}}, db)
    yield InsightContext(store, load_catalog("centraal-gelderland"))
    store.close()


def test_advised_requested_and_allocated_per_municipality_and_provider(ctx: InsightContext) -> None:
    rows = compute_indicator(ctx, "advies-tegen-toewijzing").to_pylist()
    # c1: advice 54B02 (stored), asked 54B02 (conform), got 54B03 (hoog > midden: opgeschaald)
    # c2: advice derived from psychisch/laag = 54B01, asked 54B03 (opgeschaald), got 54B01 (conform)
    # c3: advice 54B02, asked 54B01 (laag < midden: afgeschaald), no allocation
    assert rows == [
        {"gemeente": "0202", "aanbieder": "99000011", "verwijzingen": 2, "advies_vastgelegd": 1,
         "aangevraagd_conform": 1, "aangevraagd_opgeschaald": 1, "aangevraagd_afgeschaald": 0,
         "aangevraagd_anders": 0, "toegewezen_conform": 1, "toegewezen_opgeschaald": 1,
         "toegewezen_afgeschaald": 0, "toegewezen_anders": 0, "zonder_toewijzing": 0,
         "aandeel_toegewezen_conform": 50.0},
        {"gemeente": "0221", "aanbieder": "99000012", "verwijzingen": 1, "advies_vastgelegd": 1,
         "aangevraagd_conform": 0, "aangevraagd_opgeschaald": 0, "aangevraagd_afgeschaald": 1,
         "aangevraagd_anders": 0, "toegewezen_conform": 0, "toegewezen_opgeschaald": 0,
         "toegewezen_afgeschaald": 0, "toegewezen_anders": 0, "zonder_toewijzing": 1,
         "aandeel_toegewezen_conform": None},
    ]  # fmt: skip
    narrowed = compute_indicator(ctx, "advies-tegen-toewijzing", Filters(gemeente="0221")).to_pylist()
    assert [r["gemeente"] for r in narrowed] == ["0221"]


def test_the_advice_is_stored_with_the_referral(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "toegang"
    folder.mkdir(parents=True)
    target = folder / "verwijzingen.csv"
    args = ["triage", "--catalog", "centraal-gelderland", *PSYCHISCH_MIDDEN, "--vastleggen", str(target),
            "--bsn", "111222333", "--gemeente", "0202", "--verwijsdatum", "2025-03-01",
            "--verwijzer-type", "02"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Advies psychisch-midden vastgelegd bij de verwijzing" in result.output
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "triage-record-tests-key-0123456789")
        ingest(tmp_path / "in", tmp_path / "t.duckdb")
    with Store.open(tmp_path / "t.duckdb", read_only=True) as store:
        (row,) = store.connection.execute("SELECT products, referral_date, extra FROM referrals").fetchall()
    assert row[0] == ["54B02"] and str(row[1]) == "2025-03-01"
    extra = json.loads(row[2])
    assert extra["triage_uitkomst"] == "psychisch-midden" and extra["advies_producten"] == "54B02"
    assert extra["complexiteit"] == "midden"


def test_recording_needs_the_client_and_a_matching_file(tmp_path: Path) -> None:
    from zorgpad.errors import UserError

    args = ["triage", "--catalog", "centraal-gelderland", *PSYCHISCH_MIDDEN, "--vastleggen",
            str(tmp_path / "v.csv")]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, UserError) and result.exception.code == "TRIAGE-VASTLEGGEN-CLIENT"
    other = tmp_path / "ander.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    args = ["triage", "--catalog", "centraal-gelderland", *PSYCHISCH_MIDDEN, "--vastleggen", str(other),
            "--bsn", "111222333", "--gemeente", "0202"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, UserError) and result.exception.code == "TRIAGE-VASTLEGGEN-KOP"
    assert other.read_text(encoding="utf-8") == "a,b\n1,2\n"  # nothing appended to a foreign file
