"""Done-when of the knip as a decision, on a synthetic Rijnmond year: moving the low-complexity part of
daghulp (D) to local purchasing shows euros per municipality that add up to the moved total, and for
this pure shift the cost-sharing effect per municipality adds up to zero."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pytest

from zorgpad.catalog import load_catalog
from zorgpad.catalog.model import CatalogFile, CostSharingKey, Lot, LotPart
from zorgpad.scenarios.engine import Scenario
from zorgpad.scenarios.knip import knip_effect
from zorgpad.scenarios.reform import parse_spec
from zorgpad.store import Store, ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

pytestmark = pytest.mark.slow
REFORM = "knip_complexiteit:perceel=D,complexiteit=laag,naar=lokaal"


@pytest.fixture(scope="module")
def rijnmond_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rijnmond")
    generate(region_facts(load_catalog("rijnmond"), 2025), out / "synth", 2025, seed=3, scale=0.005,
             rates=AnomalyRates.uniform(0.0))  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", "knip-tests-pseudonym-key-0123456789")
        ingest(out / "synth", out / "rijnmond.duckdb")
    return out / "rijnmond.duckdb"


def _before_the_knip(method: str) -> CatalogFile:
    """Rijnmond with all of D bought regionally (as before the knip) and a cost-sharing key."""
    data = load_catalog("rijnmond").data
    lots = tuple(
        lot if lot.code != "D" else Lot(code="D", name=lot.name, parts=(LotPart(
            purchasing="regionaal", products=tuple(c for p in lot.parts for c in p.products)),))
        for lot in data.lots
    )  # fmt: skip
    codes = [m.cbs_code for m in data.region.municipalities]
    # illustrative weights (not CBS figures): what matters is that they differ per municipality
    weights = {code: 1000 * (i + 1) for i, code in enumerate(codes)} if method != "gebruik" else {}
    key = CostSharingKey(valid_from=data.valid_from, method=method, weights=weights, source="test")  # type: ignore[arg-type]
    return data.model_copy(update={"lots": lots, "cost_sharing": (key,)})


@pytest.mark.parametrize("method", ["inwoners-0-17", "gebruik", "vaste-verdeling"])
def test_moving_low_complexity_daghulp_to_local(rijnmond_db: Path, method: str) -> None:
    before = _before_the_knip(method)
    with Store.open(rijnmond_db, read_only=True) as store:
        result = Scenario.prepare(store.connection, before, None).run((parse_spec(REFORM),))
    effect = knip_effect(result.lines, before, result.state.catalog)
    lines = result.lines
    changed = pc.and_(pc.equal(lines["purchasing_b"], "regionaal"), pc.equal(lines["purchasing_n"], "lokaal"))
    moved_total = pc.sum(pc.filter(lines["scenario_cents"], changed)).as_py()
    assert moved_total > 0
    assert sum(row.moved_cents for row in effect.rows) == effect.moved_total_cents == moved_total
    assert len([row for row in effect.rows if row.moved_cents]) > 1
    # a pure shift: the region pays the same, so what one municipality pays more another pays less
    assert result.scenario_total == result.baseline_total
    assert sum(row.difference_cents for row in effect.rows) == 0
    assert sum(row.pays_before for row in effect.rows) == result.baseline_total
    if method == "gebruik":
        assert all(row.difference_cents == 0 for row in effect.rows)
    else:
        assert any(row.difference_cents != 0 for row in effect.rows)
    # Rijnmond buys local daghulp only in Rotterdam: every other municipality with moved care lacks one
    missing = {m.gemeente for m in effect.missing}
    assert "0599" not in missing or any(m.product != "41D10" for m in effect.missing if m.gemeente == "0599")
    assert missing and missing <= {row.gemeente for row in effect.rows if row.to_local_cents}


def test_board_report_has_a_knip_section_per_municipality(rijnmond_db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from zorgpad.app.cli import app

    out = tmp_path / "rapport.html"
    decision = "knip_complexiteit:perceel=D,complexiteit=hoog,naar=lokaal"
    args = ["report", "--db", str(rijnmond_db), "--catalog", "rijnmond", "--out", str(out),
            "--gemeente", "0622", "--knip", decision]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    section = html[html.index("De knip: regionaal of lokaal inkopen") :]
    assert decision in section and "Van de zorg voor jeugdigen uit Vlaardingen gaat" in section
    rows = section[: section.index("</tbody>")].count("<tr>") - 1  # the header row
    assert rows == 1  # only the chosen municipality
    # Vlaardingen has no local contract for lot D (Rotterdam and Schiedam buy only 41D10 locally)
    assert "Nog geen lokaal contract:" in section and "Vlaardingen: 41D01" in section


def test_report_knip_needs_a_catalogue(
    rijnmond_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from zorgpad.app.cli import main

    argv = ["zorgpad", "report", "--db", str(rijnmond_db), "--out", str(tmp_path / "r.html"),
            "--knip", "knip_complexiteit:perceel=D,complexiteit=hoog"]  # fmt: skip
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code != 0
    err = capsys.readouterr().err
    assert "[RAPPORT-KNIP-CATALOGUS]" in err and "Traceback" not in err
