"""Scenario tests as data: every `tests/scenarios/*.yaml` case is run through the whole control chain.

Given allocations, declarations (and delivery records, referrals, a catalogue), the case expects the
codes per claim line (exactly: a line not named must get no finding at all), findings on declarations,
allocations and providers, and the granted and rejected amounts of the JW325 answers. Every JW325 is
also validated against the XSD and the level-2 rules (TR342 included).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from control.scenario_tables import TableBuilder
from zorgpad.catalog.bundled import load_catalog, load_versions
from zorgpad.catalog.model import CatalogFile
from zorgpad.control.engine import builtin_rules
from zorgpad.control.policy import PolicyTables, flatten, policy_from_catalogs
from zorgpad.control.run import answers, check
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.validate import validate_document

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
ANSWER_DATE = dt.date(2026, 3, 1)
GROUPS = ("bevindingen", "declaraties", "toewijzingen", "aanbieders", "verzoeken", "meldingen", "berichten")


def _cases() -> list[Any]:
    params = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["gevallen"]:
            params.append(pytest.param(document, case, id=f"{path.stem}: {case['naam']}"))
    return params


def _policy(document: dict[str, Any], case: dict[str, Any]) -> PolicyTables | None:
    name = case.get("catalogus", document.get("catalogus"))
    if name is None:
        return None
    catalog = load_catalog(name)
    changes = case.get("catalogus_wijzigingen", document.get("catalogus_wijzigingen"))
    policy_changes = case.get("catalogus_verwijsbeleid", document.get("catalogus_verwijsbeleid"))
    if not changes and not policy_changes:
        # A bundled name means every version of the region, as `--catalog NAME` does.
        return policy_from_catalogs(load_versions(name))
    data = catalog.data.model_dump(mode="python")
    for product in data["products"]:
        product.update((changes or {}).get("producten", {}).get(product["code"], {}))
    data["referral_policy"].update(policy_changes or {})
    return flatten(CatalogFile.model_validate(data), name=catalog.name, content_hash="scenario")


def _build(given: dict[str, Any]) -> TableBuilder:
    builder = TableBuilder()
    for row in given.get("toewijzingen", []):
        builder.allocation(row)
    for row in given.get("declaraties", []):
        builder.declaration(row)
    for row in given.get("sessies", []):
        builder.session(row)
    for row in given.get("verwijzingen", []):
        builder.referral(row)
    for row in given.get("verzoeken", []):
        builder.change_request(row)
    for row in given.get("starts", []):
        builder.care_message(row, "start")
    for row in given.get("stops", []):
        builder.care_message(row, "stop")
    for row in given.get("aanvragen", []):
        builder.allocation_request(row)
    for row in given.get("antwoorden", []):
        builder.request_answer(row)
    return builder


def _rows(findings: Any) -> list[str]:
    return sorted(repr(row) for row in findings.to_pylist())


@pytest.mark.parametrize(("document", "case"), _cases())
def test_scenario(document: dict[str, Any], case: dict[str, Any]) -> None:
    builder = _build(case["gegeven"])
    backend, tables = builder.build()
    policy = _policy(document, case)
    result = check(backend, tables, policy)
    # A store without the summaries kept at ingest (older, or written by hand) gets the same findings.
    unsummarised = check(*builder.build(summarised=False), policy)
    assert _rows(unsummarised.findings) == _rows(result.findings)
    expect = case.get("verwacht", {})

    ident = {
        row["message_id"]: row["identificatie"]
        for row in tables["messages"].select("message_id", "identificatie").to_pyarrow().to_pylist()
    }
    per_line: dict[str, set[str]] = defaultdict(set)
    per_object: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in result.findings.to_pylist():
        if row["object"] == "prestatie":
            per_line[row["referentie_nummer"]].add(row["rule"])
        elif row["object"] == "declaratie":
            per_object["declaraties"][ident[row["message_id"]]].add(row["rule"])
        elif row["object"] == "toewijzing":
            per_object["toewijzingen"][str(row["toewijzing_nummer"])].add(row["rule"])
        elif row["object"] == "verzoek":
            per_object["verzoeken"][ident[row["message_id"]]].add(row["rule"])
        elif row["object"] == "melding":
            per_object["meldingen"][ident[row["message_id"]]].add(row["rule"])
        elif row["object"] == "bericht":
            per_object["berichten"][ident[row["message_id"]]].add(row["rule"])
        else:
            per_object["aanbieders"][row["aanbieder"]].add(row["rule"])
    expected_lines = {str(k): set(v or []) for k, v in (expect.get("bevindingen") or {}).items()}
    refs = {
        str(line["ref"])
        for decl in case["gegeven"].get("declaraties", [])
        for line in decl.get("prestaties", [])
    }
    actual_lines = {ref: per_line.get(ref, set()) for ref in refs}
    assert actual_lines == {ref: expected_lines.get(ref, set()) for ref in refs}
    for kind in GROUPS[1:]:
        wanted = {str(k): set(v) for k, v in (expect.get(kind) or {}).items()}
        assert {k: v for k, v in per_object[kind].items() if v} == wanted, kind

    # Explanations per ReferentieNummer (a provider's findings: per AGB code) and rule.
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in result.findings.to_pylist():
        key = row["aanbieder"] if row["object"] == "aanbieder" else row["referentie_nummer"]
        texts[(str(key), row["rule"])].append(row["explanation"])
    for ref, per_rule in (expect.get("uitleg") or {}).items():
        for code, fragments in per_rule.items():
            found = texts[(str(ref), code)]
            assert found, (ref, code)
            for fragment in fragments:
                if fragment.startswith("niet: "):
                    assert all(fragment.removeprefix("niet: ") not in text for text in found), found
                else:
                    assert any(fragment in text for text in found), found

    replies = answers(tables, result, ANSWER_DATE)
    for reply in replies:
        data = etree.tostring(reply.root, xml_declaration=True, encoding="UTF-8")
        assert validate_document(parse_bytes(data, reply.name)) == ()
    if "toegekend" in expect:
        assert sum(r.granted for r in replies) == expect["toegekend"]
    if "afgewezen" in expect:
        assert sum(r.rejected for r in replies) == expect["afgewezen"]
    if "afgewezen_credit" in expect:
        assert sum(r.rejected_credits for r in replies) == expect["afgewezen_credit"]


def test_every_rule_has_a_trigger_and_a_near_miss() -> None:
    triggered: dict[str, int] = defaultdict(int)
    misses: dict[str, int] = defaultdict(int)
    for path in SCENARIOS.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule = document["regel"]
        for case in document["gevallen"]:
            expect = case.get("verwacht", {})
            named = [c for group in GROUPS for codes in (expect.get(group) or {}).values()
                     for c in (codes or [])]  # fmt: skip
            if rule in named:
                triggered[rule] += 1
            else:
                misses[rule] += 1
    codes = {rule.code for rule in builtin_rules()}
    assert {c for c in codes if not triggered[c]} == set()
    assert {c for c in codes if not misses[c]} == set()
