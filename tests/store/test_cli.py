"""`zorgpad ingest`: Dutch summary, exit codes, Dutch errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from store.store_data import copy_example, copy_examples
from zorgpad.app.cli import main


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def zorgpad(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the command line in-process, as the `zorgpad` script does."""

    def run(*args: str) -> Result:
        monkeypatch.setattr("sys.argv", ["zorgpad", *args])
        with pytest.raises(SystemExit) as exit_:
            main()
        captured = capsys.readouterr()
        return Result(int(exit_.value.code or 0), captured.out, captured.err)

    return run


def test_summary_and_exit_codes(tmp_path: Path, zorgpad: Any) -> None:
    copy_examples(tmp_path / "in", fixed=False)
    (tmp_path / "in" / "leesmij.txt").write_text("x", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    first = zorgpad("ingest", str(tmp_path / "in"), "--db", str(db))
    assert first.returncode == 1, first.stderr  # invalid examples: stored, but the operator is told
    assert "nieuw" in first.stdout and "al aanwezig" in first.stdout and "ongeldig" in first.stdout
    assert "JW323" in first.stdout and "Overgeslagen (1" in first.stdout and "leesmij.txt" in first.stdout
    assert "wel opgeslagen" in first.stdout
    again = zorgpad("ingest", str(tmp_path / "in"), "--db", str(db))
    assert again.returncode == 0, again.stderr
    totals = next(line for line in again.stdout.splitlines() if "totaal" in line)
    assert [cell.strip() for cell in totals.split("│")[1:5]] == ["totaal", "0", "14", "0"]


def test_all_valid_gives_zero(tmp_path: Path, zorgpad: Any) -> None:
    copy_example("JW301.xml", tmp_path / "in" / "a.xml")
    result = zorgpad("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "store.duckdb"))
    assert result.returncode == 0, result.stderr


def test_processes_option(tmp_path: Path, zorgpad: Any) -> None:
    copy_examples(tmp_path / "in", fixed=True)
    one = zorgpad("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "a.duckdb"), "--processen", "1")
    assert one.returncode == 0, one.stderr
    zero = zorgpad("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "b.duckdb"), "--processen", "0")
    assert zero.returncode == 2 and "Traceback" not in zero.stderr


def test_missing_folder_and_bad_db_are_dutch_errors(tmp_path: Path, zorgpad: Any) -> None:
    missing = zorgpad("ingest", str(tmp_path / "nergens"), "--db", str(tmp_path / "s.duckdb"))
    assert missing.returncode == 2
    assert "bestaat niet" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "in").mkdir()
    bad_db = zorgpad("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "geen" / "s.duckdb"))
    assert bad_db.returncode == 2
    assert "DB-MAP-ONBEKEND" in bad_db.stderr and "Traceback" not in bad_db.stderr


def test_two_empty_session_files_are_not_reported_as_already_present(tmp_path: Path, zorgpad: Any) -> None:
    folder = tmp_path / "in" / "sessies"
    folder.mkdir(parents=True)
    for agb in ("99000011", "99000012"):
        (folder / f"{agb}.csv").write_text("aanbieder,medewerker,bsn,datum,begintijd,minuten,setting\n")
    result = zorgpad("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "store.duckdb"))
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "sessies" in line)
    # nieuw, al aanwezig, dubbel in deze aanvoer, ongeldig
    assert [cell.strip() for cell in row.split("│")[2:6]] == ["1", "0", "1", "0"]
