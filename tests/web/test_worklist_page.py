"""The access page's worklist is judged as of the data's end (not today) and shows names, not codes."""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.testclient import TestClient


def test_worklist_reference_date_is_the_end_of_the_data(app: FastAPI, client: TestClient) -> None:
    end = app.state.data.data_end
    assert end.year == 2025  # the synthetic region-year, whatever today is
    html = client.get("/toegang").text
    assert f"Werklijst: open verzoeken op {end:%d-%m-%Y}" in html
    chosen = client.get("/toegang?op=2025-06-30").text
    assert "Werklijst: open verzoeken op 30-06-2025" in chosen


def test_worklist_names_municipalities(client: TestClient) -> None:
    html = client.get("/toegang").text
    table = re.search(r"<caption>Open verzoeken.*?</table>", html, flags=re.S)
    if table is None:  # no open requests in this region-year: nothing to name
        assert "Werklijst" in html
        return
    cells = re.findall(r"<td>([^<]*)</td>", table.group(0))
    assert not any(re.fullmatch(r"\d{4}", cell) for cell in cells), "a bare municipality code"
