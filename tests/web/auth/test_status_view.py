"""The access team's status view: a `toegang` account sees its own municipality's clients' status
changes only, by pseudonymous reference, and each look is audited."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from starlette.testclient import TestClient
from typer.testing import CliRunner

from zorgpad.app.cli import app as cli

from .conftest import Region


def test_toegang_sees_only_its_municipality(
    scoped_app: FastAPI, checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    page = role_clients["toegang"].get("/toegang/status", headers={"accept": "text/html"})
    assert page.status_code == 200
    names = scoped_app.state.data.gemeente_names
    own = names.get(region.gemeente, region.gemeente)
    table = page.text.split('id="wijzigingen"')[1]
    rows = re.findall(
        r"<tr><th scope=\"row\">(cl-[^<]+)</th><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", table
    )
    assert rows, "no status changes shown"
    assert {row[3] for row in rows} == {own}
    assert {row[1] for row in rows} <= {"verzoek ontvangen", "toegewezen", "zorg gestart", "zorg gestopt"}
    regio = role_clients["regio"].get("/toegang/status", headers={"accept": "text/html"}).text
    everywhere = re.findall(
        r"<tr><th scope=\"row\">cl-[^<]+</th><td>[^<]+</td><td>[^<]+</td><td>([^<]+)</td>", regio
    )
    assert len(set(everywhere)) > 1
    assert role_clients["aanbieder"].get("/toegang/status").status_code == 403
    trail = CliRunner().invoke(
        cli, ["audit", "--db", str(checked_db), "--gebruiker", "t-toegang", "--format", "json"]
    )
    assert '"route": "/toegang/status"' in trail.output
