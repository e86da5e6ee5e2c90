"""Every fast reader of a claim line gives exactly the typed model's values (issue 22, item 5).

A JW323 is read three ways for speed: the level-2 pass by element position (XSD-valid messages), the
level-2 pass by element name (any tree), and the store's extraction. The typed model is the reference;
these tests write generated messages with the one writer and require each reader to return the model's
values, line for line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ijw.gen.declaratie import declaratie, declaratie_antwoord
from store.store_tables import rows
from zorgpad.ijw.model import DeclaratieAntwoordbericht, Declaratiebericht
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.rules.claim_lines import ClaimLine, declaration
from zorgpad.ijw.writer import to_xml
from zorgpad.store import ingest


def _model_lines(message: Declaratiebericht | DeclaratieAntwoordbericht) -> list[dict[str, Any]]:
    body = message.declaratie if isinstance(message, Declaratiebericht) else message.declaratie_antwoord
    assert body is not None
    return [
        {
            "bsn": client.bsn,
            "referentie": p.product_referentie.referentie_nummer,
            "vorig": p.product_referentie.vorig_referentie_nummer,
            "toewijzing": str(p.toewijzing_nummer),
            "categorie": p.product_categorie,
            "code": p.product_code,
            "begin": p.product_periode.begindatum,
            "end": p.product_periode.einddatum,
            "volume": p.geleverd_volume,
            "eenheid": p.eenheid,
            "has_tarief": p.product_tarief is not None,
            "amount": p.ingediend_bedrag.bedrag,
            "debet_credit": p.ingediend_bedrag.debet_credit,
        }
        for client in body.clienten
        for p in client.prestaties
    ]


def _read(line: ClaimLine) -> dict[str, Any]:
    return {
        "bsn": line.bsn,
        "referentie": line.referentie,
        "vorig": line.vorig,
        "toewijzing": line.toewijzing,
        "categorie": line.categorie,
        "code": line.code,
        "begin": line.begin,
        "end": line.end,
        "volume": line.volume,
        "eenheid": line.eenheid,
        "has_tarief": line.has_tarief,
        "amount": line.amount,
        "debet_credit": line.debet_credit,
    }


def _level2_lines(xml: bytes, schema_valid: bool) -> list[dict[str, Any]]:
    context = RuleContext(parse_bytes(xml, "bericht.xml"), schema_valid=schema_valid)
    return [_read(line) for line in declaration(context).lines]


@pytest.mark.parametrize("schema_valid", [True, False], ids=["op-positie", "op-naam"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=st.one_of(declaratie(), declaratie_antwoord()))
def test_level2_readers_give_the_models_values(
    message: Declaratiebericht | DeclaratieAntwoordbericht, schema_valid: bool
) -> None:
    assert _level2_lines(to_xml(message), schema_valid) == _model_lines(message)


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "referentie": row["referentie_nummer"],
        "vorig": row["vorig_referentie_nummer"],
        "toewijzing": str(row["toewijzing_nummer"]),
        "categorie": row["product_categorie"],
        "code": row["product_code"],
        "begin": row["product_periode_begin"],
        "end": row["product_periode_eind"],
        "volume": row["geleverd_volume"],
        "eenheid": row["eenheid"],
        "has_tarief": row["product_tarief"] is not None,
        "amount": row["ingediend_bedrag"],
        "debet_credit": row["debet_credit"],
    }


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages=st.lists(declaratie(), min_size=5, max_size=5, unique_by=lambda m: to_xml(m)))
def test_store_extraction_gives_the_models_values(tmp_path: Path, messages: list[Declaratiebericht]) -> None:
    # The store keeps a message once per content, so the messages drawn differ.
    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    inbox = folder / "in"
    inbox.mkdir(parents=True)
    for number, message in enumerate(messages):
        (inbox / f"JW323_{number}.xml").write_bytes(to_xml(message))
    db = folder / "store.duckdb"
    ingest(inbox, db)
    stored = sorted(rows(db, "claim_lines"), key=lambda r: (r["message_id"], r["position"]))
    by_message: dict[str, list[dict[str, Any]]] = {}
    for row in stored:
        by_message.setdefault(row["message_id"], []).append(_stored(row))
    expected = sorted(
        ([{k: v for k, v in line.items() if k != "bsn"} for line in _model_lines(m)] for m in messages),
        key=repr,
    )
    assert sorted(by_message.values(), key=repr) == expected
    # The signed amount the controls add up is the model's amount with its sign.
    for row in stored:
        sign = -1 if row["debet_credit"] == "C" else 1
        assert row["signed_bedrag"] == sign * row["ingediend_bedrag"]
