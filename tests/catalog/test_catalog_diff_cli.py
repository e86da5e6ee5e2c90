"""`catalog diff` and the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from catalog_samples import Writer
from typer.testing import CliRunner

from zorgpad.app.cli import app
from zorgpad.catalog import load_catalog
from zorgpad.catalog.diff import diff_catalogs
from zorgpad.catalog.render import format_euro
from zorgpad.errors import UserError

runner = CliRunner()


def test_diff_between_the_two_cg_versions_lists_every_tariff_change() -> None:
    old, new = load_catalog("centraal-gelderland@2025"), load_catalog("centraal-gelderland@2026")
    diff = diff_catalogs(old, new)
    assert diff.added == ("54B22",) and diff.removed == ()
    changed = {t.product for t in diff.tariff_changes}
    # every product of 2025 got a new tariff in 2026 (levels or indexation)
    assert changed == {p.code for p in old.products}
    day = date(2026, 1, 1)
    for p in old.products:
        entry = new.on(day).tariff_entry(p.code)
        assert entry is not None
        for level, amount in entry.by_level.items():
            match = [t for t in diff.tariff_changes if t.product == p.code and t.level == level]
            assert match and match[0].new == amount and match[0].old == old.tariff(p.code, day)
    hbo = next(t for t in diff.tariff_changes if (t.product, t.level) == ("54B01", "HBO"))
    assert (hbo.old, hbo.new, hbo.percent) == (9200, 7900, -14.1)
    limits = {(f.product, f.field) for f in diff.field_changes}
    assert ("54B02", "max_duration_months") in limits and ("54B20", "group_size") in limits


def test_diff_of_a_version_with_itself_is_empty() -> None:
    cg = load_catalog("centraal-gelderland@2025")
    assert diff_catalogs(cg, cg).is_empty


def test_format_euro_dutch_style() -> None:
    assert format_euro(123456) == "€ 1.234,56"
    assert format_euro(5) == "€ 0,05"
    assert format_euro(-1999) == "-€ 19,99"


def test_cli_check_exit_codes(write_catalog: Writer) -> None:
    good = runner.invoke(app, ["catalog", "check", str(write_catalog(name="goed.yaml"))])
    assert good.exit_code == 0, good.output
    assert "in orde" in good.output
    broken = write_catalog(('category: "45"', 'category: "99"'), name="fout.yaml")
    bad = runner.invoke(app, ["catalog", "check", str(broken)])
    assert bad.exit_code == 1
    assert f"{broken}:" in bad.output.replace("\n", "") and "[CAT-CATEGORIE-ONBEKEND]" in bad.output
    assert "1 fout gevonden" in bad.output


@pytest.mark.parametrize(("content", "line"), [("producten: [1, 2\n", 2), ("", 1), ("a: 1\n\tb: 2\n", 2)])
def test_cli_check_a_file_that_is_not_yaml_exits_1(tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["catalog", "check", str(path)])
    assert result.exit_code == 1, result.output
    assert f"{path}:{line}:" in result.output.replace("\n", "") and "[CAT-YAML]" in result.output
    assert "1 fout gevonden" in result.output


@pytest.mark.parametrize("name", ["centraal-gelderland", "centraal-gelderland@2025", "rijnmond"])
def test_cli_check_bundled(name: str) -> None:
    assert runner.invoke(app, ["catalog", "check", name]).exit_code == 0


def test_cli_list_show_schema() -> None:
    listing = runner.invoke(app, ["catalog", "list"])
    assert (
        listing.exit_code == 0
        and "centraal-gelderland@2025" in listing.output
        and "rijnmond@2025" in listing.output
    )
    shown = runner.invoke(
        app, ["catalog", "show", "centraal-gelderland", "--on", "2026-02-01"], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0
    assert (
        "Behandeling groep" in shown.output and "€ 79,00" in shown.output and "voorbeelddata" in shown.output
    )
    schema = runner.invoke(app, ["catalog", "schema"])
    assert json.loads(schema.output)["$id"].endswith("catalog-v1.json")


def test_cli_diff_json_and_text() -> None:
    result = runner.invoke(
        app, ["catalog", "diff", "centraal-gelderland@2025", "centraal-gelderland@2026", "--format", "json"]
    )
    data = json.loads(result.output)
    assert data["added"] == ["54B22"]
    assert {"product": "54B01", "level": "HBO", "old": 9200, "new": 7900, "percent": -14.1} in data[
        "tariff_changes"
    ]
    text = runner.invoke(
        app, ["catalog", "diff", "centraal-gelderland@2025", "centraal-gelderland@2026"]
    ).output
    assert "€ 54B01 HBO: € 92,00 → € 79,00 (-14,1%)" in text
    assert "+ product toegevoegd: 54B22" in text


def test_cli_errors_are_user_errors() -> None:
    unknown = runner.invoke(app, ["catalog", "show", "utrecht"])
    assert isinstance(unknown.exception, UserError) and unknown.exception.code == "CAT-NAAM-ONBEKEND"
    bad_date = runner.invoke(app, ["catalog", "show", "rijnmond", "--on", "1-1-2025"])
    assert isinstance(bad_date.exception, UserError) and bad_date.exception.code == "DATUM-ONGELDIG"


def test_show_takes_the_version_in_force_on_the_peildatum() -> None:
    """A name without @ means every version: 2025 shows version 2025's limits, 2026 version 2026's."""
    before = runner.invoke(
        app, ["catalog", "show", "centraal-gelderland", "--on", "2025-06-01"], env={"COLUMNS": "200"}
    )
    after = runner.invoke(
        app, ["catalog", "show", "centraal-gelderland", "--on", "2026-06-01"], env={"COLUMNS": "200"}
    )
    assert before.exit_code == 0 and after.exit_code == 0
    assert "catalogus centraal-gelderland@2025" in before.output
    assert "catalogus centraal-gelderland@2026" in after.output
    assert "max 50 uur per toewijzing" in before.output and "max 40 uur per toewijzing" in after.output
    assert "54B22" not in before.output and "54B22" in after.output
    assert "mix € 92,00" in before.output and "HBO € 79,00" in after.output
