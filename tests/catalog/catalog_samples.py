"""A small valid catalogue that the catalogue tests break one piece at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

VALID = """\
format: zorgpad-catalogus/1
version: "t1"
published: 2024-10-01
valid_from: 2025-01-01
example_data: true
region:
  id: test
  name: Testregio
  purchasing_body: Testinkoop
  municipalities:
    - {cbs_code: "0202", name: Arnhem}
    - {cbs_code: "0221", name: Doesburg}
staff_levels:
  - {code: HBO, name: HBO}
  - {code: WO, name: WO}
referral_policy:
  allowed_referrers: ["01", "02"]
  referral_term_months: 6
  max_allocation_months: 12
care_need_domains:
  - {code: psychisch, name: Psychisch}
care_forms:
  - {code: behandeling, name: Behandeling}
  - {code: begeleiding, name: Begeleiding}
lots:
  - code: E
    name: Ambulant
    parts:
      - {purchasing: regionaal, complexity: [midden, hoog], products: [54B01]}
      - {purchasing: lokaal, complexity: [laag], products: [45A01]}
products:
  - code: 54B01
    category: "54"
    care_form: behandeling
    name: Behandeling
    description: {target_group: a, care_need: b, intended_result: c}
    care_track: jeugd-ggz
    care_need_domains: [psychisch]
    complexity: midden
    funding_variant: inspanningsgericht
    unit: "04"
    frequencies: ["2", "6"]
    setting: individueel
    billable_time: direct_en_indirect
    max_duration_months: 12
    lighter_alternatives: [45A01]
    tariffs:
      - {valid_from: 2025-01-01, valid_to: 2025-06-30, blended: 9000, source: besluit 1}
      - {valid_from: 2025-07-01, by_level: {HBO: 8000, WO: 12000}, source: besluit 2}
  - code: 45A01
    category: "45"
    care_form: begeleiding
    name: Begeleiding groep
    description: {target_group: a, care_need: b, intended_result: c}
    care_track: jeugd-en-opvoedhulp
    care_need_domains: [psychisch]
    complexity: laag
    funding_variant: inspanningsgericht
    unit: "04"
    frequencies: ["2"]
    setting: groep
    group_size: {min: 4, max: 8}
    billable_time: direct
    tariffs:
      - {valid_from: 2025-01-01, blended: 1700, source: besluit 1}
contracts:
  - id: K1
    provider: {agb: "99000001", name: Aanbieder Een}
    valid_from: 2025-01-01
    valid_to: 2025-12-31
    municipalities: ["0202"]
    source: overeenkomst
    products:
      - code: 54B01
        tariffs:
          - {valid_from: 2025-01-01, blended: 9500, source: contract}
      - {code: 45A01}
    subcontractors:
      - {agb: "99000002", name: Onder, products: [45A01]}
"""

Writer = Callable[..., Path]


def line_of(path: Path, fragment: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `fragment`."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]
