"""Every knelpunt page opens with its conclusion: a status, the sentence, the norm and its source, the
next step; cards on the overview say what the problem is in one line; a municipality is set against the
region."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from zorgpad.insights.conclusions import rules
from zorgpad.insights.registry import all_indicators


def test_every_knelpunt_page_shows_a_conclusion(client: TestClient) -> None:
    slugs = {item.knelpunt.replace(":", "-") for item in all_indicators()}
    for slug in sorted(slugs):
        html = client.get(f"/knelpunten/{slug}").text
        assert re.search(r"Conclusie: <span class=\"status\">(voldoet|let op|actie)</span>", html), slug
        assert "<dt>Norm</dt>" in html and "<dt>Bron van de norm</dt>" in html, slug
        assert "<dt>Volgende stap</dt>" in html, slug


def test_cards_state_the_problem(client: TestClient) -> None:
    html = client.get("/knelpunten").text
    for rule in rules().values():
        assert rule.problem_nl in html


def test_municipality_drilldown_compares_with_the_region(client: TestClient) -> None:
    html = client.get("/gemeenten/0202").text
    assert "Ter vergelijking, de hele regio:" in html
    assert "Conclusie:" in html


def test_key_figures_are_not_links_themselves(client: TestClient) -> None:
    html = client.get("/").text
    assert not re.search(r"<a [^>]*><span class=\"kerncijfer__waarde\">", html)
    assert 'class="kerncijfer__label"><a href=' in html


def test_clients_per_thousand_young_people_against_the_region(client: TestClient) -> None:
    rows = client.get("/api/indicatoren/clienten-per-1000-jeugdigen").json()["rijen"]
    arnhem = next(row for row in rows if row["gemeente"] == "0202")
    assert arnhem["clienten_per_1000"] == round(arnhem["clienten"] * 1000 / arnhem["jeugdigen"], 1)
    region = (
        sum(r["clienten"] for r in rows if r["jeugdigen"]) * 1000 / sum(r["jeugdigen"] or 0 for r in rows)
    )
    assert {row["regio_clienten_per_1000"] for row in rows} == {round(region, 1)}
    alone = client.get("/api/indicatoren/clienten-per-1000-jeugdigen?gemeente=0202").json()["rijen"]
    assert alone[0]["regio_clienten_per_1000"] == round(region, 1)  # the region stays the region


def test_a_region_without_lots_gets_an_explanation_not_a_lone_bar(client: TestClient) -> None:
    knelpunt = client.get("/knelpunten/seed002-knip").text
    assert "kent geen percelen" in knelpunt
    assert 'id="g-knip-regionaal-lokaal-titel"' not in knelpunt  # no chart of one 'geen perceel' bar
    knip = client.get("/knip").text
    assert "Geen percelen, dus geen knip" in knip and "kent geen percelen" in knip
    assert 'name="perceel"' not in knip
    report = client.get("/gemeenten/0202/rapport/html").text
    assert "kent geen percelen" in report
    # The API and downloads still give the rows, for whoever wants them.
    assert client.get("/api/indicatoren/knip-regionaal-lokaal").json()["rijen"]
