"""The server-rendered pages: structure, accessibility basics, filters and downloads (without a browser)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from zorgpad.insights.registry import all_indicators


def test_the_core_pages_are_walked(page_paths: list[str]) -> None:
    expected = {"/", "/knelpunten", "/indicatoren", "/gemeenten", "/aanbieders"}
    assert expected <= set(page_paths)
    assert len(page_paths) >= 9


def test_pages_are_dutch_accessible_html(client: TestClient, page_paths: list[str]) -> None:
    for path in page_paths:
        if "/rapport/" in path:  # the board report is a printable document of its own (axe: test_browser)
            assert '<html lang="nl">' in client.get(path).text
            continue
        answer = client.get(path)
        assert answer.status_code == 200, path
        html = answer.text
        assert '<html lang="nl">' in html
        assert 'href="#inhoud"' in html and 'id="inhoud"' in html
        assert html.count("<h1") == 1
        assert 'aria-current="page"' in html
        for table in re.findall(r"<table.*?</table>", html, flags=re.S):
            assert "<caption>" in table, path
            assert '<th scope="col">' in table or '<th scope="col" ' in table, path
        assert not re.search(r'(?:src|href|action)="(?:https?:)?//', html), f"{path} refers elsewhere"


def test_charts_are_accessible_svg_with_unique_ids(client: TestClient) -> None:
    html = client.get("/knelpunten/seed000-4").text
    charts = re.findall(r"<svg[^>]*>", html)
    assert charts
    for opening in charts:
        # a chart whose bars are links to claim lines is a group of links; any other is an image
        assert re.search(r'role="(img|group)"', opening) and "aria-labelledby=" in opening
    assert 'role="group"' in html
    assert html.count("<title id=") == len(charts) and html.count("<desc id=") == len(charts)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_each_chart_has_its_table_and_downloads(client: TestClient) -> None:
    html = client.get("/indicatoren/kosten-per-gemeente").text
    assert 'class="grafiek"' in html
    assert "<caption>Kosten per gemeente: de cijfers</caption>" in html or "de cijfers</caption>" in html
    assert 'href="/indicatoren/kosten-per-gemeente/csv"' in html
    assert 'href="/indicatoren/kosten-per-gemeente/excel"' in html


def test_filters_are_in_the_url_and_change_the_table(client: TestClient) -> None:
    rows = client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"]
    chosen = rows[0]["gemeente"]
    other = rows[1]["gemeente"]
    page = client.get(f"/indicatoren/kosten-per-gemeente?gemeente={chosen}").text
    assert f'<option value="{chosen}" selected>' in page
    assert f"({other})</a></th>" not in page
    assert "/indicatoren/kosten-per-gemeente/csv?gemeente=" in page
    assert f"({other})</a></th>" in client.get("/indicatoren/kosten-per-gemeente").text


def test_csv_download_holds_the_api_rows(client: TestClient) -> None:
    api = client.get("/api/indicatoren/kosten-per-product?van=2025-01-01&tot=2025-06-30").json()
    answer = client.get("/indicatoren/kosten-per-product/csv?van=2025-01-01&tot=2025-06-30")
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    named = table[0].index("product_code_naam")  # the name beside the code
    assert named == table[0].index("product_code") + 1
    assert all(row[named] and row[named] != row[named - 1] for row in table[1:])
    # The API carries the same names beside the codes.
    # Amounts are in euros for people (the JSON API keeps eurocents).
    assert table[0] == [f"{c} (euro)" if c == "bedrag" else c for c in api["kolommen"]]
    expected = [[str(v / 100 if k == "bedrag" else v) for k, v in row.items()] for row in api["rijen"]]
    assert expected == table[1:]


def test_excel_download_holds_the_api_rows_and_a_note(client: TestClient) -> None:
    api = client.get("/api/indicatoren/kosten-per-gemeente").json()
    answer = client.get("/indicatoren/kosten-per-gemeente/excel")
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    try:
        rows = [list(r) for r in book["Gegevens"].iter_rows(values_only=True)]
        notes = {r[0]: r[1] for r in book["Toelichting"].iter_rows(values_only=True)}
    finally:
        book.close()
    named = rows[0].index("gemeente_naam")
    assert "Arnhem" in [row[named] for row in rows[1:]]  # the API carries the same names
    assert rows[0] == [f"{c} (euro)" if c == "bedrag" else c for c in api["kolommen"]]
    assert rows[1:] == [[v / 100 if k == "bedrag" else v for k, v in row.items()] for row in api["rijen"]]
    assert notes["Id"] == "kosten-per-gemeente"
    assert notes["Eenheid"].startswith("euro") and "eurocent" not in notes["Eenheid"]


def test_drilldown_fixes_its_filter(client: TestClient) -> None:
    gemeente = client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"][0]["gemeente"]
    html = client.get(f"/gemeenten/{gemeente}").text
    assert f"csv?gemeente={gemeente}" in html
    assert 'id="f-gemeente"' not in html
    assert "/indicatoren/kosten-per-gemeente/csv" not in html


def test_without_catalogue_pages_explain_what_is_missing(bare_client: TestClient) -> None:
    needs = next(item for item in all_indicators() if item.needs_catalog)
    html = bare_client.get(f"/indicatoren/{needs.id}").text
    assert "productstructuur" in html


@pytest.mark.parametrize("path", ["/static/zorgpad.css", "/static/favicon.svg", "/favicon.ico"])
def test_assets_are_served_by_the_app(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
