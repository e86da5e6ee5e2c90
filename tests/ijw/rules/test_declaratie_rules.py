"""Each declaration rule (JW323, JW325): one message that breaks just that rule, one that keeps it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from .mutate import (
    append,
    find,
    insert_after,
    load_example,
    official_codes,
    remove,
    rule_codes,
    set_text,
    validate,
)

Edit = Callable[[etree._Element], object]


def prestatie(client: int, number: int) -> str:
    return f"Declaratie/Clienten/Client[{client}]/Prestaties/Prestatie[{number}]"


def answer_line(client: int, number: int) -> str:
    return f"DeclaratieAntwoord/Clienten/Client[{client}]/Prestaties/Prestatie[{number}]"


TOTAL = "Declaratie/TotaalIngediendBedrag/TotaalBedrag"
PERIOD = "Declaratie/DeclaratiePeriode"


def clean_jw323() -> etree._Element:
    """The JW323 example without its one known fault (RN004 used twice)."""
    root = load_example("JW323")
    set_text(root, prestatie(2, 3) + "/ProductReferentie/ReferentieNummer", "RN005")
    return root


def credit(line: str, previous: str | None) -> Edit:
    """Turn a debet line into a credit line, optionally pointing at the line it credits."""

    def edit(root: etree._Element) -> None:
        set_text(root, line + "/IngediendBedrag/DebetCredit", "C")
        if previous is not None:
            append(root, line + "/ProductReferentie", "VorigReferentieNummer", previous, basis=True)

    return edit


def text(path: str, value: str) -> Edit:
    return lambda root: set_text(root, path, value)


def period(line: str, begin: str, end: str) -> list[Edit]:
    return [text(line + "/ProductPeriode/Begindatum", begin), text(line + "/ProductPeriode/Einddatum", end)]


def euro_line(line: str, volume: str) -> list[Edit]:
    return [
        text(line + "/Eenheid", "83"),
        lambda r: remove(r, line + "/ProductTarief"),
        text(line + "/GeleverdVolume", volume),
    ]


# (rule, edits to the clean JW323, expected rule codes). Amounts in the example: client 1 has
# 5000 + 24000, client 2 has 5000 + 24000 + 21000; the total is 79000 D.
JW323_CASES: list[tuple[str, list[Edit], set[str]]] = [
    ("TR101 prestatie", [text(prestatie(2, 3) + "/ProductReferentie/ReferentieNummer", "RN004")], {"TR101"}),
    (
        "TR101 prestatie ok across clients",
        [text(prestatie(2, 1) + "/ProductReferentie/ReferentieNummer", "RN001")],
        set(),
    ),
    (
        "TR101 client",
        [
            text("Declaratie/Clienten/Client[2]/Bsn", "999900006"),
            text(prestatie(2, 2) + "/ToewijzingNummer", "10075"),
        ],
        {"TR101"},
    ),
    ("CS002 wrong bsn", [text("Declaratie/Clienten/Client[1]/Bsn", "123456789")], {"CS002"}),
    ("CS002 good bsn", [text("Declaratie/Clienten/Client[1]/Bsn", "123456782")], set()),
    (
        "TR134+TR137 period after dagtekening",
        period(prestatie(1, 1), "2026-05-07", "2026-05-08"),
        {"TR134", "TR137", "TR319"},  # also after the declaration period
    ),
    ("TR137 end before begin", period(prestatie(1, 1), "2026-04-15", "2026-04-10"), {"TR137"}),
    (
        "TR137 end after dagtekening",
        [text("Header/BerichtIdentificatie/Dagtekening", "2026-04-29")],
        {"TR137"},
    ),
    ("TR137 end on dagtekening", [text("Header/BerichtIdentificatie/Dagtekening", "2026-04-30")], set()),
    (
        "CS100 product period",
        [
            *period(prestatie(1, 1), "2020-12-01", "2020-12-31"),
            text("Declaratie/DeclaratieDagtekening", "2025-05-06"),
        ],
        {"CS100"},
    ),
    (
        "CS100 declaration period",
        [text(PERIOD + "/Begindatum", "2020-12-01"), text(PERIOD + "/Einddatum", "2020-12-31")],
        {"CS100", "TR319"},  # the lines now lie after the declaration period
    ),
    (
        "CS100 first day",
        [
            *period(prestatie(1, 1), "2021-01-01", "2021-01-31"),
            text("Declaratie/DeclaratieDagtekening", "2025-05-06"),
        ],
        set(),
    ),
    ("CS337 across months", period(prestatie(1, 1), "2026-03-15", "2026-04-10"), {"CS337"}),
    ("CS337 part of a month", period(prestatie(1, 1), "2026-04-10", "2026-04-20"), set()),
    ("CS340 short month", [text(PERIOD + "/Einddatum", "2026-04-29")], {"CS340", "TR319"}),
    (
        "CS340 shifted month",
        [text(PERIOD + "/Begindatum", "2026-03-02"), text(PERIOD + "/Einddatum", "2026-04-01")],
        {"CS340", "TR319"},
    ),
    (
        "CS340 february",
        [text(PERIOD + "/Begindatum", "2026-02-01"), text(PERIOD + "/Einddatum", "2026-02-28")],
        {"TR319"},  # a whole month, but before the April lines
    ),
    ("TR335 too old", period(prestatie(1, 1), "2021-03-01", "2021-03-31"), {"TR335"}),
    (
        "TR319 line after the declaration period",
        [text(PERIOD + "/Begindatum", "2026-03-01"), text(PERIOD + "/Einddatum", "2026-03-31")],
        {"TR319"},
    ),
    ("TR335 just in time", period(prestatie(1, 1), "2021-05-01", "2021-05-31"), set()),
    ("TR358 wrong total", [text(TOTAL, "79001")], {"TR358"}),
    ("TR358 credit counts negative", [credit(prestatie(1, 1), "RX01"), text(TOTAL, "69000")], set()),
    ("TR358 credit counted positive", [credit(prestatie(1, 1), "RX01")], {"TR358"}),
    ("CD060 credit without previous", [credit(prestatie(1, 1), None), text(TOTAL, "69000")], {"CD060"}),
    (
        "CD060 debet with previous",
        [
            lambda r: append(
                r, prestatie(1, 1) + "/ProductReferentie", "VorigReferentieNummer", "RX01", basis=True
            )
        ],
        {"CD060"},
    ),
    ("CD087 tariff missing", [lambda r: remove(r, prestatie(1, 1) + "/ProductTarief")], {"CD087"}),
    (
        "CD087 tariff with euros",
        [text(prestatie(1, 1) + "/Eenheid", "83"), text(prestatie(1, 1) + "/GeleverdVolume", "5000")],
        {"CD087"},
    ),
    ("CD087 euros without tariff", euro_line(prestatie(1, 1), "5000"), set()),
    ("CS339 euro volume differs", euro_line(prestatie(1, 1), "4"), {"CS339"}),
    (
        "CS325 zero on credit",
        [
            credit(prestatie(1, 1), "RX01"),
            text(prestatie(1, 1) + "/IngediendBedrag/Bedrag", "0"),
            text(TOTAL, "74000"),
        ],
        {"CS325"},
    ),
    (
        "CS325 zero on debet",
        [text(prestatie(1, 1) + "/IngediendBedrag/Bedrag", "0"), text(TOTAL, "74000")],
        set(),
    ),
    (
        "TR315 credited twice",
        [credit(prestatie(1, 1), "RX01"), credit(prestatie(1, 2), "RX01"), text(TOTAL, "21000")],
        {"TR315"},
    ),
    (
        "TR315 distinct",
        [credit(prestatie(1, 1), "RX01"), credit(prestatie(1, 2), "RX02"), text(TOTAL, "21000")],
        set(),
    ),
    ("TR316 credits own debet", [credit(prestatie(1, 1), "RN002"), text(TOTAL, "69000")], {"TR316"}),
    ("TR416 second debet", period(prestatie(2, 3), "2026-04-01", "2026-04-30"), {"TR416"}),
    (
        "TR416 credit and new debet",
        [
            *period(prestatie(2, 3), "2026-04-01", "2026-04-30"),
            credit(prestatie(2, 3), "RX09"),
            text(TOTAL, "37000"),
        ],
        set(),
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"), [(e, x) for _, e, x in JW323_CASES], ids=[c[0] for c in JW323_CASES]
)
def test_jw323_rule(edits: list[Edit], expected: set[str]) -> None:
    root = clean_jw323()
    for edit in edits:
        edit(root)
    assert official_codes(root) == expected  # the official XSLT judges it the same
    assert rule_codes(root) == expected


def test_clean_jw323_passes() -> None:
    assert rule_codes(clean_jw323()) == set()


def test_example_jw323_has_exactly_the_duplicate_reference() -> None:
    findings = validate(load_example("JW323"))
    assert [(f.rule, f.retourcode, f.xpath) for f in findings] == [
        ("TR101", "0001", "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]")
    ]
    assert "'RN004'" in findings[0].message
    assert "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[2]" in findings[0].message


def test_tr358_message_names_both_amounts() -> None:
    root = clean_jw323()
    set_text(root, TOTAL, "79001")
    (found,) = validate(root)
    assert found.xpath == "/Bericht/Declaratie/TotaalIngediendBedrag"
    assert "€ 790,01" in found.message and "€ 790,00" in found.message


ANSWER = "DeclaratieAntwoord"
GRANTED = ANSWER + "/TotaalToegekendBedrag"

# The JW325 example: claimed 58000 C, granted 34000 C, returned lines 5000 + 14000 + 5000 C.
JW325_CASES: list[tuple[str, list[Edit], set[str]]] = [
    ("TR342 difference not explained", [text(GRANTED + "/TotaalBedrag", "34001")], {"TR342"}),
    ("TR342 rejected answer grants money", [text(ANSWER + "/RetourCodes/RetourCode", "9333")], {"TR342"}),
    (
        "TR342 rejected answer grants nothing",
        [
            text(ANSWER + "/RetourCodes/RetourCode", "9333"),
            text(GRANTED + "/TotaalBedrag", "0"),
            text(GRANTED + "/DebetCredit", "D"),
        ],
        set(),
    ),
    (
        "CS325 granted zero on credit",
        [text(ANSWER + "/RetourCodes/RetourCode", "9333"), text(GRANTED + "/TotaalBedrag", "0")],
        {"CS325"},
    ),
    (
        "CD060 credit without previous",
        [lambda r: remove(r, answer_line(1, 1) + "/ProductReferentie/VorigReferentieNummer")],
        {"CD060"},
    ),
    (
        "TR101 prestatie",
        [
            text(answer_line(1, 2) + "/ProductReferentie/ReferentieNummer", "RN001"),
            text(answer_line(1, 2) + "/ProductReferentie/VorigReferentieNummer", "RT001"),
        ],
        {"TR101"},
    ),
    ("TR101 client", [text(ANSWER + "/Clienten/Client[2]/Bsn", "999900006")], {"TR101"}),
    ("CS002", [text(ANSWER + "/Clienten/Client[2]/Bsn", "999900019")], {"CS002"}),
    (
        "TR137 end after dagtekening",
        [text(answer_line(1, 1) + "/ProductPeriode/Einddatum", "2023-05-31")],
        {"TR137"},
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"), [(e, x) for _, e, x in JW325_CASES], ids=[c[0] for c in JW325_CASES]
)
def test_jw325_rule(edits: list[Edit], expected: set[str]) -> None:
    root = load_example("JW325")
    for edit in edits:
        edit(root)
    assert official_codes(root) == expected  # the official XSLT judges it the same
    assert rule_codes(root) == expected


def test_header_only_answer_has_no_totals_to_check() -> None:
    root = load_example("JW325")
    remove(root, ANSWER)
    set_text(root, "Header/RetourCodes/RetourCode", "0001")
    assert rule_codes(root) == set()


def test_insert_after_keeps_schema_order() -> None:
    root = clean_jw323()
    insert_after(
        root,
        prestatie(1, 1) + "/ProductReferentie/ReferentieNummer",
        "VorigReferentieNummer",
        "RX01",
        basis=True,
    )
    assert find(root, prestatie(1, 1) + "/ProductReferentie/VorigReferentieNummer").text == "RX01"
    assert rule_codes(root) == {"CD060"}
