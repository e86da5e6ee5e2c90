"""Access-team and delivery-record CSV codes are checked against their lists at ingest (issue 17, item 3).

An invalid code is left empty with a `CSV` finding; the row itself is kept, never dropped.
"""

from __future__ import annotations

from pathlib import Path

from store.store_data import bsn
from store.store_tables import rows
from zorgpad.store import ingest


def test_invalid_codes_are_findings_and_rows_are_kept(tmp_path: Path) -> None:
    (tmp_path / "sessies").mkdir()
    (tmp_path / "sessies" / "65656055.csv").write_text(
        "aanbieder,medewerker,bsn,datum,begintijd,minuten,setting,productcode\n"
        f'"=HYPERLINK(""//x"")",0384-001,{bsn(5)},2026-04-02,09:00,60,individueel,45A03\n'
        f"65656055,0384-002,{bsn(6)},2026-04-03,14:00,45,groep,=1+1\n",
        encoding="utf-8",
    )
    (tmp_path / "toegang").mkdir()
    (tmp_path / "toegang" / "verwijzingen.csv").write_text(
        "gemeente,bsn,aanbieder,toewijzingnummer,productcode,verwijzer_type,verwijsdatum\n"
        f"=1+1,{bsn(5)},65656055,300201,45A03,01,2026-01-10\n"
        f"0384,{bsn(5)},65656055,300202,45A04 @SUM(1),@SUM(A1),2026-01-10\n"
        f"0384,{bsn(6)},65656055,300203,45A04,99,2026-01-10\n",
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    ingest(tmp_path, db)

    sessions = sorted(rows(db, "sessions"), key=lambda r: r["row_number"])
    assert [(s["aanbieder"], s["product_code"]) for s in sessions] == [(None, "45A03"), ("65656055", None)]
    referrals = sorted(rows(db, "referrals"), key=lambda r: r["row_number"])
    assert [(r["gemeente"], r["referrer_type"], r["products"]) for r in referrals] == [
        (None, "01", ["45A03"]),
        ("0384", None, ["45A04"]),
        ("0384", None, ["45A04"]),
    ]
    findings = [f for f in rows(db, "message_findings") if f["rule"] == "CSV"]
    where = sorted(f["xpath"].rsplit(": ", 1)[1] for f in findings)
    assert where == [
        "regel 2, kolom aanbieder",
        "regel 2, kolom gemeente",
        "regel 3, kolom productcode",
        "regel 3, kolom productcode",
        "regel 3, kolom verwijzer_type",
        "regel 4, kolom verwijzer_type",
    ]
    messages = " ".join(f["message"] for f in findings)
    assert "AGB-code" in messages and "COD327" in messages and "gemeentecode" in messages


def test_staff_level_and_setting_are_checked_against_the_specifications_choices(tmp_path: Path) -> None:
    (tmp_path / "sessies").mkdir()
    (tmp_path / "sessies" / "65656055.csv").write_text(
        "aanbieder,medewerker,opleidingsniveau,bsn,datum,begintijd,minuten,setting,productcode\n"
        f"65656055,0384-001,hbo,{bsn(5)},2026-04-02,09:00,60,Groep,45A03\n"
        f"65656055,0384-002,=1+1,{bsn(6)},2026-04-03,14:00,45,praktijk,45A03\n",
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    ingest(tmp_path, db)

    sessions = sorted(rows(db, "sessions"), key=lambda r: r["row_number"])
    # Valid choices are kept in the specification's spelling; invalid ones left empty, rows kept.
    assert [(s["staff_level"], s["setting"]) for s in sessions] == [("HBO", "groep"), (None, None)]
    texts = [f["message"] for f in rows(db, "message_findings") if f["rule"] == "CSV"]
    assert any("geen opleidingsniveau (MBO, HBO, WO, WO+)" in t for t in texts)
    assert any("'praktijk' is geen setting (individueel of groep)" in t for t in texts)


def test_a_municipality_code_cbs_does_not_know_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "toegang").mkdir()
    (tmp_path / "toegang" / "verwijzingen.csv").write_text(
        "gemeente,bsn,verwijzer_type,verwijsdatum\n"
        f"0202,{bsn(5)},01,2026-01-10\n"
        f"9999,{bsn(6)},01,2026-01-10\n",
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    ingest(tmp_path, db)

    referrals = sorted(rows(db, "referrals"), key=lambda r: r["row_number"])
    assert [r["gemeente"] for r in referrals] == ["0202", None]  # Arnhem is known; the row is kept
    texts = [f["message"] for f in rows(db, "message_findings") if f["rule"] == "CSV"]
    assert any("'9999' is geen gemeentecode van CBS" in t for t in texts)
