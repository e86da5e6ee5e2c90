"""The knip page `/knip` on a synthetic Rijnmond year: the form, the figures per municipality that add
up, the missing local contracts, and Dutch messages for a wrong choice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rijnmond(rijnmond_db: Path) -> Iterator[TestClient]:
    app = create_app(rijnmond_db, "rijnmond", warm=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers.update(bearer_headers(app))
        yield client


def _euros(text: str) -> int:
    sign = -1 if "-" in text else 1
    digits = re.sub(r"[^0-9]", "", text)
    return sign * int(digits)


def test_the_knip_page_shows_moved_euros_and_payments_that_add_up(rijnmond: TestClient) -> None:
    html = rijnmond.get("/knip", params={"perceel": "D", "hoog": "ja", "naar": "lokaal"}).text
    table = re.search(r"<caption>De knip per gemeente.*?</table>", html, flags=re.S)
    assert table is not None
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table.group(0), flags=re.S)
    assert len(rows) == 13  # every municipality of the GRJR
    cells = [re.findall(r'<td class="getal">([^<]*)</td>', body) for _, body in rows]
    total = re.search(r'<tr class="totaal">(.*?)</tr>', table.group(0), flags=re.S)
    assert total is not None
    totals = re.findall(r'<td class="getal">([^<]*)</td>', total.group(1))
    moved = sum(_euros(c[0]) for c in cells)
    assert moved == _euros(totals[0]) and moved > 0
    assert sum(_euros(c[-1]) for c in cells) == 0 == _euros(totals[-1])
    assert "Ontbrekende lokale contracten" in html and "41D01" in html
    assert 'role="img"' in html


def test_the_knip_page_explains_a_wrong_choice_in_dutch(rijnmond: TestClient) -> None:
    html = rijnmond.get("/knip", params={"perceel": "D"}).text
    assert "Kies minstens één complexiteit" in html
    html = rijnmond.get("/knip", params={"perceel": "Z", "laag": "ja"}).text
    assert "Perceel Z bestaat niet" in html and "SCN-PERCEEL-ONBEKEND" in html


def test_the_contracts_page_marks_lighter_products_not_contracted(rijnmond: TestClient) -> None:
    html = rijnmond.get("/contracten", params={"aanbieder": "99100014"}).text
    assert "Dagcentrum Schiehaven" in html and "D (regionaal)" in html
