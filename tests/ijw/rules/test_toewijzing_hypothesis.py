"""Targeted random mutations of the first allocation in the JW301 example, against the rule table.

The expected findings come from the conditions as the standard states them (BRIEF §2.2, §4), written
out independently here: the product shape (specific, aspecific, generic), Omvang versus Budget,
Einddatum around the Ingangsdatum, unit and frequency, reason for change. The second allocation
(55A12, 2026-04-01 t/m 2026-07-19) stays as it is, so stacking with it is part of the oracle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from .mutate_toewijzing import P1, drop, jw301, omvang, product, put, rule_codes, set_text

START = date(2026, 4, 1)
SECOND_START, SECOND_END = date(2026, 4, 1), date(2026, 7, 19)


@dataclass(frozen=True)
class Allocation:
    shape: str  # "specific" (category and code), "aspecific" (category only), "generic" (no Product)
    end_offset: int | None  # Einddatum = Ingangsdatum + offset days; None: no Einddatum
    has_omvang: bool
    unit: str
    frequency: str
    has_budget: bool
    reason: str | None

    @property
    def end(self) -> date | None:
        return None if self.end_offset is None else START + timedelta(days=self.end_offset)


allocations = st.builds(
    Allocation,
    shape=st.sampled_from(["specific", "aspecific", "generic"]),
    end_offset=st.one_of(st.none(), st.integers(-3, 120)),
    has_omvang=st.booleans(),
    unit=st.sampled_from(["01", "04", "14", "16", "82", "83", "84"]),
    frequency=st.sampled_from(["1", "2", "4", "6"]),
    has_budget=st.booleans(),
    reason=st.sampled_from([None, "01", "02", "13"]),
)


def expected_rules(a: Allocation) -> set[str]:
    end = a.end
    has_code = a.shape == "specific"
    after_2020_or_open = end is None or end > date(2020, 12, 31)
    deleted = a.reason in {"01", "13"} and end == START
    overlaps_second = end is None or end >= SECOND_START
    stacks = not has_code and not deleted and overlaps_second
    conditions = {
        "CS003": end is not None and end < START,
        "CD041": has_code and not a.has_omvang,
        "CD075": a.has_budget and end is None,
        "CD076": a.has_omvang and a.frequency == "2" and end is None,
        "CD077": a.has_budget and a.has_omvang,
        "CD078": a.has_budget and a.has_omvang,
        "CD079": not a.has_budget and a.shape == "generic",
        "CD080": a.has_omvang and not has_code and after_2020_or_open,
        "CS338": a.has_omvang
        and a.unit in {"14", "16", "83", "84"}
        and after_2020_or_open
        and a.frequency not in {"2", "4", "6"},
        "CS335": a.reason == "13" and end is not None and end != START,
        "CS336": a.reason == "01",
        "TR302": stacks,
    }
    return {code for code, broken in conditions.items() if broken}


@settings(max_examples=150, deadline=None)
@given(allocations)
def test_mutated_allocation_gets_exactly_the_expected_rules(a: Allocation) -> None:
    root = jw301()
    if a.shape == "generic":
        drop(root, f"{P1}/Product")
    else:
        product(root, P1, "55", "55A11" if a.shape == "specific" else None)
    if a.end is None:
        drop(root, f"{P1}/Einddatum")
    else:
        put(root, P1, "Einddatum", a.end.isoformat())
    if a.reason is not None:
        put(root, P1, "RedenWijziging", a.reason)
    drop(root, f"{P1}/Omvang")
    if a.has_omvang:
        omvang(root, P1, "3", a.unit, a.frequency)
    if a.has_budget:
        put(root, P1, "Budget", "125000")
    set_text(root, f"{P1}/Ingangsdatum", START.isoformat())
    assert rule_codes(root) == expected_rules(a)
