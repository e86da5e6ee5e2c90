"""`zorgpad sessies check FILE` and `spec`: the delivery records a region can require, checked with
located Dutch errors; a file that passes is read by `zorgpad ingest` without loss."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.delivery.check import check_file, elfproef
from zorgpad.delivery.spec import COLUMNS

HEADER = "aanbieder,medewerker,opleidingsniveau,bsn,datum,begintijd,minuten,setting,productcode,groepsgrootte"
GOOD = "99000011,m1,HBO,111222333,2025-03-03,09:00,60,groep,54B20,4"


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "sessies.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_good_file_passes_and_is_ingested_without_loss(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, GOOD, "99000011,m2,WO,111222333,2025-03-04,10:30,45,individueel,54B01,")
    assert check_file(path) == []
    result = CliRunner().invoke(app, ["sessies", "check", str(path)])
    assert result.exit_code == 0 and "voldoet aan de specificatie" in result.output
    import pytest

    from zorgpad.store import Store, ingest

    folder = tmp_path / "in" / "sessies"
    folder.mkdir(parents=True)
    (folder / "99000011.csv").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "sessies-tests-pseudonym-key-0123456789")
        ingest(tmp_path / "in", tmp_path / "s.duckdb")
    with Store.open(tmp_path / "s.duckdb", read_only=True) as store:
        rows = store.connection.execute(
            "SELECT staff_level, minutes, setting, product_code, extra FROM sessions ORDER BY row_number"
        ).fetchall()
    assert [r[:4] for r in rows] == [("HBO", 60, "groep", "54B20"), ("WO", 45, "individueel", "54B01")]
    assert '"groepsgrootte": "4"' in rows[0][4]


def test_every_problem_is_located_by_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, GOOD, GOOD, "9900001,m2,XBO,123456789,2025-13-03,9u,0,groep,54B1,1")
    found = [(i.line, i.column, i.code) for i in check_file(path)]
    assert found == [
        (3, None, "SES-DUBBEL"),
        (4, "aanbieder", "SES-WAARDE-ONGELDIG"), (4, "opleidingsniveau", "SES-WAARDE-ONGELDIG"),
        (4, "bsn", "SES-WAARDE-ONGELDIG"), (4, "datum", "SES-WAARDE-ONGELDIG"),
        (4, "begintijd", "SES-WAARDE-ONGELDIG"), (4, "minuten", "SES-WAARDE-ONGELDIG"),
        (4, "productcode", "SES-WAARDE-ONGELDIG"), (4, "groepsgrootte", "SES-GROEP"),
    ]  # fmt: skip
    messages = " ".join(i.message for i in check_file(path))
    assert "123456789" not in messages  # a BSN is never repeated


def test_missing_columns_and_catalogue_checks(tmp_path: Path) -> None:
    path = _write(tmp_path, "aanbieder,bsn,datum,kleur", "99000011,111222333,2025-03-03,rood")
    codes = {(i.column, i.code) for i in check_file(path)}
    required = {c.name for c in COLUMNS if c.required} - {"aanbieder", "bsn", "datum"}
    assert {(name, "SES-KOLOM-ONTBREEKT") for name in required} <= codes
    assert ("kleur", "SES-KOLOM-ONBEKEND") in codes
    unknown_product = _write(tmp_path, HEADER, GOOD.replace("54B20", "54B99"))
    from zorgpad.catalog import load_catalog

    issues = check_file(unknown_product, load_catalog("centraal-gelderland").data)
    assert [(i.column, i.code) for i in issues] == [("productcode", "SES-WAARDE-ONGELDIG")]


def test_cli_exit_code_and_dutch_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, GOOD.replace(",60,", ",abc,"))
    result = CliRunner().invoke(app, ["sessies", "check", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert f"{path}:2: kolom minuten: 'abc' is geen geheel getal. [SES-WAARDE-ONGELDIG]" in result.output
    spec = CliRunner().invoke(app, ["sessies", "spec"], env={"COLUMNS": "200"})
    assert spec.exit_code == 0 and "opleidingsniveau" in spec.output and "MBO, HBO, WO, WO+" in spec.output


def test_missing_file_is_a_dutch_error(tmp_path: Path) -> None:
    from zorgpad.errors import UserError

    result = CliRunner().invoke(app, ["sessies", "check", str(tmp_path / "weg.csv")])
    assert isinstance(result.exception, UserError) and result.exception.code == "SES-BESTAND"


def test_elfproef() -> None:
    assert elfproef("111222333") and not elfproef("123456789") and not elfproef("000000000")
