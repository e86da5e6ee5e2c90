"""The synthetic region: valid messages, labelled anomalies, determinism and calibration."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from zorgpad.catalog import load_catalog
from zorgpad.ijw.rules import run_level2  # noqa: F401  (registers the level-2 rules)
from zorgpad.ijw.validate import validate_path
from zorgpad.synth import calibration as cal
from zorgpad.synth import spool
from zorgpad.synth.anomalies import RULES, AnomalyRates
from zorgpad.synth.care_anomalies import CARE_RULES
from zorgpad.synth.context import Tally
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.identity import broken_bsn, bsn_from_index, is_valid_bsn
from zorgpad.synth.run import default_year, generate
from zorgpad.synth.xmlbase import esc

MALFORMED = {"XSD", "CS002", "TR358"}


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tally]:
    out = tmp_path_factory.mktemp("synth")
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    return out, generate(facts, out, 2025, seed=11, scale=0.02, rates=AnomalyRates.uniform(0.05))


def _truth(out: Path) -> list[dict[str, str]]:
    with (out / "truth.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_bsns_pass_the_11_proef_and_broken_ones_fail() -> None:
    numbers = {bsn_from_index(i) for i in range(5000)}
    assert len(numbers) == 5000
    assert all(is_valid_bsn(b) for b in numbers)
    assert not is_valid_bsn(broken_bsn(bsn_from_index(3)))


def test_truth_is_well_formed_and_every_file_exists(region: tuple[Path, Tally]) -> None:
    out, _ = region
    rows = _truth(out)
    assert rows
    for row in rows:
        assert set(row) == {"file", "key", "kind", "rule"}
        expected = (RULES[row["kind"]],) if row["kind"] in RULES else CARE_RULES[row["kind"]]
        assert row["rule"] in expected
        if row["kind"] != "lighter_never_delivered":
            assert (out / row["file"]).is_file(), row
        assert row["key"]


def test_every_kind_of_anomaly_is_present(region: tuple[Path, Tally]) -> None:
    out, _ = region
    kinds = {row["kind"] for row in _truth(out)}
    assert set(RULES) <= kinds
    assert kinds - set(RULES) <= set(CARE_RULES)  # those in starts, stops and requests: tests/control


@pytest.mark.slow
def test_messages_are_valid_unless_labelled_malformed(region: tuple[Path, Tally]) -> None:
    out, _ = region
    malformed = {row["file"]: row["rule"] for row in _truth(out) if row["rule"] in MALFORMED}
    files = sorted((out / "berichten").rglob("*.xml"))
    assert len(files) > 1000
    for file in files:
        result = validate_path(file)
        relative = file.relative_to(out).as_posix()
        if relative in malformed:
            assert malformed[relative] in {f.rule for f in result.findings}, relative
        else:
            assert result.valid, (relative, result.findings[:3])


def test_labelled_claim_keys_exist_in_their_file(region: tuple[Path, Tally]) -> None:
    out, _ = region
    for row in _truth(out):
        if row["file"].startswith("berichten/JW323") and row["rule"] not in MALFORMED:
            assert f">{row['key']}<" in (out / row["file"]).read_text(encoding="utf-8")


def test_group_sessions_share_staff_and_time(region: tuple[Path, Tally]) -> None:
    out, _ = region
    slots: dict[tuple[str, str, str, str], set[str]] = {}
    for file in (out / "sessies").glob("*.csv"):
        with file.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["aanbieder"], row["medewerker"], row["datum"], row["begintijd"])
                slots.setdefault(key, set()).add(row["bsn"])
    shared = [clients for clients in slots.values() if len(clients) > 1]
    groups = sum(1 for row in _truth(out) if row["kind"] == "group_as_individual")
    assert shared and groups == 4 * len(shared)


@pytest.mark.slow
def test_calibration_within_ten_percent(tmp_path: Path) -> None:
    # A larger region without the small message files: enough trajectories for stable shares (about
    # 3,000 ended in the year, so a band's share has a standard error below 0.7 percentage point).
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    tally = generate(facts, tmp_path, 2025, seed=2, scale=0.4, messages=False)
    clients = sum(tally.clients.values())
    trajectories = sum(tally.trajectories.values())
    youth = sum(tally.youth.values())
    assert cal.PREVALENCE_MIN <= clients / youth <= cal.PREVALENCE_MAX
    assert trajectories / clients == pytest.approx(cal.TRAJECTORIES_PER_CLIENT_TARGET, rel=0.10)
    assert (trajectories - tally.with_stay) / trajectories == pytest.approx(cal.WITHOUT_STAY_TARGET, rel=0.10)
    for code, _, share in cal.REFERRER_SHARES:
        observed = tally.referrers[code] / trajectories
        assert observed == pytest.approx(share, rel=0.10, abs=0.02), code
    ended = sum(tally.ended_bands.values())
    for label, _, _, share in cal.DURATION_BANDS:
        assert tally.ended_bands[label] / ended == pytest.approx(share, rel=0.10, abs=0.02), label


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@pytest.mark.slow
def test_same_seed_gives_identical_output(tmp_path: Path) -> None:
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((first, 5), (second, 5), (other, 6)):
        folder.mkdir()
        generate(facts, folder, 2025, seed=seed, scale=0.005, rates=AnomalyRates.uniform(0.05))
    assert _digest(first) == _digest(second)
    assert _digest(first) != _digest(other)


def test_default_year_has_every_message_in_the_past() -> None:
    assert default_year(date(2026, 11, 23)) == 2025
    assert default_year(date(2026, 2, 1)) == 2025
    # On 10 January the December declarations of last year (dated 5 January) may still be ahead.
    assert default_year(date(2026, 1, 10)) == 2024


def test_dagtekeningen_end_in_january_of_the_next_year(region: tuple[Path, Tally]) -> None:
    out, _ = region
    latest = max(
        match.group(1)
        for file in (out / "berichten").rglob("*.xml")
        for match in [re.search(r"<ijw:Dagtekening>([0-9-]+)<", file.read_text(encoding="utf-8"))]
        if match
    )
    assert "2025-01-01" < latest <= "2026-01-31"


def test_namespaces_are_declared_once_on_the_root(region: tuple[Path, Tally]) -> None:
    out, _ = region
    for file in sorted((out / "berichten" / "JW323").glob("*.xml"))[:50]:
        text = file.read_text(encoding="utf-8")
        assert text.count("xmlns:") == 2, file.name


@pytest.mark.slow
def test_crisis_allocations_are_never_renewed(tmp_path: Path) -> None:
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    one_off = {p.code for p in facts.products if not p.renewable}
    assert one_off == {"46A01", "46A02", "54D01"}  # crisis and diagnosis
    # Crisis care is rare (a trajectory within one short allocation): a larger region, claim path only.
    generate(facts, tmp_path, 2025, seed=2, scale=0.3, messages=False)
    with (tmp_path / "toegang" / "verwijzingen.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    crisis = [r for r in rows if r["productcode"] in one_off]
    assert crisis
    assert all(r["soort"] != "verlenging" for r in crisis)
    per_trajectory = Counter(r["traject"] for r in crisis)
    assert max(per_trajectory.values()) == 1


def test_allocations_per_week_and_in_total_are_written(region: tuple[Path, Tally]) -> None:
    out, tally = region
    assert tally.frequencies["2"] > 0 and tally.frequencies["4"] > 0 and tally.frequencies["6"] > 0
    found = set()
    for file in (out / "berichten" / "JW301").glob("*.xml"):
        found.update(re.findall(r"<ijw:Frequentie>(\d)<", file.read_text(encoding="utf-8")))
    assert found == {"2", "4", "6"}


def test_other_message_types_have_labelled_malformed_attempts(region: tuple[Path, Tally]) -> None:
    out, _ = region
    rows = [r for r in _truth(out) if r["rule"] in MALFORMED and not r["file"].startswith("berichten/JW323")]
    assert {r["rule"] for r in rows} == {"XSD", "CS002"}
    for row in rows:
        result = validate_path(out / row["file"])
        assert row["rule"] in {f.rule for f in result.findings}, row
        assert f"<ijw:Identificatie>{row['key']}<" in (out / row["file"]).read_text(encoding="utf-8")


def test_free_text_is_escaped() -> None:
    assert esc('A & B <c> "d"') == "A &amp; B &lt;c&gt; &quot;d&quot;"


@pytest.mark.slow
def test_spilled_declarations_are_identical_and_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Declarations spilled to disk (large scale) give the same bytes as those kept in memory."""
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    kept, spilled = tmp_path / "kept", tmp_path / "spilled"
    kept.mkdir()
    spilled.mkdir()
    rates = AnomalyRates.uniform(0.05)
    generate(facts, kept, 2025, seed=3, scale=0.01, rates=rates, messages=False)
    monkeypatch.setattr(spool, "FLUSH_AT", 3)
    generate(facts, spilled, 2025, seed=3, scale=0.01, rates=rates, messages=False)
    assert _digest(kept) == _digest(spilled)
    malformed = {row["file"]: row["rule"] for row in _truth(spilled) if row["rule"] in MALFORMED}
    assert malformed
    for file in sorted((spilled / "berichten" / "JW323").glob("*.xml")):
        result = validate_path(file)
        relative = file.relative_to(spilled).as_posix()
        if relative in malformed:
            assert malformed[relative] in {f.rule for f in result.findings}, relative
        else:
            assert result.valid, (relative, result.findings[:3])
