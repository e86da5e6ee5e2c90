"""Every 'bericht inhoud (xslt)' rule of iJw 3.2 is registered for every message type it applies to.

The rule list comes from the vendored rule export, the message types from the per-element export
(rows naming the rule). Retour messages (JW302, ...) follow their heen message and have no rows.
This test stays red until every level-2 rule of every engineer is in the registry; do not weaken it.

Known oddity in the CSV, kept as the standard has it: TR101 is mapped to JW317 Client although a
JW317 holds exactly one Client (XSD maxOccurs 1), so that part of the rule can never fire.
"""

from __future__ import annotations

import csv
from importlib import resources

from zorgpad.ijw.rules import all_rules

DATA = resources.files("zorgpad.ijw").joinpath("data")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(DATA.joinpath(name).read_text("utf-8-sig").splitlines()))


def expected_registrations() -> set[tuple[str, str]]:
    level2 = {
        row["Regelcode"].strip()
        for row in _rows("Regels iStandaarden iJw versie 3.2.csv")
        if row["Controleniveau"].strip() == "bericht inhoud (xslt)"
    }
    return {
        (row["Regelcode"].strip(), row["Bericht"].strip())
        for row in _rows("Regels per data-element in een bericht.csv")
        if row["Regelcode"].strip() in level2 and row["Bericht"].strip().startswith("JW3")
    }


def test_every_level2_rule_is_registered_for_its_messages() -> None:
    registered = {(rule.code, message) for rule in all_rules() for message in rule.messages}
    missing = sorted(expected_registrations() - registered)
    assert not missing, f"level-2 rules not registered: {missing}"


def test_registered_rules_are_level2_with_retourcode_0001() -> None:
    for rule in all_rules():
        assert rule.retourcode == "0001", rule.code
        assert rule.title_nl


def test_no_rule_registered_for_a_message_the_standard_does_not_name() -> None:
    expected = expected_registrations()
    mine = {"TR101", "TR002", "TR018", "TR134", "TR137", "TR315", "TR316", "TR335", "TR342", "TR358"}
    mine |= {
        "TR416",
        "CD060",
        "CD087",
        "CS002",
        "CS058",
        "CS100",
        "CS139",
        "CS325",
        "CS337",
        "CS339",
        "CS340",
    }
    registered = {(rule.code, m) for rule in all_rules() for m in rule.messages if rule.code in mine}
    assert registered == {pair for pair in expected if pair[0] in mine}
