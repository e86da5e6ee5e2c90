"""Delivery records (sessies/*.csv) and referrals (toegang/*.csv) as the synthetic region writes them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from store.store_data import bsn
from store.store_tables import rows
from zorgpad.store import ingest
from zorgpad.store.csv_sources import REFERRAL_FIELDS, SESSION_FIELDS
from zorgpad.store.pseudonym import Pseudonymizer
from zorgpad.store.schema import REFERRALS, SESSIONS

from .conftest import TEST_KEY

KEY = Pseudonymizer(TEST_KEY.encode())


def test_core_fields_follow_the_table_columns() -> None:
    assert tuple(SESSION_FIELDS) == SESSIONS.column_names[2:-1]
    assert tuple(REFERRAL_FIELDS) == REFERRALS.column_names[2:-1]


def test_sessions_and_referrals(tmp_path: Path) -> None:
    (tmp_path / "sessies").mkdir()
    (tmp_path / "sessies" / "65656055.csv").write_text(
        "aanbieder,medewerker,bsn,datum,begintijd,minuten,setting\n"
        f"65656055,0384-001,{bsn(5)},2026-04-02,09:00,60,individueel\n"
        f"65656055,0384-002,{bsn(6)},2026-04-03,14:00,45,groep\n",
        encoding="utf-8",
    )
    (tmp_path / "toegang").mkdir()
    (tmp_path / "toegang" / "verwijzingen.csv").write_text(
        "traject,gemeente,bsn,aanbieder,toewijzingnummer,productcode,soort,verwijzer_type,verwijsdatum,"
        "geldig_tot,zorgbehoefte_domein,complexiteit,voorliggende_voorziening,ingangsdatum,einddatum\n"
        f"T1,0384,{bsn(5)},65656055,300201,45A03,instroom,01,2026-01-10,2026-12-31,gedrag,2,geen,"
        "2026-02-01,2026-07-31\n"
        f"T1,0384,{bsn(5)},65656055,300202,45A04,vervolg,01,,,gedrag,2,geen,2026-08-01,2026-12-31\n",
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    report = ingest(tmp_path, db)
    assert (report.counts["sessies"].new, report.counts["verwijzingen"].new) == (1, 1)
    assert report.invalid == 0

    sessions = sorted(rows(db, "sessions"), key=lambda r: r["row_number"])
    assert [s["client_key"] for s in sessions] == [KEY.key_of(bsn(5)), KEY.key_of(bsn(6))]
    first = sessions[0]
    assert (first["aanbieder"], first["staff_id"], first["setting"]) == (
        "65656055",
        "0384-001",
        "individueel",
    )
    assert (first["session_date"], first["start_time"], first["minutes"]) == (
        dt.date(2026, 4, 2),
        dt.time(9, 0),
        60,
    )

    referrals = sorted(rows(db, "referrals"), key=lambda r: r["row_number"])
    first, follow_up = referrals
    assert first["client_key"] == KEY.key_of(bsn(5))
    assert (first["gemeente"], first["referrer_type"], first["products"]) == ("0384", "01", ["45A03"])
    assert (first["referral_date"], first["term_end"]) == (dt.date(2026, 1, 10), dt.date(2026, 12, 31))
    assert (first["aanbieder"], first["toewijzing_nummer"]) == ("65656055", 300201)
    assert json.loads(first["extra"])["complexiteit"] == "2"
    assert json.loads(first["extra"])["einddatum"] == "2026-07-31"
    assert follow_up["referral_date"] is None and follow_up["term_end"] is None

    files = {f["kind"]: f for f in rows(db, "source_files")}
    assert files["referrals"]["row_count"] == 2 and files["sessions"]["finding_count"] == 0


def test_bad_values_become_findings_without_the_bsn(tmp_path: Path) -> None:
    (tmp_path / "sessies").mkdir()
    (tmp_path / "sessies" / "a.csv").write_text(
        "bsn,datum,minuten\n12345,2026-13-01,veel\n", encoding="utf-8"
    )
    (tmp_path / "toegang").mkdir()
    (tmp_path / "toegang" / "b.csv").write_text("naam,leeftijd\nx,3\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = ingest(tmp_path, db)
    assert report.invalid == 2
    findings = rows(db, "message_findings")
    assert {f["rule"] for f in findings} == {"CSV"}
    assert len([f for f in findings if "a.csv" in f["xpath"]]) == 3
    assert all("12345" not in f["message"] for f in findings)
    assert any("kopregel" in f["xpath"] for f in findings)
    (session,) = rows(db, "sessions")
    assert session["client_key"] is None and session["session_date"] is None and session["minutes"] is None
    assert rows(db, "referrals") == []
