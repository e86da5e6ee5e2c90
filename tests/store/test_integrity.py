"""Idempotency, pseudonymisation and keeping invalid input: the store's promises."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from store.store_data import bsn, copy_example, copy_examples, declaration
from store.store_tables import rows, snapshot
from zorgpad.errors import UserError
from zorgpad.store import ANALYTIC_TABLES, TABLES, Store, ingest
from zorgpad.store.pseudonym import KEY_ENV, key_file_for


def _region(root: Path) -> Path:
    copy_examples(root / "berichten", fixed=False)
    (root / "berichten" / "JW323").mkdir()
    for n in range(3):
        (root / "berichten" / "JW323" / f"d{n}.xml").write_bytes(
            declaration(f"9000{n}", 4, 5, first_bsn=n * 4)
        )
    (root / "sessies").mkdir()
    (root / "sessies" / "65656055.csv").write_text(
        f"aanbieder,medewerker,bsn,datum,starttijd,minuten,setting\n65656055,m1,{bsn(1)},2026-04-02,09:00,60,groep\n",
        encoding="utf-8",
    )
    (root / "toegang").mkdir()
    (root / "toegang" / "verwijzingen.csv").write_text(
        f"bsn,gemeente,verwijsdatum,verwijzer_type,producten,geldig_tot,bsn_ouder\n"
        f"{bsn(2)},0384,2026-01-10,01,45A03;45A04,2026-12-31,{bsn(3)}\n",
        encoding="utf-8",
    )
    return root


def test_no_bsn_in_any_analytic_table(tmp_path: Path) -> None:
    root = _region(tmp_path / "regio")
    db = tmp_path / "store.duckdb"
    ingest(root, db)
    assert (len(rows(db, "claim_lines")), len(rows(db, "sessions")), len(rows(db, "referrals"))) == (60, 1, 1)
    clear = {r["bsn"] for r in rows(db, "clients_clear")}
    assert {"999900006", "999900018", bsn(0), bsn(1), bsn(2), bsn(3)} <= clear
    with Store.open(db, read_only=True) as store:
        for name in ANALYTIC_TABLES:
            for column in TABLES[name].column_names:
                values = store.connection.execute(
                    f'SELECT CAST("{column}" AS VARCHAR) FROM "{name}"'
                ).fetchall()
                for (value,) in values:
                    found = clear & set(re.findall(r"\d{9}", value or ""))
                    assert not found, f"BSN in {name}.{column}"


def test_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    root = _region(tmp_path / "regio")
    db = tmp_path / "store.duckdb"
    first = ingest(root, db)
    before = snapshot(db)
    second = ingest(root, db)
    assert snapshot(db) == before
    assert sum(c.new for c in second.counts.values()) == 0
    assert sum(c.present for c in second.counts.values()) == sum(c.new for c in first.counts.values())
    assert len(rows(db, "ingest_batches")) == first.batches


def test_same_content_under_two_names_is_stored_once(tmp_path: Path) -> None:
    copy_example("JW301.xml", tmp_path / "in" / "a.xml")
    copy_example("JW301.xml", tmp_path / "in" / "sub" / "b.xml")
    report = ingest(tmp_path / "in", tmp_path / "store.duckdb")
    # The second name is the same content within this run: stored once, counted as repeated.
    counts = report.counts["JW301"]
    assert (counts.new, counts.present, counts.repeated) == (1, 0, 1)
    assert len(rows(tmp_path / "store.duckdb", "allocations")) == 2


def test_invalid_messages_are_kept_with_findings(tmp_path: Path) -> None:
    copy_examples(tmp_path / "in", fixed=False)
    (tmp_path / "in" / "kapot.xml").write_text("<jw323:Bericht", encoding="utf-8")
    (tmp_path / "in" / "notities.txt").write_text("geen bericht", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    report = ingest(tmp_path / "in", db)
    assert report.skipped == [tmp_path / "in" / "notities.txt"]
    messages = {Path(m["path"]).name: m for m in rows(db, "messages")}
    findings = rows(db, "message_findings")
    rules_of = {
        name: {f["rule"] for f in findings if f["message_id"] == m["message_id"]}
        for name, m in messages.items()
    }
    assert rules_of["JW315.xml"] == {"XSD"} and rules_of["JW318.xml"] == {"XSD"}
    assert "CS003" in rules_of["JW317.xml"] and "TR101" in rules_of["JW323.xml"]
    assert rules_of["kapot.xml"] == {"XML"}
    assert messages["kapot.xml"]["message_type"] is None and messages["kapot.xml"]["valid"] is False
    assert messages["JW323.xml"]["valid"] is False
    assert messages["JW323.xml"]["finding_count"] == len(
        [f for f in findings if f["message_id"] == messages["JW323.xml"]["message_id"]]
    )
    tr101 = next(f for f in findings if f["rule"] == "TR101")
    assert tr101["retourcode"] == "0001" and tr101["xpath"].startswith("/Bericht/")
    # The header of an invalid declaration is kept: a header-only JW325 needs it.
    assert messages["JW323.xml"]["identificatie"] == "765432198"
    # Rows of an invalid message (it counts as not sent) stay out of the analytic tables.
    assert rows(db, "claim_lines") == [] and rows(db, "declarations") == []
    assert report.invalid == 5


def test_generated_key_is_private_and_stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV)
    copy_example("JW301.xml", tmp_path / "in" / "a.xml")
    db = tmp_path / "store.duckdb"
    ingest(tmp_path / "in", db)
    key_file = key_file_for(db)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key_before = key_file.read_text()
    first_key = rows(db, "clients_clear")[0]["client_key"]
    copy_example("JW305.xml", tmp_path / "in" / "b.xml")
    ingest(tmp_path / "in", db)
    assert key_file.read_text() == key_before
    assert {r["client_key"] for r in rows(db, "starts")} == {first_key}


def test_a_different_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_example("JW301.xml", tmp_path / "in" / "a.xml")
    db = tmp_path / "store.duckdb"
    ingest(tmp_path / "in", db)
    monkeypatch.setenv(KEY_ENV, "a-completely-different-key-of-enough-length")
    with pytest.raises(UserError) as caught:
        ingest(tmp_path / "in", db)
    assert caught.value.code == "PSEUDONIEM-SLEUTEL-ANDERS"


def test_short_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, "kort")
    copy_example("JW301.xml", tmp_path / "in" / "a.xml")
    with pytest.raises(UserError) as caught:
        ingest(tmp_path / "in", tmp_path / "store.duckdb")
    assert caught.value.code == "PSEUDONIEM-SLEUTEL-KORT"


def test_missing_folder_and_bad_database_path(tmp_path: Path) -> None:
    with pytest.raises(UserError) as missing:
        ingest(tmp_path / "bestaat-niet", tmp_path / "store.duckdb")
    assert missing.value.code == "MAP-ONBEKEND"
    (tmp_path / "in").mkdir()
    with pytest.raises(UserError) as no_dir:
        ingest(tmp_path / "in", tmp_path / "geen-map" / "store.duckdb")
    assert no_dir.value.code == "DB-MAP-ONBEKEND"
    (tmp_path / "tekst.duckdb").write_text("dit is geen database", encoding="utf-8")
    with pytest.raises(UserError) as not_db:
        ingest(tmp_path / "in", tmp_path / "tekst.duckdb")
    assert not_db.value.code == "DB-GEEN-DATABASE"
    assert "geen database van zorgpad" in not_db.value.message
    assert "DuckDB database file" not in not_db.value.message
