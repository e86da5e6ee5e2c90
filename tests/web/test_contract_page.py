"""The contracts page `/contracten`: rows per provider and product, narrowed by the common filters."""

from __future__ import annotations

import re

from starlette.testclient import TestClient


def _rows(html: str) -> list[str]:
    body = re.search(r"<caption>Contracten per aanbieder en product</caption>.*?</table>", html, flags=re.S)
    assert body is not None
    return re.findall(r"<tr><th scope=\"row\">.*?</tr>", body.group(0), flags=re.S)


def test_contracts_page_lists_tariffs_levels_and_lighter_care(client: TestClient) -> None:
    html = client.get("/contracten", params={"van": "2026-03-01"}).text
    rows = _rows(html)
    row = next(r for r in rows if "Opvoedhulp Betuwe" in r and "45A48" in r)
    assert "€ 84,70 (contracttarief)" in row
    assert "Contracten" in html and 'href="/contracten"' in html


def test_contracts_page_narrows_to_a_municipality_and_provider(client: TestClient) -> None:
    everything = _rows(client.get("/contracten").text)
    arnhem = _rows(client.get("/contracten", params={"gemeente": "0202"}).text)
    assert 0 < len(arnhem) < len(everything)
    assert not any("Kinderpraktijk Veluwezoom" in r for r in arnhem)
    one = _rows(client.get("/contracten", params={"aanbieder": "99000012"}).text)
    assert one and all("99000012" in r for r in one)


def test_contracts_page_without_catalogue_explains_why(bare_client: TestClient) -> None:
    response = bare_client.get("/contracten", headers={"accept": "text/html"})
    assert response.status_code == 409 and "CONTRACTEN-GEEN-CATALOGUS" in response.text
