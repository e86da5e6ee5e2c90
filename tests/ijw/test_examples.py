"""The 14 vendored example messages get exactly the verdicts the standard's own XSLT gives them.

Ten are valid; JW315 and JW318 fail the XSD; JW317 breaks exactly CS003 and JW323 exactly TR101.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zorgpad.ijw.validate import validate_path

EXPECTED_RULES: dict[str, set[str]] = {
    "JW301": set(),
    "JW302": set(),
    "JW305": set(),
    "JW306": set(),
    "JW307": set(),
    "JW308": set(),
    "JW315": {"XSD"},
    "JW316": set(),
    "JW317": {"CS003"},
    "JW318": {"XSD"},
    "JW319": set(),
    "JW320": set(),
    "JW323": {"TR101"},
    "JW325": set(),
}


def test_all_fourteen_examples_are_vendored(examples_dir: Path) -> None:
    assert sorted(p.stem for p in examples_dir.glob("JW*.xml")) == sorted(EXPECTED_RULES)


@pytest.mark.parametrize("code", sorted(EXPECTED_RULES))
def test_example_gets_exactly_the_official_verdict(code: str, examples_dir: Path) -> None:
    result = validate_path(examples_dir / f"{code}.xml")
    assert result.message == code
    assert {f.rule for f in result.findings} == EXPECTED_RULES[code], [f.message for f in result.findings]
    assert result.valid == (not EXPECTED_RULES[code])


def test_level2_findings_of_the_examples_carry_retourcode_0001(examples_dir: Path) -> None:
    for code in ("JW317", "JW323"):
        findings = validate_path(examples_dir / f"{code}.xml").findings
        assert findings
        assert {f.retourcode for f in findings} == {"0001"}
        assert all(f.xpath.startswith("/Bericht/") for f in findings)


def test_the_duplicate_reference_in_jw323_is_located(examples_dir: Path) -> None:
    (finding,) = validate_path(examples_dir / "JW323.xml").findings
    assert finding.xpath == "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]"
    assert "RN004" in finding.message
