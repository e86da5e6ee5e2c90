"""Every message type of the vendored examples lands in its table with the right values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from store.store_data import copy_examples
from store.store_tables import rows
from zorgpad.store import ingest
from zorgpad.store.pseudonym import Pseudonymizer

from .conftest import TEST_KEY

CLIENT_1 = Pseudonymizer(TEST_KEY.encode()).key_of("999900006")
CLIENT_2 = Pseudonymizer(TEST_KEY.encode()).key_of("999900018")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("ZORGPAD_PSEUDONYM_KEY", TEST_KEY)
    root = tmp_path_factory.mktemp("examples")
    copy_examples(root / "berichten", fixed=True)
    database = root / "store.duckdb"
    report = ingest(root / "berichten", database)
    mp.undo()
    assert report.invalid == 0, report
    return database


def by(records: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {r[key]: r for r in records}


def test_messages_row_per_file_with_header(db: Path) -> None:
    messages = by(rows(db, "messages"), "message_type")
    assert sorted(messages) == [f"JW3{n:02d}" for n in (1, 2, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20, 23, 25)]
    jw323 = messages["JW323"]
    assert (jw323["sender"], jw323["receiver"]) == ("65656055", "0384")
    assert (jw323["gemeente"], jw323["aanbieder"]) == ("0384", "65656055")
    assert jw323["identificatie"] == "765432198"
    assert jw323["dagtekening"] == dt.date(2026, 5, 6)
    assert jw323["bericht_xsd_versie"] == "1.0.0"
    assert jw323["valid"] is True and jw323["finding_count"] == 0
    assert len(jw323["message_id"]) == 64
    # A retour keeps the heen header: a JW302's Afzender is the municipality.
    assert (messages["JW302"]["gemeente"], messages["JW302"]["aanbieder"]) == ("0384", "42420001")
    assert messages["JW302"]["identificatie_retour"] == "9452b7eb-c87"
    assert messages["JW325"]["identificatie_retour"] == "765432198"


def test_allocations(db: Path) -> None:
    allocations = by(rows(db, "allocations"), "toewijzing_nummer")
    first = allocations[300201]
    assert first["client_key"] == CLIENT_1
    assert (first["gemeente"], first["aanbieder"]) == ("0384", "42420001")
    assert (first["product_categorie"], first["product_code"]) == ("55", "55A11")
    assert first["referentie_aanbieder"] == "40A12341234"
    assert first["toewijzingsdatum"] == dt.date(2026, 4, 1)
    assert first["toewijzingstijd"] == dt.time(12, 34, 56)
    assert (first["ingangsdatum"], first["einddatum"]) == (dt.date(2026, 4, 1), dt.date(2026, 7, 14))
    assert (first["volume"], first["eenheid"], first["frequentie"]) == (2, "04", "2")
    assert first["budget"] is None and first["reden_wijziging"] is None
    assert allocations[300202]["position"] == 1 and allocations[300202]["eenheid"] == "16"


def test_allocation_requests_with_referrer(db: Path) -> None:
    requests = sorted(rows(db, "allocation_requests"), key=lambda r: r["position"])
    assert len(requests) == 2
    first, second = requests
    assert first["beschikking_nummer"] == 123
    assert first["beschikking_ingangsdatum"] == dt.date(2026, 3, 15)
    assert first["toewijzing_einddatum"] == dt.date(2027, 6, 30)
    assert (first["verwijzer_type"], first["verwijzer_naam"]) == ("01", "huisarts")
    assert (second["verwijzer_type"], second["verwijzer_zorgverlener_code"]) == ("02", "12345678")
    assert (first["volume"], first["eenheid"], first["frequentie"]) == (2, "16", "4")
    assert first["raamcontract"] == "1"


def test_change_requests_kinds(db: Path) -> None:
    changes = sorted(rows(db, "change_requests"), key=lambda r: r["position"])
    assert [c["kind"] for c in changes] == ["ongewijzigd", "nieuw"]
    assert changes[0]["toewijzing_nummer"] == 10071
    new = changes[1]
    assert (new["product_code"], new["gewenste_ingangsdatum"]) == ("45A03", dt.date(2026, 11, 1))
    assert new["referentie_aanbieder"] == "9003" and new["reden_verzoek"] == "1"
    assert new["client_key"] == CLIENT_1


def test_request_answer(db: Path) -> None:
    (answer,) = rows(db, "request_answers")
    assert answer["referentie_aanbieder"] == "9003"
    assert (answer["verzoek_antwoord"], answer["reden_afwijzing_verzoek"]) == ("1", "8")
    assert answer["woonplaatsbeginsel_gemeente"] == "1916"


def test_starts_and_stops(db: Path) -> None:
    starts = by(rows(db, "starts"), "toewijzing_nummer")
    assert starts[300202]["begindatum"] == dt.date(2026, 4, 15)
    assert starts[300201]["status_aanlevering"] == "1"
    stops = by(rows(db, "stops"), "toewijzing_nummer")
    assert stops[300201]["reden_beeindiging"] == "31"
    assert stops[300201]["einddatum"] == dt.date(2026, 7, 17)


def test_declaration_and_claim_lines(db: Path) -> None:
    (declaration,) = rows(db, "declarations")
    assert declaration["declaratie_nummer"] == "DN001"
    assert declaration["totaal_ingediend_bedrag"] == 79000
    assert declaration["totaal_debet_credit"] == "D"
    assert declaration["line_count"] == 5
    lines = sorted(rows(db, "claim_lines"), key=lambda r: r["position"])
    assert [line["referentie_nummer"] for line in lines] == ["RN001", "RN002", "RN003", "RN004", "RN005"]
    assert sum(line["signed_bedrag"] for line in lines) == 79000
    last = lines[-1]
    assert last["client_key"] == CLIENT_2
    assert (last["toewijzing_nummer"], last["product_code"], last["eenheid"]) == (10073, "45A04", "04")
    assert (last["product_periode_begin"], last["product_periode_eind"]) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
    )
    assert (last["geleverd_volume"], last["product_tarief"], last["ingediend_bedrag"]) == (14, 1500, 21000)
    assert last["declaratie_periode_begin"] == dt.date(2026, 4, 1)
    assert last["declaratie_dagtekening"] == dt.date(2026, 5, 6)
    assert (last["gemeente"], last["aanbieder"]) == ("0384", "65656055")


def test_claim_answers(db: Path) -> None:
    (answer,) = rows(db, "declaration_answers")
    assert answer["declaratie_identificatie"] == "765432198"
    assert (answer["totaal_ingediend_bedrag"], answer["totaal_toegekend_bedrag"]) == (58000, 34000)
    assert answer["header_retourcodes"] == ["0200"] and answer["antwoord_retourcodes"] == ["0200"]
    lines = by(rows(db, "claim_answers"), "referentie_nummer")
    assert lines["RN002"]["retourcodes"] == ["9339", "9340", "9341"]
    assert lines["RN002"]["signed_bedrag"] == -14000
    assert lines["RN002"]["vorig_referentie_nummer"] == "RT002"
    assert lines["RN003"]["retourcodes"] == ["9307"] and lines["RN003"]["client_key"] == CLIENT_2
    assert lines["RN001"]["client_retourcodes"] == ["0200"]


def test_retour_codes_per_class(db: Path) -> None:
    retours = rows(db, "retours")
    codes = {
        (r["message_type"], r["class_name"], r["class_position"], r["class_key"], r["retourcode"])
        for r in retours
    }
    assert ("JW302", "Header", 0, None, "8848") in codes
    assert ("JW316", "AangevraagdProduct", 0, "42420001", "9347") in codes
    assert ("JW318", "OngewijzigdProduct", 0, "10071", "9350") in codes
    assert ("JW318", "Verzoek", 0, "9003", "9349") in codes
    assert ("JW320", "Antwoord", 0, "9003", "9360") in codes
    assert ("JW325", "Prestatie", 1, "RN002", "9340") in codes
    # The JW308 example (a header-only retour without codes) has none.
    assert {r["message_type"] for r in retours} == {"JW302", "JW306", "JW316", "JW318", "JW320", "JW325"}


def test_clients_clear_maps_keys_to_bsn(db: Path) -> None:
    clients = {r["client_key"]: r["bsn"] for r in rows(db, "clients_clear")}
    assert clients == {CLIENT_1: "999900006", CLIENT_2: "999900018"}
