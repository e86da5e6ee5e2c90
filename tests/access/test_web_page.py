"""The `/toegang` dashboard page: triage path and why, worklist with deadlines, status notifications."""

from __future__ import annotations

import warnings
from pathlib import Path

from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers

from .builder import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

GIVEN = {
    "requests": [
        {"ref": "R-W1", "client": "A", "gemeente": "0202", "aanbieder": "99000011", "product": "54B02",
         "ingang": "2026-04-16", "einde": "2026-09-15", "dagtekening": "2026-04-02"},
    ],
}  # fmt: skip


def test_toegang_page(tmp_path: Path) -> None:
    db = build_store(GIVEN, tmp_path)
    app = create_app(db, "centraal-gelderland")
    with TestClient(app) as client:
        client.headers.update(bearer_headers(app))
        page = client.get("/toegang?op=2026-04-03&acuut_onveilig=nee&domein=gedrag&leefgebieden=2")
        assert page.status_code == 200
        html = page.text
        assert '<html lang="nl">' in html and html.count("<h1") == 1
        assert "Gevolgd pad en waarom" in html and "Advies gedrag-midden" in html and "45B04" in html
        assert "R-W1" in html and "10-04-2026" in html and "nog 4 werkdagen" in html
        missing = client.get("/toegang?acuut_onveilig=nee").text
        assert 'role="alert"' in missing and "Beantwoord vraag" in missing
        bad = client.get("/toegang?op=morgen", headers={"accept": "application/json"})
        assert bad.status_code == 400 and bad.json()["fout"]["code"] == "FILTER-DATUM-ONGELDIG"
