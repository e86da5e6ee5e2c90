"""iJw level 4: is the amount volume x tariff (TR346), and is the tariff the contract tariff (TR418)?"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import EURO, MINUTE, line_check
from zorgpad.control.template import euro_expr

if TYPE_CHECKING:
    from zorgpad.control.context import RuleInput


@control_rule(
    code="TR346",
    retourcode="9346",
    severity="afkeur",
    title_nl="Bedrag is niet volume maal tarief",
    basis="iJw 3.2 TR346 (OP267, IV081)",
    explain_nl=(
        "Ingediend is {bedrag_ingediend}, maar {volume} x {tarief} = {verwacht}. "
        "Het ingediende bedrag moet gelijk zijn aan het geleverde volume maal het producttarief."
    ),
    comparison_nl="IngediendBedrag = GeleverdVolume x ProductTarief (bij minuten op een uurtoewijzing: "
    "binnen de afronding van het minuuttarief)",
    facts=(
        Fact("bedrag_ingediend", "euro", "ingediend bedrag"),
        Fact("volume", "getal", "geleverd volume"),
        Fact("tarief", "euro", "producttarief"),
        Fact("verwacht", "euro", "volume x tarief"),
    ),
)
def amount_not_volume_times_tariff(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    expected = lines.geleverd_volume * lines.product_tarief
    # IV081: the minute tariff is rounded, the amount is computed from the hourly tariff; allow that rounding.
    slack = ibis.ifelse(lines.eenheid == MINUTE, (lines.geleverd_volume + 1) // 2, 0)
    applies = (lines.eenheid != EURO) & lines.product_tarief.notnull()
    hit = ibis.ifelse(applies, (lines.ingediend_bedrag - expected).abs() > slack, ibis.null("boolean"))
    return line_check(
        hit,
        bedrag_ingediend=lines.ingediend_bedrag,
        volume=lines.geleverd_volume,
        tarief=lines.product_tarief,
        verwacht=expected,
    )


@control_rule(
    code="TR418",
    retourcode="0611",
    severity="afkeur",
    title_nl="Tarief is niet het contracttarief",
    basis="iJw 3.2 TR418 (OP262); tarieven uit de catalogus en de contracten",
    explain_nl=(
        "Het producttarief is {tarief}, maar het contracttarief voor product {product} op {begin} is "
        "{contracttarief}. Declareer tegen het tarief uit het contract."
    ),
    comparison_nl="ProductTarief = een tarief (mix- of per niveau) uit contract of catalogus op die datum",
    facts=(
        Fact("tarief", "euro", "producttarief"),
        Fact("product", "tekst", "productcode"),
        Fact("begin", "datum", "begindatum ProductPeriode"),
        Fact("contracttarief", "tekst", "tarieven in contract of catalogus"),
    ),
    needs_policy=True,
)
def tariff_not_contract(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    known = lines.t_known
    text = known.sort().map(euro_expr).join(" of ")
    applies = lines.product_tarief.notnull() & known.notnull()
    hit = ibis.ifelse(applies, ~known.contains(lines.product_tarief), ibis.null("boolean"))
    return line_check(
        hit,
        tarief=lines.product_tarief,
        product=lines.product_code,
        begin=lines.product_periode_begin,
        contracttarief=text,
    )
