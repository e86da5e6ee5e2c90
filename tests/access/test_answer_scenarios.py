"""The answer scenarios (tests/access_scenarios/answer_*.yaml): every proposed answer as expected,
and every JW301 and JW319 written passes the XSD and every level-2 rule."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from zorgpad.access.answer import propose
from zorgpad.access.compose import read_addresses
from zorgpad.catalog import load_catalog
from zorgpad.ijw.model import Antwoordbericht, Toewijzing, from_document
from zorgpad.ijw.reader import parse_file
from zorgpad.ijw.validate import validate_path
from zorgpad.store import Store

from .builder import bsn_for, build_store
from .scenarios import load

CASES = load("answer_")


@pytest.mark.parametrize(("settings", "case"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_answer_scenario(settings: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    db = build_store(case["given"], tmp_path)
    out = tmp_path / "out"
    day = dt.date.fromisoformat(str(settings["op"]))
    with Store.open(db, read_only=True) as store:
        addresses = read_addresses(tmp_path / "adressen.csv")
        moment = dt.datetime.combine(day, dt.time(10))
        proposals = propose(store, load_catalog(settings["catalog"]), out, day, moment, addresses)
    by_ref = {p.request.referentie_aanbieder: p for p in proposals}
    assert sorted(by_ref) == sorted(e["ref"] for e in case["expect"])
    for expected in case["expect"]:
        p = by_ref[expected["ref"]]
        assert p.verdict == expected["besluit"], p.text
        assert sorted({r.code for r in p.decision.reasons}) == sorted(expected["codes"])
        if "termijn" in expected:
            assert p.deadline.due == expected["termijn"]
        if p.verdict in ("toewijzen", "afwijzen", "onderzoek"):
            assert validate_path(p.file).findings == ()
            message = from_document(parse_file(p.file))
            _check_message(message, p.request.referentie_aanbieder, expected, case)
    with (out / "antwoorden.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["referentie_aanbieder"] for r in rows] == [p.request.referentie_aanbieder for p in proposals]
    text = (out / "antwoorden.csv").read_text(encoding="utf-8")
    assert all(bsn_for(r.get("client", "A")) not in text for r in case["given"].get("requests", []))


def _check_message(message: object, ref: str, expected: dict[str, Any], case: dict[str, Any]) -> None:
    if expected["besluit"] == "toewijzen":
        assert isinstance(message, Toewijzing)
        products = message.client.toegewezen_producten
        mine = [p for p in products if p.referentie_aanbieder == ref]
        assert mine and all(p.toewijzingsdatum for p in mine)
        if "einddatum" in expected:
            assert mine[-1].einddatum == expected["einddatum"]
        others = sorted(p.toewijzing_nummer for p in products if p.referentie_aanbieder != ref)
        assert others == sorted(expected.get("huidige_toewijzingen", []))
    else:
        assert isinstance(message, Antwoordbericht)
        assert message.antwoord.referentie_aanbieder == ref
        assert message.antwoord.verzoek_antwoord == ("1" if expected["besluit"] == "afwijzen" else "2")
        assert message.antwoord.reden_afwijzing_verzoek == expected.get("reden_afwijzing")
        woonplaats = message.antwoord.woonplaatsbeginsel
        assert (woonplaats.gemeente if woonplaats else None) == expected.get("woonplaats")
