"""`zorgpad ingest` and `zorgpad check` against a store that `zorgpad serve` holds: through the server,
no lock error, no traceback; where it truly cannot, a Dutch message and exit code 2."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
from pathlib import Path

import pytest

from service.conftest import served, zorgpad
from zorgpad.store.compare import differences

pytestmark = pytest.mark.slow


def _clean(result_text: str) -> None:
    assert "Traceback" not in result_text
    assert "lock" not in result_text.lower()
    assert "Conflicting" not in result_text


def test_ingest_and_check_go_through_the_server(tmp_path: Path, examples_dir: Path) -> None:
    db = tmp_path / "regio.duckdb"
    first = tmp_path / "eerst"
    shutil.copytree(examples_dir, first)
    made = zorgpad("ingest", str(first), "--db", str(db))
    assert made.returncode in (0, 1), made.stderr
    more = tmp_path / "later"
    more.mkdir()
    (more / "extra.xml").write_bytes(b"<geen-ijw/>")
    with served(db) as server:
        discovery = db.with_name(db.name + ".server.json")
        assert stat.S_IMODE(discovery.stat().st_mode) == 0o600
        assert json.loads(discovery.read_text())["url"] == server.url

        ingested = zorgpad("ingest", str(more), "--db", str(db))
        _clean(ingested.stdout + ingested.stderr)
        assert ingested.returncode == 1  # the one new file is not an iJw message; stored all the same
        assert "onleesbaar" in ingested.stdout and "De server" in ingested.stderr

        again = zorgpad("ingest", str(first), "--db", str(db))
        _clean(again.stdout + again.stderr)
        assert again.returncode in (0, 1) and "al aanwezig" in again.stdout

        checked = zorgpad(
            "check", "--db", str(db), "--out", str(tmp_path / "uit"), "--dagtekening", "2025-05-01"
        )
        _clean(checked.stdout + checked.stderr)
        assert checked.returncode == 0, checked.stderr
        assert "Run 1:" in checked.stdout
        assert (tmp_path / "uit" / "findings.parquet").exists()
        controle = server.json("/api/controle")
        assert isinstance(controle, dict) and controle["run"] == 1 and controle["aanleiding"] == "check"

        saved = zorgpad("backup", "--db", str(db), "--naar", str(tmp_path / "backup.duckdb"))
        _clean(saved.stdout + saved.stderr)
        assert saved.returncode == 0, saved.stderr

        # A command that only reads cannot share the file with the server: Dutch, exit 2.
        report = zorgpad("report", "--db", str(db), "--out", str(tmp_path / "r.html"))
        _clean(report.stdout + report.stderr)
        assert report.returncode == 2 and "DB-IN-GEBRUIK" in report.stderr
    assert not db.with_name(db.name + ".server.json").exists()  # removed at shutdown
    # restore: the backup in the place of a store equals the store, and carries on where it was
    restored = tmp_path / "terug" / "regio.duckdb"
    restored.parent.mkdir()
    shutil.copyfile(tmp_path / "backup.duckdb", restored)
    assert differences(db, restored) == []
    again = zorgpad(
        "check", "--db", str(restored), "--out", str(tmp_path / "uit2"), "--dagtekening", "2025-05-01"
    )
    assert again.returncode == 0 and "Run 2:" in again.stdout


def test_a_killed_server_leaves_nothing_that_stops_the_command_line(
    tmp_path: Path, examples_dir: Path
) -> None:
    db = tmp_path / "regio.duckdb"
    made = zorgpad("ingest", str(examples_dir), "--db", str(db))
    assert made.returncode in (0, 1), made.stderr
    with served(db) as server:
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
    assert db.with_name(db.name + ".server.json").exists()  # stale: nobody removed it
    checked = zorgpad("check", "--db", str(db), "--out", str(tmp_path / "uit"))
    _clean(checked.stdout + checked.stderr)
    assert checked.returncode == 0 and "Run 1:" in checked.stdout
