"""JW323 rendering: one Declaratie per provider per municipality per month.

Speed matters here (millions of lines). A Prestatie is rendered from one precompiled template whose
every value is a number, an ISO date or a code checked at the catalogue boundary (xmlbase.SAFE), so no
value can need escaping; the namespaces are declared once, on the root. The XSD and level-2 tests in
tests/synth validate every generated declaration.
"""

from __future__ import annotations

from datetime import date

from zorgpad.synth.identity import broken_bsn
from zorgpad.synth.xmlbase import closing, header

CODE = "JW323"

# ReferentieNummer, [VorigReferentieNummer], ToewijzingNummer, categorie + code, period, volume,
# eenheid, [ProductTarief], bedrag, debet/credit.
_OPEN = "<jw323:Prestatie><jw323:ProductReferentie><ijw:ReferentieNummer>"
_PREVIOUS = "</ijw:ReferentieNummer><ijw:VorigReferentieNummer>"
_AFTER_REF = "</ijw:VorigReferentieNummer></jw323:ProductReferentie><jw323:ToewijzingNummer>"
_AFTER_REF_NO_PREVIOUS = "</ijw:ReferentieNummer></jw323:ProductReferentie><jw323:ToewijzingNummer>"
CLIENT_OPEN = "<jw323:Client><jw323:Bsn>"
CLIENT_PRESTATIES = "</jw323:Bsn><jw323:Prestaties>"
CLIENT_CLOSE = "</jw323:Prestaties></jw323:Client>"


def product_part(category: str, code: str) -> str:
    """The constant middle of a product's Prestaties: categorie and code (rendered once per allocation)."""
    return (
        f"</jw323:ToewijzingNummer><jw323:ProductCategorie>{category}</jw323:ProductCategorie>"
        f"<jw323:ProductCode>{code}</jw323:ProductCode><jw323:ProductPeriode><ijw:Begindatum>"
    )


# The pieces of a Prestatie between its values. The clean debet line with a tariff (the hot path in
# claims.py) is _OPEN ref `clean_middle` begin BEGIN_END end END_VOLUME volume `unit_part` tariff
# TARIFF_AMOUNT amount DEBIT_CLOSE; `prestatie` renders every other shape from the same pieces.
BEGIN_END = "</ijw:Begindatum><ijw:Einddatum>"
END_VOLUME = "</ijw:Einddatum></jw323:ProductPeriode><jw323:GeleverdVolume>"
_AMOUNT_OPEN = "<jw323:IngediendBedrag><ijw:Bedrag>"
TARIFF_AMOUNT = f"</jw323:ProductTarief>{_AMOUNT_OPEN}"
DEBIT_CLOSE = "</ijw:Bedrag><ijw:DebetCredit>D</ijw:DebetCredit></jw323:IngediendBedrag></jw323:Prestatie>"
PRESTATIE_OPEN = _OPEN


def clean_middle(allocation: str, product: str) -> str:
    """From the end of the ReferentieNummer to the Begindatum of a line without VorigReferentieNummer."""
    return f"{_AFTER_REF_NO_PREVIOUS}{allocation}{product}"


def unit_part(unit: str) -> str:
    """From the end of GeleverdVolume to the start of the ProductTarief value."""
    return f"</jw323:GeleverdVolume><jw323:Eenheid>{unit}</jw323:Eenheid><jw323:ProductTarief>"


def prestatie(
    ref: str,
    previous: str,
    allocation: str,
    product: str,
    begin: str,
    end: str,
    volume: int,
    unit: str,
    tariff: str,
    amount: int,
    dc: str,
) -> str:
    """One Prestatie. `product` is `product_part(...)`; `previous` and `tariff` may be empty (CD087)."""
    head = (
        f"{_OPEN}{ref}{_PREVIOUS}{previous}{_AFTER_REF}{allocation}{product}"
        if previous
        else f"{_OPEN}{ref}{clean_middle(allocation, product)}"
    )
    price = (
        f"{unit_part(unit)}{tariff}{TARIFF_AMOUNT}"
        if tariff
        else f"</jw323:GeleverdVolume><jw323:Eenheid>{unit}</jw323:Eenheid>{_AMOUNT_OPEN}"
    )
    return (
        f"{head}{begin}{BEGIN_END}{end}{END_VOLUME}{volume}{price}{amount}"
        f"</ijw:Bedrag><ijw:DebetCredit>{dc}</ijw:DebetCredit></jw323:IngediendBedrag></jw323:Prestatie>"
    )


def declaration_head(
    sender: str,
    receiver: str,
    ident: str,
    number: str,
    period: tuple[date, date],
    dagtekening: date,
    net_total: int,
) -> str:
    """Everything before the first Client. `net_total` = Σ debet − Σ credit (CS325: zero is debet)."""
    debit_credit = "C" if net_total < 0 else "D"
    return (
        f"{header(CODE, sender, receiver, ident, dagtekening)}<jw323:Declaratie>"
        f"<jw323:DeclaratieNummer>{number}</jw323:DeclaratieNummer><jw323:DeclaratiePeriode>"
        f"<ijw:Begindatum>{period[0].isoformat()}</ijw:Begindatum><ijw:Einddatum>{period[1].isoformat()}"
        f"</ijw:Einddatum></jw323:DeclaratiePeriode><jw323:DeclaratieDagtekening>{dagtekening.isoformat()}"
        f"</jw323:DeclaratieDagtekening><jw323:TotaalIngediendBedrag><ijw:TotaalBedrag>{abs(net_total)}"
        f"</ijw:TotaalBedrag><ijw:DebetCredit>{debit_credit}</ijw:DebetCredit></jw323:TotaalIngediendBedrag>"
        "<jw323:Clienten>"
    )


DECLARATION_TAIL = f"</jw323:Clienten></jw323:Declaratie>{closing(CODE)}"


def break_first(fragment: str, rule: str) -> str:
    """The first client's fault in a malformed copy: Eenheid 99 (XSD) or a BSN failing the 11-proef."""
    if rule == "XSD":
        start = fragment.index("<jw323:Eenheid>") + len("<jw323:Eenheid>")
        return f"{fragment[:start]}99{fragment[start + 2 :]}"
    if rule == "CS002":
        start = fragment.index(CLIENT_OPEN) + len(CLIENT_OPEN)
        return f"{fragment[:start]}{broken_bsn(fragment[start : start + 9])}{fragment[start + 9 :]}"
    return fragment
