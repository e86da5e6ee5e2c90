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
        "SELECT c.referentie_nummer FROM control_findings f JOIN claim_lines c USING (message_id, position) "
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


def _audit(db: Path, user: str) -> list[dict[str, object]]:
    import json

    from typer.testing import CliRunner

    from zorgpad.app.cli import app as cli

    result = CliRunner().invoke(cli, ["audit", "--db", str(db), "--gebruiker", user, "--format", "json"])
    assert result.exit_code == 0, result.output
    entries: list[dict[str, object]] = json.loads(result.output)
    return entries


def _answers_to(app: FastAPI, agb: str) -> list[str]:
    return [
        str(name)
        for name in app.state.data.query(
            "SELECT file_name FROM control_answers WHERE run_id = (SELECT max(run_id) FROM control_runs) "
            "AND aanbieder = ? ORDER BY 1",
            [agb],
        )
        .column(0)
        .to_pylist()
    ]


def test_a_provider_downloads_its_own_jw325s_as_check_wrote_them(
    scoped_app: FastAPI, checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    import io
    import zipfile

    written = checked_db.parent / "jw325"  # what `zorgpad check --out` wrote for the same run
    own = _answers_to(scoped_app, region.aanbieder)
    assert own and region.answer in own
    client = role_clients["aanbieder"]
    page = client.get("/portaal", headers=HTML).text
    assert "Declaratie-antwoorden (JW325)" in page
    assert all(f'href="/portaal/jw325/{name}"' in page for name in own)
    assert f'href="/portaal/jw325?aanbieder={region.aanbieder}"' in page

    one = client.get(f"/portaal/jw325/{region.answer}")
    assert one.status_code == 200 and one.headers["content-type"].startswith("application/xml")
    assert f'filename="{region.answer}"' in one.headers["content-disposition"]
    assert one.content == (written / region.answer).read_bytes()
    assert f"<jw325:Ontvanger>{region.aanbieder}</jw325:Ontvanger>".encode() in one.content

    run = client.get("/portaal/jw325")
    assert run.status_code == 200 and run.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(run.content)) as archive:
        assert sorted(archive.namelist()) == own
        for name in own:
            assert archive.read(name) == (written / name).read_bytes()


def test_another_providers_jw325_is_403_and_every_download_is_audited(
    scoped_app: FastAPI, checked_db: Path, region: Region, role_clients: dict[str, TestClient]
) -> None:
    client = role_clients["aanbieder"]
    foreign = _answers_to(scoped_app, region.other_aanbieder)[0]
    refused = client.get(f"/portaal/jw325/{foreign}")
    assert refused.status_code == 403
    assert refused.json()["fout"] == {
        "code": "BUITEN-BEREIK",
        "bericht": refused.json()["fout"]["bericht"],
        "locatie": "path.bestand",
    }
    assert client.get(f"/portaal/jw325?aanbieder={region.other_aanbieder}").status_code == 403
    assert client.get("/portaal/jw325/JW325_bestaat_niet.xml").json()["fout"]["code"] == "ANTWOORD-ONBEKEND"
    assert client.get("/portaal/jw325?run=999").json()["fout"]["code"] == "RUN-ONBEKEND"
    assert role_clients["gemeente"].get(f"/portaal/jw325/{region.answer}").status_code == 403
    assert role_clients["regio"].get(f"/portaal/jw325/{foreign}").status_code == 200

    # A JW325 that returns lines names their clients: its download lists them in the audit trail.
    rejecting = (
        scoped_app.state.data.query(
            "SELECT file_name FROM control_answers WHERE aanbieder = ? AND afgewezen_cents > 0 ORDER BY 1",
            [region.aanbieder],
        )
        .column(0)
        .to_pylist()
    )
    assert rejecting, "the region store has no rejected line for the provider"
    assert client.get(f"/portaal/jw325/{rejecting[0]}").status_code == 200
    client.get("/portaal/jw325")
    trail = _audit(checked_db, "t-aanbieder")
    downloads = {str(e["route"]): e for e in trail if str(e["route"]).startswith("/portaal/jw325")}
    assert f"/portaal/jw325/{rejecting[0]}" in downloads and "/portaal/jw325" in downloads
    named = downloads[f"/portaal/jw325/{rejecting[0]}"]["clienten"]
    assert isinstance(named, list) and named and all(len(str(c)) == 32 for c in named)
    assert downloads["/portaal/jw325"]["bereik"] == f"aanbieder:{region.aanbieder}"
    refused_routes = {f"/portaal/jw325/{foreign}", f"/portaal/jw325?aanbieder={region.other_aanbieder}"}
    assert not refused_routes & set(downloads)  # a refused request returned no client data


def test_the_portal_shows_own_allocations_and_open_requests(
    scoped_app: FastAPI, region: Region, role_clients: dict[str, TestClient]
) -> None:
    import datetime as dt
    import re

    from zorgpad.access.worklist import worklist

    html = role_clients["aanbieder"].get("/portaal", headers=HTML).text
    latest = scoped_app.state.data.query(
        "SELECT toewijzing_nummer FROM allocations WHERE aanbieder = ? ORDER BY ingangsdatum DESC LIMIT 1",
        [region.aanbieder],
    ).to_pylist()
    assert latest and f'<th scope="row">{latest[0]["toewijzing_nummer"]}</th>' in html
    section = html.split('id="toewijzingen"')[1].split('id="verzoeken"')[0]
    foreign = scoped_app.state.data.query(
        "SELECT DISTINCT client_key FROM allocations WHERE aanbieder = ? "
        "EXCEPT SELECT client_key FROM allocations WHERE aanbieder = ?",
        [region.other_aanbieder, region.aanbieder],
    ).column(0)
    from zorgpad.access.pseudonyms import reference

    assert not any(reference(str(key)) in section for key in foreign.to_pylist())
    items = worklist(scoped_app.state.data.store, dt.date.today())
    open_requests = [item for item in items if item.request.aanbieder == region.aanbieder]
    requests_html = html.split('id="verzoeken"')[1]
    shown = re.findall(r'<tr><th scope="row">', requests_html)
    assert len(shown) == len(open_requests)
    if not open_requests:
        assert "Er staan geen verzoeken van u open." in requests_html
