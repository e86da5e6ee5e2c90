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
        r"<tr><th scope=\"row\"><a href=\"/toegang/clienten/cl-[^\"]+\">(cl-[^<]+)</a></th>"
        r"<td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>",
        table,
    )
    assert rows, "no status changes shown"
    assert {row[3] for row in rows} == {own}
    assert {row[1] for row in rows} <= {"verzoek ontvangen", "toegewezen", "zorg gestart", "zorg gestopt"}
    regio = role_clients["regio"].get("/toegang/status", headers={"accept": "text/html"}).text
    everywhere = re.findall(
        r"<tr><th scope=\"row\"><a [^>]+>cl-[^<]+</a></th><td>[^<]+</td><td>[^<]+</td><td>([^<]+)</td>", regio
    )
    assert len(set(everywhere)) > 1
    assert role_clients["aanbieder"].get("/toegang/status").status_code == 403
    trail = CliRunner().invoke(
        cli, ["audit", "--db", str(checked_db), "--gebruiker", "t-toegang", "--format", "json"]
    )
    assert '"route": "/toegang/status"' in trail.output


def test_toegang_sees_the_care_path_of_its_own_clients_only(
    scoped_app: FastAPI, checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    from zorgpad.access.pseudonyms import reference

    data = scoped_app.state.data
    own, other = (
        reference(
            str(
                data.query(
                    "SELECT client_key FROM allocations GROUP BY client_key "
                    "HAVING bool_and(gemeente = ?) ORDER BY count(*) DESC, client_key LIMIT 1",
                    [gemeente],
                )
                .column(0)[0]
                .as_py()
            )
        )
        for gemeente in (region.gemeente, region.other_gemeente)
    )
    client = role_clients["toegang"]
    page = client.get(f"/toegang/clienten/{own}", headers={"accept": "text/html"})
    assert page.status_code == 200 and f"Zorgpad van cliënt {own}" in page.text
    steps = re.findall(r"<tr><th scope=\"row\">(\d+)</th>", page.text)
    key_prefix = own.removeprefix("cl-")
    stored = (
        data.query(
            "SELECT count(DISTINCT toewijzing_nummer) FROM allocations WHERE starts_with(client_key, ?)",
            [key_prefix],
        )
        .column(0)[0]
        .as_py()
    )
    assert 0 < len(steps) <= stored
    status = client.get("/toegang/status", headers={"accept": "text/html"}).text
    assert 'href="/toegang/clienten/cl-' in status

    refused = client.get(f"/toegang/clienten/{other}")
    assert refused.status_code == 403 and refused.json()["fout"]["code"] == "BUITEN-BEREIK"
    assert role_clients["regio"].get(f"/toegang/clienten/{other}").status_code == 200
    assert role_clients["aanbieder"].get(f"/toegang/clienten/{own}").status_code == 403
    assert client.get("/toegang/clienten/cl-000000").json()["fout"]["code"] == "CLIENT-ONBEKEND"
    assert client.get("/toegang/clienten/123456789").json()["fout"]["code"] == "CLIENT-ONGELDIG"

    trail = CliRunner().invoke(
        cli, ["audit", "--db", str(checked_db), "--gebruiker", "t-toegang", "--format", "json"]
    )
    assert f'"route": "/toegang/clienten/{own}"' in trail.output
    assert f'"route": "/toegang/clienten/{other}"' not in trail.output
