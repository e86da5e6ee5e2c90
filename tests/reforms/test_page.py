"""The dashboard's scenario page compares up to three scenarios per municipality."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.app.web.app import create_app
from zorgpad.app.web.auth.testing import bearer_headers

with warnings.catch_warnings():
    # Starlette warns on import that its test client moves to httpx2; it works with httpx as documented.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from .conftest import CATALOG


@pytest.mark.slow
def test_page_compares_three_scenarios(region_db: Path) -> None:
    app = create_app(region_db, CATALOG)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers.update(bearer_headers(app))
        empty = client.get("/scenarios")
        assert empty.status_code == 200 and "Reken door" in empty.text
        page = client.get(
            "/scenarios",
            params={
                "s1": "identiek",
                "s2": "indexeer_tarieven:procent=10",
                "s3": "tarief_per_niveau; identiek",
            },
        )
        assert page.status_code == 200
        assert "Scenario 3" in page.text and "Arnhem" in page.text
        assert "(€ 0,00)" in page.text  # the identity scenario differs by nothing
        wrong = client.get("/scenarios", params={"s1": "bestaat_niet"})
        assert (
            wrong.status_code == 400 and "SCN-HERVORMING-ONBEKEND" in wrong.text
        )  # the form again, as a client error
