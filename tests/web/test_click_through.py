"""From a bar, a point or a table row to the claim lines behind it, and from a line to its verdict,
reasons and the trace of every control rule; plain links only (the CSP allows no inline script)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from zorgpad.app.web.links import claim_link
from zorgpad.insights.registry import Filters, all_indicators


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


def test_every_indicator_row_links_to_its_claim_lines(app: FastAPI, client: TestClient) -> None:
    """Also the dimensions that are not filters: a care form, a lot, a reason, a kind of move, a rule."""
    linked = 0
    for item in all_indicators():
        table = app.state.data.outcome(item, Filters()).table
        if table is None or table.num_rows == 0:
            continue
        link = claim_link(item, Filters())
        assert link is not None, item.id
        target = link(table.to_pylist()[0])
        assert target is not None and target.startswith("/declaraties"), item.id
        page = client.get(target, headers={"accept": "text/html"})
        assert page.status_code == 200, (item.id, target, page.text[:300])
        assert "Actieve filters:" in page.text
        linked += 1
    assert linked >= 15


def _lines(app: FastAPI, selection: tuple[tuple[str, str], ...]) -> list[dict[str, object]]:
    table, total = app.state.data.claim_lines(Filters(), 1_000_000, selection)
    assert table.num_rows == total
    rows: list[dict[str, object]] = table.to_pylist()
    return rows


@pytest.mark.parametrize(
    ("indicator_id", "columns"),
    [("kosten-per-zorgvorm", ("zorgvorm",)), ("knip-regionaal-lokaal", ("perceel", "inkoop"))],
)
def test_a_care_form_or_lot_lists_exactly_the_lines_it_counts(
    app: FastAPI, client: TestClient, indicator_id: str, columns: tuple[str, ...]
) -> None:
    rows = client.get(f"/api/indicatoren/{indicator_id}").json()["rijen"]
    assert rows
    for row in rows:
        lines = _lines(app, tuple((column, str(row[column])) for column in columns))
        assert sum(int(str(line["signed_bedrag"])) for line in lines) == row["bedrag"], row
    if indicator_id == "kosten-per-zorgvorm":  # (this region has no lots: the knip is explained, not drawn)
        html = client.get(f"/indicatoren/{indicator_id}").text
        assert f"/declaraties?{columns[0]}=" in unescape(html)


def test_a_move_a_reason_and_a_referrer_reach_lines(app: FastAPI, client: TestClient) -> None:
    moves = client.get("/api/indicatoren/op-en-afschalen").json()["rijen"]
    kind = max(moves, key=lambda row: row["overgangen"])["soort"]
    moved = _lines(app, (("overgang", kind),))
    assert moved
    page = client.get(f"/declaraties?overgang={kind}", headers={"accept": "text/html"}).text
    assert f"soort overgang {kind}" in page
    exits = client.get("/api/indicatoren/uitstroom-per-reden").json()["rijen"]
    reason = max(exits, key=lambda row: row["trajecten"])["reden"]
    assert _lines(app, (("reden", reason),))
    page = client.get(f"/declaraties?reden={reason}", headers={"accept": "text/html"}).text
    assert "reden van beëindiging " in page and f"({reason})" in page


def test_a_bad_selector_value_is_a_located_dutch_error(client: TestClient) -> None:
    answer = client.get("/declaraties", params={"zorgvorm": "x" * 500})
    assert answer.status_code == 400
    assert answer.json()["fout"]["code"] == "FILTER-CODE-ONGELDIG"
    assert answer.json()["fout"]["locatie"] == "query.zorgvorm"


def test_a_bar_summing_several_rows_links_to_what_they_share(app: FastAPI) -> None:
    import pyarrow as pa

    from zorgpad.insights.registry import get_indicator
    from zorgpad.report.charts import plot_data

    item = get_indicator("stromen-tussen-producten")
    rows = [
        {"van_product": "45A48", "naar_product": "45A49", "soort": "afschalen", "overgangen": 3},
        {"van_product": "45A48", "naar_product": "54001", "soort": "opschalen", "overgangen": 2},
        {"van_product": "54001", "naar_product": "45A48", "soort": "afschalen", "overgangen": 1},
    ]
    link = claim_link(item, Filters())
    assert link is not None
    plot = plot_data(app.state.data, item, pa.Table.from_pylist(rows), link)
    assert plot is not None and plot.links is not None
    by_name = dict(zip(plot.categories, plot.links, strict=True))
    names = app.state.data.names
    shared = next(url for name, url in by_name.items() if names.name("product_code", "45A48") in name)
    assert shared == "/declaraties?van_product=45A48"  # both moves from 45A48, whatever they went to
    single = next(url for name, url in by_name.items() if names.name("product_code", "54001") in name)
    assert single == "/declaraties?van_product=54001&naar_product=45A48&overgang=afschalen"
    assert (
        link(rows[0]) == "/declaraties?van_product=45A48&naar_product=45A49&overgang=afschalen"
    )  # a table row
