"""The scenario page: charts of baseline and scenarios per municipality, with tables and assumptions."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

SCENARIOS = {"s1": "indexeer_tarieven:procent=10", "s2": "identiek"}


def test_scenarios_are_charted_as_accessible_svg_with_tables(client: TestClient) -> None:
    html = client.get("/scenarios", params=SCENARIOS).text
    charts = re.findall(r"<svg[^>]*>", html)
    assert len(charts) == 2
    for opening in charts:
        assert 'role="img"' in opening and "aria-labelledby=" in opening
    assert (
        '<title id="g-scenario-bedrag-titel">' in html
        and '<desc id="g-scenario-verschil-omschrijving">' in html
    )
    assert "<caption>Bedrag per gemeente: basislijn en scenario's</caption>" in html
    assert "<caption>Verschil met de basislijn per gemeente</caption>" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_difference_table_holds_each_scenario_against_the_baseline(client: TestClient) -> None:
    html = client.get("/scenarios", params=SCENARIOS).text
    table = re.search(r"<caption>Verschil met de basislijn.*?</table>", html, flags=re.S)
    assert table is not None
    total = re.search(r'<tr class="totaal">(.*?)</tr>', table.group(0), flags=re.S)
    assert total is not None
    cells = re.findall(r'<td class="getal">([^<]*)</td>', total.group(1))
    # indexing every tariff by 10% adds about 10% (lines without a tariff in the catalogue stay as they were)
    assert cells[0].startswith("€ ") and cells[0] != "€ 0,00"
    assert float(cells[1].rstrip(" %").replace(",", ".")) > 5.0
    assert cells[2:] == ["€ 0,00", "0,0 %"]  # the identity reform changes nothing


def test_assumptions_show_value_source_and_band(client: TestClient) -> None:
    html = client.get("/scenarios", params=SCENARIOS).text
    assumptions = re.search(r"Aannames van indexeer_tarieven in scenario 1.*?</table>", html, flags=re.S)
    assert assumptions is not None
    row = re.search(r"<code>procent</code></th>(.*?)</tr>", assumptions.group(0), flags=re.S)
    assert row is not None
    cells = re.findall(r"<td>([^<]*)</td>", row.group(1))
    assert cells[1:3] == ["10 %", "opgegeven"]
    assert "–" in cells[3]
    assert "Deze hervorming heeft geen parameters." in html  # identiek


def test_without_scenarios_the_page_shows_only_the_form(client: TestClient) -> None:
    html = client.get("/scenarios").text
    assert "<svg" not in html and "Aannames per scenario" not in html
    assert 'class="knop"' in html


def test_a_composed_reform_from_the_form_without_syntax(client: TestClient) -> None:
    """Two reforms picked from the list, a product picked by name, one parameter left at its default."""
    products = client.get("/api/indicatoren/kosten-per-product").json()["rijen"]
    code = products[0]["product_code"]
    params = [
        ("hervorming", "indexeer_tarieven"),
        ("p-indexeer_tarieven-procent", "10"),
        ("hervorming", "begrens_duur"),
        ("p-begrens_duur-producten", code),
    ]
    html = client.get("/scenarios", params=params).text
    assert "Scenario 1: Maximale duur per product + Tarieven indexeren" in html
    assert re.search(r'id="p-indexeer_tarieven-procent-hint">standaard 3,3 ?%; bereik 1,5 ?% – 5 ?%', html)
    assert re.search(rf'<option value="{code}" selected>[^<(]+ \({code}\)</option>', html)
    assert "Bedrag per cliënt per gemeente" in html
    csv = client.get("/scenarios/csv", params=params)
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    header = csv.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:5] == ["Scenario", "Hervormingen", "Gemeente", "CBS-code", "Cliënten"]
    # The session's store has no control run: the baseline is what was declared, and says so.
    assert header[5:] == [
        "Bedrag nu, gedeclareerd (euro)", "Bedrag in scenario (euro)", "Verschil (euro)", "Verschil (%)",
        "Per cliënt nu (euro)", "Per cliënt in scenario (euro)",
    ]  # fmt: skip
    assert not any("_" in column for column in header)
    excel = client.get("/scenarios/excel", params=params)
    assert excel.status_code == 200 and excel.content[:2] == b"PK"


def test_form_errors_are_dutch_without_option_names(client: TestClient) -> None:
    html = client.get("/scenarios", params=[("hervorming", "begrens_duur")]).text
    problem = re.search(r'<p class="melding melding--fout" role="alert">([^<]+)</p>', html)
    assert problem is not None
    assert "--" not in problem.group(1) and "producten" in problem.group(1)
    bad = client.get(
        "/scenarios", params=[("hervorming", "indexeer_tarieven"), ("p-indexeer_tarieven-procent", "veel")]
    )
    assert "geen geldige waarde" in bad.text and "--reform" not in bad.text


def test_the_baseline_is_named_as_the_cli_names_it(client: TestClient) -> None:
    html = client.get("/scenarios", params=SCENARIOS).text
    # The session's store has no control run: every line counts, and the page says so.
    assert "basislijn (gedeclareerd; er is nog geen declaratiecontrole" in html
    assert "basislijn (toegekend)" not in html
