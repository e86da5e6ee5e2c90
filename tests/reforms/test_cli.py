"""`zorgpad scenario list` and `run`: outputs, summary.json, Dutch errors without a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zorgpad.app.cli import app, main

from . import cases

HERE = Path(__file__).parent


def _db(tmp_path: Path) -> Path:
    case = cases.load(HERE / "tarief_per_niveau.yaml")
    path = tmp_path / "regio.duckdb"
    con = cases.store(case)
    con.execute(f"ATTACH '{path}' AS f")
    for name in ("claim_lines", "messages", "allocations"):
        con.execute(f"CREATE TABLE f.{name} AS SELECT * FROM {name}")
    con.close()
    return path


def _catalog(tmp_path: Path) -> Path:
    import yaml

    data = cases.catalog(cases.load(HERE / "tarief_per_niveau.yaml")["catalogus"]).model_dump(mode="json")
    path = tmp_path / "catalogus.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_list_shows_every_reform() -> None:
    result = CliRunner().invoke(app, ["scenario", "list"])
    assert result.exit_code == 0
    for name in ("identiek", "tarief_per_niveau", "nieuw_product", "wijzig_bekostiging", "verschuif_knip"):
        assert name in result.output


def test_run_writes_lines_summary_and_html(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    findings = tmp_path / "findings.parquet"
    import pyarrow.parquet as pq

    from zorgpad.control.engine import empty_findings

    pq.write_table(empty_findings(), findings)
    args = ["scenario", "run", "--db", str(_db(tmp_path)), "--catalog", str(_catalog(tmp_path)),
            "--reform", "tarief_per_niveau:aandeel_hoog=40,aandeel_hoog_mixtarief=30,verhouding=1,5",
            "--findings", str(findings), "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["baseline_total_cents"], summary["scenario_total_cents"]) == (103300, 106213)
    assert summary["per_municipality"]["0202"]["scenario_cents"] == 106213
    assert summary["per_municipality"]["0202"]["naam"] == "Arnhem"
    assert "Basislijn (toegekend) € 1.033,00" in result.output
    # The municipality pays more under this reform: listed neutrally, never as a "winner".
    assert [row["code"] for row in summary["gemeenten"]["meer_dan_basislijn"]] == ["0202"]
    assert "winnaars" not in json.dumps(summary)
    names = [row["parameter"] for row in summary["gevoeligheid"]]
    assert names == ["aandeel_hoog", "aandeel_hoog_mixtarief", "verhouding"]
    low = summary["gevoeligheid"][0]
    assert low["scenario_cents_laag"] < low["scenario_cents_centraal"] < low["scenario_cents_hoog"]
    assert (out / "regels.parquet").is_file() and (out / "regels.xlsx").is_file()
    page = (out / "samenvatting.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Gevoeligheid" in page and "personeelsmix" in page


@pytest.mark.parametrize(
    ("spec", "code"),
    [("bestaat_niet", "SCN-HERVORMING-ONBEKEND"), ("indexeer_tarieven:procent=veel", "SCN-PARAMETER"),
     ("indexeer_tarieven:tempo=3", "SCN-PARAMETER-ONBEKEND"), ("begrens_duur", "SCN-PARAMETER-ONTBREEKT")],
)  # fmt: skip
def test_bad_reform_is_a_dutch_error_without_traceback(
    tmp_path: Path, spec: str, code: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["zorgpad", "scenario", "run", "--db", str(_db(tmp_path)), "--catalog", str(_catalog(tmp_path)),
            "--reform", spec, "--out", str(tmp_path / "uit")]  # fmt: skip
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"[{code}]" in err
    assert "Traceback" not in err


def test_bad_reform_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "eigen.yaml"
    bad.write_text(
        "formaat: zorgpad-hervorming/1\nnaam: fout\nstappen:\n  - hervorming: indexeer_tarieven\n"
        "    parameters: {procent: veel}\n",
        encoding="utf-8",
    )
    from zorgpad.errors import UserError
    from zorgpad.scenarios.yamlfile import load_reform_file

    with pytest.raises(UserError) as caught:
        load_reform_file(bad)
    assert caught.value.code == "SCN-PARAMETER"
    assert caught.value.location == f"{bad}:5"
