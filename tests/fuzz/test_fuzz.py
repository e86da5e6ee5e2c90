"""Fuzzing (issue 17, item 9): mutants of a synthetic region and hostile HTTP requests, in CI's time.

The longer run is `benchmarks/fuzz.py`. Here: 2,000 mutated messages through validate -> ingest ->
check with no traceback, no hang and no stored value that differs from the validated one; 300 hostile
HTTP requests without a 5xx; and hypothesis on the one reading of split values.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from fuzz.harness import Tally, corpus, run_http, run_messages
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.validate import validate_document
from zorgpad.ijw.values import value_of

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "zorgpad" / "ijw" / "examples" / "JW301.xml"


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return corpus(tmp_path_factory.mktemp("fuzzregio"))


@pytest.mark.slow
def test_mutants_through_validate_ingest_check(
    region: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZORGPAD_PSEUDONYM_KEY", "fuzz-tests-pseudonym-key-0123456789")
    tally = Tally()
    run_messages(region, 2000, seed=17, work=tmp_path, tally=tally, batch=1000)
    assert tally.mutants == 2000
    assert tally.tracebacks == [] and tally.hangs == []
    assert tally.validated == 2000  # every mutant got a verdict
    assert tally.stored_messages > 100 and tally.compared_values > 300
    assert tally.differing_values == 0
    assert {"split_comment", "split_pi", "split_cdata"} <= set(tally.kinds)
    assert tally.answers > 0

    run_http(tmp_path / "partij000" / "zorg.duckdb", 300, seed=17, tally=tally)
    assert tally.http_requests == 300
    assert tally.http_5xx == 0, tally.tracebacks[:5]
    assert tally.tracebacks == []


def _leaves(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and not len(e) and e.text]


LEAF_COUNT = len(_leaves(etree.fromstring(EXAMPLE.read_bytes())))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    leaf=st.integers(min_value=0, max_value=LEAF_COUNT - 1),
    cut=st.integers(min_value=0, max_value=40),
    kind=st.sampled_from(["<!-- x -->", "<!---->", "<?pi x?>", "<![CDATA[]]>"]),
)
def test_a_split_value_reads_and_validates_as_the_whole(leaf: int, cut: int, kind: str) -> None:
    original = etree.fromstring(EXAMPLE.read_bytes())
    element = _leaves(original)[leaf]
    text = element.text or ""
    cut = min(cut, len(text))
    marker = "\ue000"
    element.text = text[:cut] + marker + text[cut:]
    data = etree.tostring(original, xml_declaration=True, encoding="UTF-8").replace(
        marker.encode(), kind.encode()
    )
    document = parse_bytes(data, "JW301.xml")
    assert value_of(_leaves(document.root)[leaf]) == text
    assert validate_document(document) == validate_document(parse_bytes(EXAMPLE.read_bytes(), "JW301.xml"))
