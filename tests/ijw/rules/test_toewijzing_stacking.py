"""TR302 (stacking in a toewijzing) on JW301, and the overlap search against a brute-force oracle."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.rules.stacking import Stint, overlapping
from zorgpad.ijw.rules.toewijzing import tr302

from .mutate import to_bytes
from .mutate_toewijzing import P2, drop, jw301, product, put, rule_codes, set_text


def test_same_code_overlapping_is_stacking() -> None:
    root = jw301()
    product(root, P2, "55", "55A11")
    assert rule_codes(root) == {"TR302"}


def test_same_code_back_to_back_is_not_stacking() -> None:
    root = jw301()
    product(root, P2, "55", "55A11")
    set_text(root, f"{P2}/Ingangsdatum", "2026-07-15")
    assert rule_codes(root) == set()


def test_allocation_without_code_stacks_with_its_category() -> None:
    root = jw301()
    drop(root, f"{P2}/Product/Code")
    drop(root, f"{P2}/Omvang")
    assert rule_codes(root) == {"TR302"}


def test_allocation_without_product_stacks_with_everything() -> None:
    root = jw301()
    drop(root, f"{P2}/Product")
    drop(root, f"{P2}/Omvang")
    put(root, P2, "Budget", "100000")
    assert rule_codes(root) == {"TR302"}


def test_deleted_allocation_is_ignored() -> None:
    root = jw301()
    product(root, P2, "55", "55A11")
    put(root, P2, "RedenWijziging", "13")
    set_text(root, f"{P2}/Einddatum", "2026-04-01")
    assert rule_codes(root) == set()


def test_both_overlapping_allocations_are_located() -> None:
    root = jw301()
    product(root, P2, "55", "55A11")
    document = parse_bytes(to_bytes(root), "jw301.xml")
    findings = list(tr302(RuleContext(document)))
    assert {f.xpath for f in findings} == {
        "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]",
        "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]",
    }
    assert all(f.retourcode == "0001" for f in findings)
    assert "2026-04-01 t/m 2026-07-14" in findings[0].message


# --- the overlap search itself --------------------------------------------------------------------

_DUMMY = etree.Element("ToegewezenProduct")
_DAY0 = date(2026, 1, 1)


def _same_product(a: Stint, b: Stint) -> bool:
    if a.category is None or b.category is None:
        return True
    if a.code is not None and b.code is not None:
        return a.category == b.category and a.code == b.code
    return a.category == b.category


def _overlap(a: Stint, b: Stint) -> bool:
    return b.start <= a.last_day and a.start <= b.last_day


@st.composite
def stints(draw: st.DrawFn) -> list[Stint]:
    count = draw(st.integers(0, 12))
    result = []
    for position in range(count):
        category = draw(st.sampled_from([None, "45", "55"]))
        code = None if category is None else draw(st.sampled_from([None, f"{category}A1", f"{category}A2"]))
        start = _DAY0 + timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.one_of(st.none(), st.integers(-3, 40)))
        end = None if length is None else start + timedelta(days=length)
        result.append(Stint(position, _DUMMY, category, code, start, end))
    return result


@settings(max_examples=300, deadline=None)
@given(stints())
def test_overlap_search_matches_all_pairs(items: list[Stint]) -> None:
    found = overlapping(items)
    expected = {
        a.position
        for a in items
        if any(b.position != a.position and _same_product(a, b) and _overlap(a, b) for b in items)
    }
    assert set(found) == expected
    for position, partner in found.items():
        me = items[position]
        assert partner.position != position
        assert _same_product(me, partner)
        assert _overlap(me, partner)
