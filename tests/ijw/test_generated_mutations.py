"""Targeted mutations of generated valid messages are caught with exactly the right rule codes.

Each test draws a valid message of one family (`ijw.strategies`), breaks one condition in its XML and
asserts the set of codes validation reports; the last test checks that both readers of the shared
declaration pass (by schema position, by element name) reach the same findings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from ijw.rules.mutate import (
    append,
    duplicate,
    find,
    find_all,
    insert_after,
    remove,
    rule_codes,
    set_text,
    to_bytes,
)
from ijw.strategies import MESSAGES
from zorgpad.ijw.model import MessageModel
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.rules import run_level2
from zorgpad.ijw.writer import to_xml

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINE = "Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]"
Mutation = Callable[[etree._Element], set[str]]


def _tree(message: MessageModel) -> etree._Element:
    return etree.fromstring(to_xml(message))


def _day(root: etree._Element) -> date:
    return date.fromisoformat(str(find(root, "Header/BerichtIdentificatie/Dagtekening").text))


def _signed(root: etree._Element, path: str, amount: str = "Bedrag") -> int:
    value = int(str(find(root, f"{path}/{amount}").text))
    return -value if find(root, f"{path}/DebetCredit").text == "C" else value


def _set_total(root: etree._Element, path: str, amount: int) -> None:
    set_text(root, f"{path}/TotaalBedrag", str(abs(amount)))
    set_text(root, f"{path}/DebetCredit", "C" if amount < 0 else "D")


# --- JW323 -----------------------------------------------------------------------------------------


def bsn_fails_elfproef(root: etree._Element) -> set[str]:
    bsn = str(find(root, "Declaratie/Clienten/Client[1]/Bsn").text)
    set_text(root, "Declaratie/Clienten/Client[1]/Bsn", bsn[:8] + str((int(bsn[8]) + 1) % 10))
    return {"CS002"}


def total_off_by_one(root: etree._Element) -> set[str]:
    _set_total(
        root,
        "Declaratie/TotaalIngediendBedrag",
        _signed(root, "Declaratie/TotaalIngediendBedrag", "TotaalBedrag") + 1,
    )
    return {"TR358"}


def credit_without_previous_or_debet_with_one(root: etree._Element) -> set[str]:
    if find_all(root, f"{LINE}/ProductReferentie/VorigReferentieNummer"):
        remove(root, f"{LINE}/ProductReferentie/VorigReferentieNummer")
    else:
        append(root, f"{LINE}/ProductReferentie", "VorigReferentieNummer", "ELDERS1", basis=True)
    return {"CD060"}


def line_twice(root: etree._Element) -> set[str]:
    credit = find(root, f"{LINE}/IngediendBedrag/DebetCredit").text == "C"
    amount = _signed(root, f"{LINE}/IngediendBedrag")
    duplicate(root, LINE)
    path = "Declaratie/TotaalIngediendBedrag"
    _set_total(root, path, _signed(root, path, "TotaalBedrag") + amount)  # keeps TR358 satisfied
    return {"TR101", "TR315"} if credit else {"TR101", "TR416"}


def period_into_next_month(root: etree._Element) -> set[str]:
    begin = date.fromisoformat(str(find(root, f"{LINE}/ProductPeriode/Begindatum").text))
    end = begin + timedelta(days=31)
    set_text(root, f"{LINE}/ProductPeriode/Einddatum", end.isoformat())
    # The line now ends after the declaration period too (TR319, as the official XSLT judges).
    return {"CS337", "TR319", "TR137"} if end > _day(root) else {"CS337", "TR319"}


# --- other families --------------------------------------------------------------------------------


def granted_off_by_one(root: etree._Element) -> set[str]:
    path = "DeclaratieAntwoord/TotaalToegekendBedrag"
    assume(find_all(root, path))  # a header-only answer has no totals
    _set_total(root, path, _signed(root, path, "TotaalBedrag") + 1)
    return {"TR342"}


def withdrawn_correction_reason(root: etree._Element) -> set[str]:
    product = "Client/ToegewezenProducten/ToegewezenProduct[1]"
    assume(not find_all(root, f"{product}/RedenWijziging"))
    before = f"{product}/Einddatum" if find_all(root, f"{product}/Einddatum") else f"{product}/Ingangsdatum"
    insert_after(root, before, "RedenWijziging", "01")
    return {"CS336"}


def end_before_start(root: etree._Element) -> set[str]:
    product = "Client/ToegewezenProducten/ToegewezenProduct[1]"
    assume(not find_all(root, f"{product}/RedenWijziging"))
    assume(find_all(root, f"{product}/Einddatum"))
    start = date.fromisoformat(str(find(root, f"{product}/Ingangsdatum").text))
    set_text(root, f"{product}/Einddatum", (start - timedelta(days=1)).isoformat())
    return {"CS003"}


def same_reference_twice(root: etree._Element) -> set[str]:
    products = "Client/AangevraagdeProducten/AangevraagdProduct"
    assume(len(find_all(root, products)) >= 2)
    set_text(
        root, f"{products}[2]/ReferentieAanbieder", str(find(root, f"{products}[1]/ReferentieAanbieder").text)
    )
    return {"TR101", "TR383"}


def new_product_not_after_dagtekening(root: etree._Element) -> set[str]:
    product = "Client/Verzoek/NieuweProducten/NieuwProduct[1]"
    assume(find_all(root, product))
    set_text(root, f"{product}/GewensteIngangsdatum", _day(root).isoformat())
    return {"TR380"}


def status_two(root: etree._Element) -> set[str]:
    set_text(root, "Client/StartProducten/StartProduct[1]/StatusAanlevering", "2")
    return {"CS058"}


def stop_before_start(root: etree._Element) -> set[str]:
    product = "Client/StopProducten/StopProduct[1]"
    begin = date.fromisoformat(str(find(root, f"{product}/Begindatum").text))
    set_text(root, f"{product}/Einddatum", (begin - timedelta(days=1)).isoformat())
    return {"TR018"}


MUTATIONS: list[tuple[str, Mutation]] = [
    ("JW323", bsn_fails_elfproef),
    ("JW323", total_off_by_one),
    ("JW323", credit_without_previous_or_debet_with_one),
    ("JW323", line_twice),
    ("JW323", period_into_next_month),
    ("JW325", granted_off_by_one),
    ("JW301", withdrawn_correction_reason),
    ("JW301", end_before_start),
    ("JW315", same_reference_twice),
    ("JW317", new_product_not_after_dagtekening),
    ("JW305", status_two),
    ("JW307", stop_before_start),
]


@pytest.mark.parametrize(("code", "mutate"), MUTATIONS, ids=[f"{c}-{m.__name__}" for c, m in MUTATIONS])
@SETTINGS
@given(data=st.data())
def test_mutation_of_a_generated_message_gets_exactly_its_rules(
    code: str, mutate: Mutation, data: st.DataObject
) -> None:
    root = _tree(data.draw(MESSAGES[code]))
    expected = mutate(root)
    assert rule_codes(root) == expected


DECLARATION_MUTATIONS = [m for c, m in MUTATIONS if c == "JW323"]


@pytest.mark.parametrize("code", ["JW323", "JW325"])
@SETTINGS
@given(data=st.data())
def test_both_declaration_readers_reach_the_same_findings(code: str, data: st.DataObject) -> None:
    root = _tree(data.draw(MESSAGES[code]))
    if code == "JW323":
        data.draw(st.sampled_from(DECLARATION_MUTATIONS))(root)
    # Comments are allowed anywhere; the reader by schema position must skip them.
    find(root, "Header").addnext(etree.Comment("opmerking"))
    for prestatie in root.iter("{*}Prestatie"):
        prestatie.insert(0, etree.Comment("bij deze prestatie"))
    by_position = run_level2(parse_bytes(to_bytes(root), "a.xml"), schema_valid=True)
    by_name = run_level2(parse_bytes(to_bytes(root), "a.xml"))
    assert by_position == by_name
