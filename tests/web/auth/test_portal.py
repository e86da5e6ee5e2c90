"""The provider portal: an `aanbieder` account sees its own declaration lines with verdict and reason,
the explanation trace of a line, its allocations and open requests; nothing of another provider."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.testclient import TestClient

from .conftest import Region

HTML = {"accept": "text/html"}


def test_the_portal_shows_own_lines_with_verdicts(
    scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient]
) -> None:
    page = role_clients["aanbieder"].get("/portaal", headers=HTML)
    assert page.status_code == 200
    html = page.text
    assert "Declaratieregels" in html and "Toewijzingen" in html and "Open verzoeken" in html
    assert "afgewezen" in html or "toegekend" in html
    rejected = scoped_app.state.data.query(
        "SELECT c.referentie_nummer FROM findings f JOIN claim_lines c USING (message_id, position) "
        "WHERE f.aanbieder = ? AND f.severity = 'afkeur' ORDER BY c.product_periode_begin DESC LIMIT 1",
        [region.aanbieder],
    ).to_pylist()
    if rejected:
        assert rejected[0]["referentie_nummer"] in html
    others = (
        scoped_app.state.data.query(
            "SELECT DISTINCT referentie_nummer FROM claim_lines WHERE aanbieder = ? LIMIT 50",
            [region.other_aanbieder],
        )
        .column(0)
        .to_pylist()
    )
    own = set(
        scoped_app.state.data.query(
            "SELECT referentie_nummer FROM claim_lines WHERE aanbieder = ?", [region.aanbieder]
        )
        .column(0)
        .to_pylist()
    )
    assert not any(f">{ref}<" in html for ref in others if ref not in own)
    refused = role_clients["aanbieder"].get(f"/portaal?aanbieder={region.other_aanbieder}")
    assert refused.status_code == 403
    assert role_clients["gemeente"].get("/portaal").status_code == 403


def test_the_portal_explains_a_line_and_is_audited(
    checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    page = role_clients["aanbieder"].get(f"/portaal/prestaties/{region.referentie}", headers=HTML)
    assert page.status_code == 200
    assert f"Prestatie {region.referentie}" in page.text and "Toets" in page.text and "Uitkomst" in page.text
    missing = role_clients["aanbieder"].get("/portaal/prestaties/bestaat-niet")
    assert missing.status_code == 404 and missing.json()["fout"]["code"] == "PRESTATIE-ONBEKEND"
    from typer.testing import CliRunner

    from zorgpad.app.cli import app as cli

    result = CliRunner().invoke(cli, ["audit", "--db", str(checked_db), "--gebruiker", "t-aanbieder"])
    assert f"/portaal/prestaties/{region.referentie}" in result.output
