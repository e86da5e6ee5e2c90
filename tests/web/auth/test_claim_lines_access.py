"""The click-through claim lines (`/declaraties`, `/declaraties/{referentie}`) under scoping: a provider
sees only its own lines, every read is in the audit trail, and a number several providers used shows
each provider's line to the region."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.testclient import TestClient
from typer.testing import CliRunner

from zorgpad.app.cli import app as cli

from .conftest import Region

HTML = {"accept": "text/html"}


def test_claim_lines_are_scoped_and_audited(
    checked_db: Path, scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient]
) -> None:
    page = role_clients["aanbieder"].get("/declaraties", headers=HTML)
    assert page.status_code == 200
    others = set(
        scoped_app.state.data.query(
            "SELECT referentie_nummer FROM claim_lines WHERE aanbieder = ?", [region.other_aanbieder]
        )
        .column(0)
        .to_pylist()
    ) - set(
        scoped_app.state.data.query(
            "SELECT referentie_nummer FROM claim_lines WHERE aanbieder = ?", [region.aanbieder]
        )
        .column(0)
        .to_pylist()
    )
    assert not any(f">{ref}<" in page.text for ref in others)
    refused = role_clients["aanbieder"].get(f"/declaraties?aanbieder={region.other_aanbieder}")
    assert refused.status_code == 403
    result = CliRunner().invoke(cli, ["audit", "--db", str(checked_db), "--gebruiker", "t-aanbieder"])
    assert "/declaraties" in result.output


def test_a_number_used_by_several_providers_shows_each_line(
    scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient]
) -> None:
    providers = (
        scoped_app.state.data.query(
            "SELECT DISTINCT aanbieder FROM claim_lines WHERE referentie_nummer = ?", [region.referentie]
        )
        .column(0)
        .to_pylist()
    )
    page = role_clients["regio"].get(f"/declaraties/{region.referentie}", headers=HTML)
    assert page.status_code == 200
    assert len(providers) > 1  # the scenario repeats numbers across providers
    assert page.text.count('<h2 id="regel-') == len(providers)  # one verdict per provider's line
