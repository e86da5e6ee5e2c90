"""iJw level 4: is the amount volume x tariff (TR346), and is the tariff the contract tariff (TR418)?"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import EURO, HOUR, MINUTE, line_result, round_half_up_div

if TYPE_CHECKING:
    import ibis.expr.types as ir

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
def amount_not_volume_times_tariff(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    expected = lines.geleverd_volume * lines.product_tarief
    # IV081: the minute tariff is rounded, the amount is computed from the hourly tariff; allow that rounding.
    slack = ibis.ifelse(lines.eenheid == MINUTE, (lines.geleverd_volume + 1) // 2, 0)
    applies = (lines.eenheid != EURO) & lines.product_tarief.notnull()
    hit = ibis.ifelse(applies, (lines.ingediend_bedrag - expected).abs() > slack, ibis.null("boolean"))
    return line_result(
        lines,
        hit,
        bedrag_ingediend=lines.ingediend_bedrag,
        volume=lines.geleverd_volume,
        tarief=lines.product_tarief,
        verwacht=expected,
    )


def expected_tariffs(ri: RuleInput) -> ir.Table:
    """Per claim line, every tariff the region accepts on its date: contract tariffs where the
    provider has them for the product, else the catalogue's (blended or per staff level).
    The hourly tariff is converted to a minute tariff when the line is in minutes (IV081)."""
    assert ri.policy is not None
    lines = ri.lines.select(
        "message_id", "position", "aanbieder", "product_code", "product_periode_begin", "eenheid"
    )
    t = ri.policy.tariffs
    tariffs = t.select(
        t_code=t.product_code, t_agb=t.aanbieder, t_from=t.valid_from, t_to=t.valid_to,
        staff_level=t.staff_level, level_rank=t.level_rank, t_tarief=t.tarief,
    )  # fmt: skip
    p = ri.policy.products
    units = p.select(u_code=p.product_code, u_unit=p.unit)
    joined = lines.join(
        tariffs,
        [
            lines.product_code == tariffs.t_code,
            tariffs.t_from <= lines.product_periode_begin,
            tariffs.t_to.isnull() | (lines.product_periode_begin <= tariffs.t_to),
            tariffs.t_agb.isnull() | (tariffs.t_agb == lines.aanbieder),
        ],
    ).left_join(units, lines.product_code == units.u_code)
    # Contract tariffs replace the catalogue's: keep the provider's own rows when it has any.
    own = joined.t_agb.notnull().cast("int64")
    joined = joined.mutate(_own=own, _has_own=own.max().over(group_by=[joined.message_id, joined.position]))
    joined = joined.filter(joined._own == joined._has_own)
    per_minute = (joined.eenheid == MINUTE) & (joined.u_unit == HOUR)
    return joined.select(
        "message_id",
        "position",
        "staff_level",
        "level_rank",
        tarief=ibis.ifelse(per_minute, round_half_up_div(joined.t_tarief, 60), joined.t_tarief),
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
def tariff_not_contract(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    expected = expected_tariffs(ri)
    summary = expected.group_by("message_id", "position").aggregate(
        known=expected.tarief.collect(distinct=True),
    )
    joined = lines.left_join(summary, ["message_id", "position"])
    known = joined.known
    matched = known.contains(joined.product_tarief)
    shown = known.sort().map(
        lambda c: (c // 100).cast("string") + "," + (c % 100).cast("string").lpad(2, "0")
    )
    text = ibis.literal("€ ") + shown.join(" of € ")
    applies = joined.product_tarief.notnull() & known.notnull()
    hit = ibis.ifelse(applies, ~matched, ibis.null("boolean"))
    return line_result(
        joined,
        hit,
        tarief=joined.product_tarief,
        product=joined.product_code,
        begin=joined.product_periode_begin,
        contracttarief=text,
    )
