"""Requests of the last days of the year stay open: the access team's worklist finds exactly them."""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from zorgpad.access.records import open_requests
from zorgpad.catalog import load_catalog
from zorgpad.store import Store, ingest
from zorgpad.synth import calibration as cal
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.context import Tally
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

_REF = re.compile(r"<jw3\d\d:ReferentieAanbieder>(\w+)</jw3\d\d:ReferentieAanbieder>")
_DAGTEKENING = re.compile(r"<ijw:Dagtekening>([\d-]+)</ijw:Dagtekening>")
_BSN = re.compile(r"<jw315:Bsn>(\d+)</jw315:Bsn>")
_CODE = re.compile(r"<ijw:Code>(\w+)</ijw:Code>")


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tally]:
    out = tmp_path_factory.mktemp("open")
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    return out, generate(facts, out, 2025, seed=6, scale=0.02, rates=AnomalyRates.uniform(0.05))


def _unanswered(out: Path) -> dict[tuple[str, str], str]:
    """(aanbieder, ReferentieAanbieder) of every valid JW315 without a JW301 or JW319 -> its text."""
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        malformed = {row["file"] for row in csv.DictReader(handle) if row["rule"] in ("XSD", "CS002")}
    requests, answered = {}, set()
    for code in ("JW315", "JW301", "JW319"):
        for file in (out / "berichten" / code).glob("*.xml"):
            if f"berichten/{code}/{file.name}" in malformed:
                continue
            sender, receiver = file.name.split("_")[:2]
            provider = sender if code == "JW315" else receiver
            text = file.read_text(encoding="utf-8")
            for ref in _REF.findall(text):
                if code == "JW315":
                    requests[(provider, ref)] = text
                else:
                    answered.add((provider, ref))
    return {key: text for key, text in requests.items() if key not in answered}


def test_requests_of_the_last_days_stay_open(region: tuple[Path, Tally]) -> None:
    out, tally = region
    unanswered = _unanswered(out)
    assert tally.open_requests > 0
    assert len(unanswered) == tally.open_requests
    last_days = {(date(2025, 12, 31) - timedelta(days=n)).isoformat() for n in range(cal.OPEN_REQUEST_DAYS)}
    with (out / "toegang" / "verwijzingen.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    pending = {(r["aanbieder"], r["bsn"], r["productcode"]) for r in records if not r["toewijzingnummer"]}
    assert len(pending) == tally.open_requests
    claimed: set[tuple[str, str, str]] = set()
    for file in (out / "berichten" / "JW323").glob("*.xml"):
        provider = file.name.split("_")[0]
        for bsn, body in re.findall(
            r"<jw323:Bsn>(\d+)</jw323:Bsn>(.*?)</jw323:Client>", file.read_text(encoding="utf-8")
        ):
            claimed.update((provider, bsn, code) for code in re.findall(r"<jw323:ProductCode>(\w+)<", body))
    for (provider, _), text in unanswered.items():
        assert _DAGTEKENING.findall(text)[0] in last_days
        key = (provider, _BSN.findall(text)[0], _CODE.findall(text)[0])
        assert key in pending  # the access team's referral record, without a ToewijzingNummer yet
        assert key not in claimed  # no care under it yet, so nothing for control to find


@pytest.mark.slow
def test_the_worklist_finds_the_open_requests(
    region: tuple[Path, Tally], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, tally = region
    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", "synth-tests-pseudonym-key-0123456789")
    db = tmp_path / "store.duckdb"
    ingest(out, db)
    with Store.open(db, read_only=True) as store:
        found = open_requests(store.connection)
    assert sorted((r.aanbieder, r.referentie_aanbieder) for r in found) == sorted(_unanswered(out))
    assert len(found) == tally.open_requests
