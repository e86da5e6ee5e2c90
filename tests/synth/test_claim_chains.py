"""One anomaly per claim chain, and the fast rendering paths against their plain definitions."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, timedelta
from pathlib import Path

from zorgpad.catalog import load_catalog
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.claims_xml import (
    BEGIN_END,
    DEBIT_CLOSE,
    END_VOLUME,
    PRESTATIE_OPEN,
    TARIFF_AMOUNT,
    clean_middle,
    prestatie,
    product_part,
    unit_part,
)
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate
from zorgpad.synth.sessions import HOURS_PER_DAY, Sessions

_PRESTATIE = re.compile(
    r"<ijw:ReferentieNummer>(\w+)</ijw:ReferentieNummer>"
    r"(?:<ijw:VorigReferentieNummer>\w+</ijw:VorigReferentieNummer>)?</jw323:ProductReferentie>"
    r"<jw323:ToewijzingNummer>(\d+)</jw323:ToewijzingNummer>.*?"
    r"<ijw:Begindatum>([\d-]+)</ijw:Begindatum><ijw:Einddatum>([\d-]+)</ijw:Einddatum>.*?"
    r"<ijw:DebetCredit>([DC])</ijw:DebetCredit></jw323:IngediendBedrag></jw323:Prestatie>"
)


def test_a_duplicates_original_is_a_clean_line(tmp_path: Path) -> None:
    """A duplicate_claim (9389) repeats a clean debet: never one labelled group_as_individual (ZP101) or
    otherwise, since the standard would then read the second debet as a correction (control's recall)."""
    facts = region_facts(load_catalog("centraal-gelderland"), 2025)
    # Many groups and many line anomalies, so that a collision would certainly show.
    rates = AnomalyRates(line=0.03, allocation=0.02, group=0.4, malformed=0.0)
    generate(facts, tmp_path, 2025, seed=7, scale=0.03, rates=rates, messages=False)
    with (tmp_path / "truth.csv").open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    labelled = {(row["file"], row["key"]) for row in truth}
    assert len(labelled) == len(truth), "one anomaly per claim line"
    # Lines per chain: provider and municipality (from the file name), allocation and period.
    chains: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
    for file in (tmp_path / "berichten" / "JW323").glob("*.xml"):
        name = file.relative_to(tmp_path).as_posix()
        provider, municipality = file.name.split("_")[:2]
        for ref, number, begin, end, dc in _PRESTATIE.findall(file.read_text(encoding="utf-8")):
            chains.setdefault((provider, municipality, number, begin, end), []).append((name, ref, dc))
    duplicates = [row for row in truth if row["kind"] == "duplicate_claim"]
    groups = [row for row in truth if row["kind"] == "group_as_individual"]
    assert len(duplicates) > 20 and len(groups) > 100
    for row in duplicates:
        chain = next(lines for lines in chains.values() if (row["file"], row["key"], "D") in lines)
        originals = [(name, ref) for name, ref, dc in chain if dc == "D" and ref != row["key"]]
        assert len(originals) == 1, (row, chain)
        assert originals[0] not in labelled, (row, originals[0])


def test_the_clean_line_pieces_render_as_the_template() -> None:
    part = product_part("45", "45A48")
    fast = (
        f"{PRESTATIE_OPEN}P0000000001{clean_middle('100001', part)}2025-03-01{BEGIN_END}2025-03-31"
        f"{END_VOLUME}9{unit_part('04')}11234{TARIFF_AMOUNT}101106{DEBIT_CLOSE}"
    )
    assert fast == prestatie(
        "P0000000001", "", "100001", part, "2025-03-01", "2025-03-31", 9, "04", "11234", 101106, "D"
    )


def _sessions_one_by_one(first: date, last: date, calls: list[tuple[str, date, date, int]]) -> str:
    """The schedule of sessions.py written the plain way: row by row, a new slot every `span` sessions."""
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    rows, slots = [], 0
    staff = hour = 0
    for spread, (bsn, begin, end, hours) in enumerate(calls, start=1):
        offset_days, span = (begin - first).days, (end - begin).days + 1
        for index in range(hours):
            if index % span == 0:
                staff, hour = divmod(slots, HOURS_PER_DAY)
                hour += 8
                slots += 1
            day = days[offset_days + (spread % span + index) % span]
            rows.append(f"99000011,0202-{staff:03d},{bsn},{day},{hour:02d}:00,60,individueel\n")
    return "".join(rows)


def test_sessions_follow_the_plain_schedule() -> None:
    rng = random.Random(4)
    first, last = date(2025, 2, 1), date(2025, 2, 28)
    for _ in range(200):
        calls = []
        for number in range(rng.randint(1, 30)):
            begin = first + timedelta(days=rng.randint(0, 27))
            end = begin + timedelta(days=rng.randint(0, (last - begin).days))
            calls.append((f"{number:09d}", begin, end, rng.randint(1, 70)))
        written = io.StringIO()
        sessions = Sessions(written, "99000011", "0202", first, last)
        for bsn, begin, end, hours in calls:
            sessions.write(bsn, begin.toordinal(), end.toordinal(), hours)
        assert written.getvalue() == _sessions_one_by_one(first, last, calls)
