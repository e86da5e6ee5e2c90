"""From a bar, a point or a table row to the claim lines behind it, and from a line to its verdict,
reasons and the trace of every control rule; plain links only (the CSP allows no inline script)."""

from __future__ import annotations

import re
from html import unescape

from starlette.testclient import TestClient


def _links(html: str, pattern: str) -> list[str]:
    return [unescape(found) for found in re.findall(pattern, html)]


def test_every_bar_of_costs_per_municipality_links_to_its_lines(client: TestClient) -> None:
    html = client.get("/indicatoren/kosten-per-gemeente").text
    bars = _links(html, r'<a href="(/declaraties\?[^"]+)" aria-label="Declaratieregels van [^"]+"')
    rows = client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"]
    assert len(bars) == len(rows)
    assert 'target="_blank"' not in html and "<script" not in html
    first = next(link for link in bars if "gemeente=0202" in link)
    lines = client.get(first).text
    assert "Actieve filters:</strong> gemeente Arnhem" in lines
    expected = next(row for row in rows if row["gemeente"] == "0202")
    assert f"{expected['prestaties']:,}".replace(",", ".") in lines


def test_month_points_and_table_rows_link_to_a_month_of_lines(client: TestClient) -> None:
    html = client.get("/indicatoren/kosten-per-maand").text
    points = _links(html, r'<a href="(/declaraties\?van=2025-02-01&amp;tot=2025-02-28)"')
    assert points, "the February point links to February's lines"
    assert (
        '<th scope="row"><a href="/declaraties?van=2025-02-01&amp;tot=2025-02-28">feb 2025</a></th>' in html
    )


def test_a_line_shows_verdict_reasons_and_the_explain_trace(client: TestClient) -> None:
    lines = client.get("/declaraties?gemeente=0202").text
    first = unescape(re.findall(r'<th scope="row"><a href="(/declaraties/[^"]+)">', lines)[0])
    page = client.get(first)
    assert page.status_code == 200
    html = page.text
    assert re.search(r"Oordeel: <span [^>]*>(afgewezen|gesignaleerd|goedgekeurd)</span>", html)
    assert "<h3>Reden</h3>" in html and "Uitleg per controleregel" in html
    assert "Arnhem" in html and re.search(r"regelcode ZP1\d\d", html)
    assert re.search(r"<td>(voldaan|NIET VOLDAAN|niet van toepassing|overgeslagen)", html)


def test_a_line_outside_the_filters_is_not_found(client: TestClient) -> None:
    lines = client.get("/declaraties?gemeente=0202").text
    reference = re.findall(r'<th scope="row"><a href="/declaraties/([^"?]+)', lines)[0]
    answer = client.get(f"/declaraties/{reference}?gemeente=0221")
    assert answer.status_code == 404
    assert answer.json()["fout"]["code"] == "DECLARATIEREGEL-ONBEKEND"
