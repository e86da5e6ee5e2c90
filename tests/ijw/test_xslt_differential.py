"""zorgpad's level 2 equals the official iStandaarden XSLT on generated and mutated messages.

For each of the eight message types the stylesheet covers, hypothesis draws a valid message
(`ijw.strategies`), applies up to three generic mutations (`ijw.oracle_mutations`) and, when the
result still passes the XSD (level 2 only judges those, IV028), runs both the vendored official XSLT
(`oracle/`, lxml's XSLT 1.0) and zorgpad's level-2 rules: the sets of rule codes must be identical.
The stylesheet is slow, so the messages are small and the number of examples modest.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from ijw.oracle_mutations import MUTATIONS
from ijw.rules.mutate import load_example, to_bytes
from ijw.strategies import MESSAGES
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.rules import run_level2
from zorgpad.ijw.validate import xsd_findings
from zorgpad.ijw.writer import to_xml
from zorgpad.ijw.xslt_compare import OfficialXslt

ORACLE = Path(__file__).resolve().parent / "oracle" / "TR-CD-CS regels JW 3.2.xsl"
COVERED = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325")
EXAMPLES = 80
# What one run compared, per type (printed with pytest -s).
COMPARED: Counter[str] = Counter()
BROKEN: Counter[str] = Counter()


@cache
def official() -> OfficialXslt:
    return OfficialXslt(ORACLE)


def verdicts(raw: bytes) -> tuple[set[str], set[str]] | None:
    """(official codes, zorgpad codes) for an XSD-valid message; None when it fails the XSD."""
    document = parse_bytes(raw, "gegenereerd.xml")
    if xsd_findings(document):
        return None
    ours = {finding.rule for finding in run_level2(document, schema_valid=True)}
    return set(official().rule_codes(document)), ours


@pytest.mark.parametrize("code", COVERED)
def test_generated_and_mutated_messages_get_the_official_verdict(code: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=st.data())
    def differential(data: st.DataObject) -> None:
        root = etree.fromstring(to_xml(data.draw(MESSAGES[code])))
        for _ in range(data.draw(st.integers(0, 3), label="mutations")):
            data.draw(st.sampled_from(MUTATIONS), label="mutation")(data, root)
        result = verdicts(to_bytes(root))
        if result is None:
            return
        theirs, ours = result
        assert ours == theirs, (
            f"alleen XSLT: {sorted(theirs - ours)}; alleen zorgpad: {sorted(ours - theirs)}"
        )
        COMPARED[code] += 1
        BROKEN[code] += bool(theirs)

    differential()
    # The run must have compared enough messages, valid ones and ones the official XSLT rejects.
    assert COMPARED[code] >= EXAMPLES // 3
    assert 0 < BROKEN[code] < COMPARED[code]
    print(f"\n{code}: {COMPARED[code]} berichten vergeleken, {BROKEN[code]} door het XSLT afgekeurd")


@pytest.mark.parametrize("code", [c for c in COVERED if c != "JW315"])  # the JW315 example fails the XSD
def test_the_vendored_examples_get_the_official_verdict(code: str) -> None:
    result = verdicts(to_bytes(load_example(code)))
    assert result is not None
    theirs, ours = result
    assert ours == theirs


def test_tr319_a_line_after_the_declaration_period_is_rejected_in_the_message() -> None:
    root = load_example("JW323")
    end = root.find(".//{*}DeclaratiePeriode/{*}Einddatum")
    assert end is not None
    end.text = "2020-01-31"  # every ProductPeriode now lies after it
    theirs, ours = verdicts(to_bytes(root)) or (set(), set())
    assert "TR319" in theirs
    assert ours == theirs


def test_tr416_two_client_elements_with_one_bsn_are_not_compared() -> None:
    root = load_example("JW323")
    client = root.find(".//{*}Clienten/{*}Client")
    assert client is not None
    client.addnext(etree.fromstring(etree.tostring(client)))
    theirs, ours = verdicts(to_bytes(root)) or (set(), set())
    assert "TR416" not in ours
    assert ours == theirs


def test_tr416_a_second_debet_of_the_same_client_is_rejected() -> None:
    root = load_example("JW323")
    line = root.find(".//{*}Prestatie")
    assert line is not None
    copy = etree.fromstring(etree.tostring(line))
    reference = copy.find(".//{*}ReferentieNummer")
    assert reference is not None
    reference.text = "ANDER1"
    line.addnext(copy)
    theirs, ours = verdicts(to_bytes(root)) or (set(), set())
    assert "TR416" in ours
    assert ours == theirs
