"""Two consecutive years of one region in one store: the synth's own population per year, identifiers
apart, and figures per 1,000 young people that set this year against last year."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from zorgpad.catalog import load_catalog
from zorgpad.errors import UserError
from zorgpad.insights.population import ESTIMATE_NL
from zorgpad.insights.registry import Filters, InsightContext, compute_indicator
from zorgpad.store import Store
from zorgpad.store.ingest import ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.context import Tally
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.years import generate_years

pytestmark = pytest.mark.slow
CATALOG = "centraal-gelderland"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[int, Tally]]:
    out = tmp_path_factory.mktemp("jaren")
    catalog = load_catalog(CATALOG)
    tallies = generate_years(
        lambda year: region_facts(catalog, year),
        out,
        2026,
        2,
        seed=5,
        scale=0.01,
        rates=AnomalyRates.uniform(0.0),
    )
    db = tmp_path_factory.mktemp("store") / "jaren.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "years-tests-pseudonym-key-0123456789")
        ingest(out, db)
    return out, db, tallies


def _population(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row["gemeente"]: row for row in csv.DictReader(handle)}


def test_each_year_writes_the_young_people_its_clients_came_from(
    two_years: tuple[Path, Path, dict[int, Tally]],
) -> None:
    out, _db, tallies = two_years
    assert sorted(tallies) == [2025, 2026]
    for year, tally in tallies.items():
        rows = _population(out / str(year) / "bevolking" / "jeugdigen.csv")
        assert {code: int(row["jeugdigen"]) for code, row in rows.items()} == dict(tally.youth)
        assert {row["jaar"] for row in rows.values()} == {str(year)}
        assert all(row["leeftijd"] == "0-22" and "synthetisch" in row["bron"] for row in rows.values())


def test_the_years_share_no_identifier(two_years: tuple[Path, Path, dict[int, Tally]]) -> None:
    _out, db, _tallies = two_years
    with Store.open(db, read_only=True) as store:
        run = store.connection.execute
        per_year = run(
            "SELECT year(product_periode_begin), count(DISTINCT client_key) FROM claim_lines GROUP BY 1"
        ).fetchall()
        assert sorted(year for year, _count in per_year) == [2025, 2026]
        shared_clients = run(
            "SELECT count(*) FROM (SELECT client_key FROM claim_lines GROUP BY client_key "
            "HAVING count(DISTINCT year(product_periode_begin)) > 1)"
        ).fetchall()[0][0]
        assert shared_clients == 0
        repeated_refs = run(
            "SELECT count(*) FROM (SELECT aanbieder, referentie_nummer FROM claim_lines "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()[0][0]
        assert repeated_refs == 0
        repeated_numbers = run(
            "SELECT count(*) FROM (SELECT gemeente, toewijzing_nummer FROM allocations "
            "GROUP BY ALL HAVING count(DISTINCT client_key) > 1)"
        ).fetchall()[0][0]
        assert repeated_numbers == 0


def test_per_thousand_sets_this_year_against_last_year(
    two_years: tuple[Path, Path, dict[int, Tally]],
) -> None:
    _out, db, tallies = two_years
    with Store.open(db, read_only=True) as store:
        ctx = InsightContext(store, load_catalog(CATALOG))
        rows = compute_indicator(ctx, "clienten-per-1000-jeugdigen", Filters()).to_pylist()
        last_year = compute_indicator(
            ctx, "clienten-per-1000-jeugdigen", Filters(period_to=dt.date(2025, 12, 31))
        ).to_pylist()
    assert {row["jaar"] for row in rows} == {2026}
    assert {row["jaar"] for row in last_year} == {2025}
    before = {row["gemeente"]: row for row in last_year}
    for row in rows:
        assert row["jeugdigen"] == tallies[2026].youth[row["gemeente"]]  # the synth's own population
        assert "synthetisch" in row["bron_jeugdigen"] and ESTIMATE_NL not in row["bron_jeugdigen"]
        assert row["clienten_per_1000"] == round(row["clienten"] * 1000 / row["jeugdigen"], 1)
        previous = before[row["gemeente"]]
        assert previous["jeugdigen"] == tallies[2025].youth[row["gemeente"]]
        assert row["vorig_jaar_clienten_per_1000"] == previous["clienten_per_1000"]
        assert row["regio_vorig_jaar_clienten_per_1000"] == previous["regio_clienten_per_1000"]
    region_clients = sum(row["clienten"] for row in rows)
    region_youth = sum(row["jeugdigen"] for row in rows)
    assert rows[0]["regio_clienten_per_1000"] == round(region_clients * 1000 / region_youth, 1)


def test_the_last_year_is_the_single_year_run(tmp_path: Path) -> None:
    from zorgpad.synth.run import generate

    catalog = load_catalog(CATALOG)
    generate(region_facts(catalog, 2026), tmp_path / "alleen", 2026, 5, 0.005, AnomalyRates.uniform(0.0))
    generate_years(
        lambda y: region_facts(catalog, y), tmp_path / "twee", 2026, 2, 5, 0.005, AnomalyRates.uniform(0.0)
    )
    alone = sorted(p.relative_to(tmp_path / "alleen") for p in (tmp_path / "alleen").rglob("*.xml"))
    both = sorted(
        p.relative_to(tmp_path / "twee" / "2026") for p in (tmp_path / "twee" / "2026").rglob("*.xml")
    )
    assert alone == both
    for name in alone[:50]:
        assert (tmp_path / "alleen" / name).read_bytes() == (tmp_path / "twee" / "2026" / name).read_bytes()


def test_too_many_years_or_a_year_before_ijw_32_is_refused(tmp_path: Path) -> None:
    catalog = load_catalog(CATALOG)
    with pytest.raises(UserError) as many:
        generate_years(lambda y: region_facts(catalog, y), tmp_path, 2025, 4, 1, 0.01)
    assert many.value.code == "SYNTH-JAREN"
    with pytest.raises(UserError) as early:
        generate_years(lambda y: region_facts(catalog, y), tmp_path, 2022, 2, 1, 0.01)
    assert early.value.code == "SYNTH-JAAR"
    with pytest.raises(UserError) as uncovered:  # the bundled catalogue starts in 2025
        generate_years(lambda y: region_facts(catalog, y), tmp_path, 2025, 2, 1, 0.01)
    assert uncovered.value.code == "SYNTH-JAAR-CATALOGUS"
    assert not any(tmp_path.iterdir())  # refused before anything was written


def test_the_dashboard_and_report_set_this_year_against_last_year(
    two_years: tuple[Path, Path, dict[int, Tally]],
) -> None:
    import warnings

    from starlette.exceptions import StarletteDeprecationWarning

    with warnings.catch_warnings():  # as tests/web/conftest.py: the test client works with httpx
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from starlette.testclient import TestClient

    from zorgpad.app.web import create_app
    from zorgpad.app.web.auth.testing import bearer_headers
    from zorgpad.report.dutch import number

    _out, db, _tallies = two_years
    app = create_app(db, CATALOG, warm=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers.update(bearer_headers(app))
        row = next(
            r
            for r in client.get("/api/indicatoren/clienten-per-1000-jeugdigen").json()["rijen"]
            if r["gemeente"] == "0202"
        )
        page = client.get("/gemeenten/0202").text
        assert "Vergeleken met de regio en met vorig jaar" in page
        assert "Arnhem 2026" in page and "Arnhem 2025" in page
        for column in ("clienten_per_1000", "vorig_jaar_clienten_per_1000", "regio_clienten_per_1000"):
            assert f'<td class="getal">{number(row[column], 1)}</td>' in page, column
        assert "synthetisch (zorgpad synth)" in page
        report = client.get("/gemeenten/0202/rapport/html").text
        expected = (
            f"Arnhem {number(row['clienten_per_1000'], 1)} (2025: "
            f"{number(row['vorig_jaar_clienten_per_1000'], 1)})"
        )
        assert f"Cliënten per 1.000 jeugdigen in 2026: {expected}" in report


def test_the_cli_writes_two_years_and_refuses_too_many(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zorgpad.app.cli import app

    out = tmp_path / "regio"
    args = [
        "synth",
        "--catalog",
        CATALOG,
        "--year",
        "2026",
        "--seed",
        "2",
        "--scale",
        "0.003",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(app, [*args, "--jaren", "2"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Klaar (2025)" in result.output and "Klaar (2026)" in result.output
    assert (out / "2025" / "bevolking" / "jeugdigen.csv").exists()
    assert (out / "2026" / "bevolking" / "jeugdigen.csv").exists()
    refused = CliRunner().invoke(app, [*args[:-1], str(tmp_path / "ander"), "--jaren", "4"])
    assert isinstance(refused.exception, UserError) and refused.exception.code == "SYNTH-JAREN"
    assert "--jaren moet 1 tot en met 3 zijn" in refused.exception.message
    assert not (tmp_path / "ander").exists()
