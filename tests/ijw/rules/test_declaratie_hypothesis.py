"""Property tests: targeted random mutations of the JW323 example raise exactly the expected rule."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from zorgpad.ijw.rules.common import passes_elfproef

from .mutate import load_example, rule_codes, set_text

LINE = "Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def clean_jw323() -> etree._Element:
    root = load_example("JW323")
    set_text(
        root,
        "Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]/ProductReferentie/ReferentieNummer",
        "RN005",
    )
    return root


@SETTINGS
@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_random_bsn_fails_exactly_when_the_elfproef_fails(bsn: str) -> None:
    root = clean_jw323()
    set_text(root, "Declaratie/Clienten/Client[1]/Bsn", bsn)
    expected = set() if passes_elfproef(bsn) else {"CS002"}
    assert rule_codes(root) == expected


@SETTINGS
@given(st.dates(date(2021, 6, 1), date(2026, 2, 1)), st.integers(1, 90))
def test_product_period_across_months_is_cs337(begin: date, length: int) -> None:
    end = begin + timedelta(days=length)
    root = clean_jw323()
    set_text(root, LINE + "/ProductPeriode/Begindatum", begin.isoformat())
    set_text(root, LINE + "/ProductPeriode/Einddatum", end.isoformat())
    same_month = (begin.year, begin.month) == (end.year, end.month)
    assert rule_codes(root) == (set() if same_month else {"CS337"})


@SETTINGS
@given(st.integers(0, 10**9).filter(lambda total: total != 79000))
def test_any_wrong_total_is_tr358(total: int) -> None:
    root = clean_jw323()
    set_text(root, "Declaratie/TotaalIngediendBedrag/TotaalBedrag", str(total))
    codes = rule_codes(root)
    # A total above the XSD maximum (999999999999) cannot occur: the range keeps it valid.
    assert codes == {"TR358"}


@SETTINGS
@given(st.integers(0, 99999999), st.sampled_from(["D", "C"]))
def test_line_amount_balanced_by_total(amount: int, side: str) -> None:
    root = clean_jw323()
    set_text(root, LINE + "/IngediendBedrag/Bedrag", str(amount))
    set_text(root, LINE + "/IngediendBedrag/DebetCredit", side)
    net = 74000 + (amount if side == "D" else -amount)
    set_text(root, "Declaratie/TotaalIngediendBedrag/TotaalBedrag", str(abs(net)))
    set_text(root, "Declaratie/TotaalIngediendBedrag/DebetCredit", "C" if net < 0 else "D")
    expected: set[str] = set()
    if side == "C":
        expected.add("CD060")  # a credit line without VorigReferentieNummer
        if amount == 0:
            expected.add("CS325")
    assert rule_codes(root) == expected
