"""Every knelpunt figure and policy rule declares the data it rests on; the dashboard shows it."""

from __future__ import annotations

from starlette.testclient import TestClient

from zorgpad.control.engine import builtin_rules
from zorgpad.insights.data_basis import INDICATORS, POLICY_RULES, describe, for_indicator, for_rule
from zorgpad.insights.registry import all_indicators


def test_every_indicator_declares_its_data() -> None:
    assert {i.id for i in all_indicators()} == set(INDICATORS)


def test_every_policy_rule_declares_its_data_and_it_matches_what_the_rule_reads() -> None:
    rules = list(builtin_rules())
    assert {r.code for r in rules if r.code.startswith("ZP")} == set(POLICY_RULES)
    for rule in rules:
        sources = for_rule(rule.code)
        assert ("sessions" in rule.needs) == ("levering" in sources), rule.code
        assert ("referrals" in rule.needs) <= ("toegang" in sources), rule.code


def test_the_description_says_when_a_region_lacks_the_data() -> None:
    assert "alleen iJw-berichten" in describe(for_indicator("kosten-per-gemeente"))
    delivery = describe(for_indicator("groep-individueel-per-aanbieder"))
    assert "leveringsgegevens" in delivery and "na een controle" in delivery


def test_dashboard_shows_the_data_beside_each_figure(client: TestClient) -> None:
    html = client.get("/indicatoren/directe-indirecte-tijd").text
    assert '<p class="gegevens">Berust op: iJw-berichten en leveringsgegevens' in html
    html = client.get("/knelpunten/seed000-4").text
    assert html.count('<p class="gegevens">') >= 3
    page = client.get("/gegevens").text
    assert "ZP101" in page and "leveringsgegevens (sessieregistratie) van aanbieders" in page
