"""iJw level 3: declared volume within the allocated volume, per prestatie and cumulative, and budget.

Maximum per ProductPeriode (TR321, IV077/IV078): frequency 6 (total) and 4 (month) allow the volume;
2 (week) the volume per ISO week touched (inspanningsgericht) or per Sunday (outputgericht); 1 (day)
the volume per day. Cumulative (TR322): the same over the whole allocation; without an end date only
frequency 6 has a total. Credits count negative; lines rejected in phase 1 do not count (they were never
granted). Lines of one allocation count in declaration order, credits before debets (OP366).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import (
    OUTPUT_UNITS,
    days_between,
    iso_weeks,
    line_result,
    minute_factor,
    months_touched,
    sundays,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

_NUMMER = Fact("toewijzing", "getal", "ToewijzingNummer")


def _per_period_max(lines: ir.Table) -> ir.IntegerValue:
    first = ibis.greatest(lines.product_periode_begin, lines.a_ingangsdatum)
    last = ibis.least(lines.product_periode_eind, lines.a_einddatum.fill_null(lines.product_periode_eind))
    weeks = ibis.ifelse(lines.a_eenheid.isin(OUTPUT_UNITS), sundays(first, last), iso_weeks(first, last))
    count = ibis.cases(
        (lines.a_frequentie == "2", weeks),
        (lines.a_frequentie == "1", days_between(first, last)),
        else_=1,
    )
    return lines.a_volume * ibis.greatest(count, 1) * minute_factor(lines.eenheid, lines.a_eenheid)


def _total_max(lines: ir.Table) -> ir.IntegerValue:
    first, last = lines.a_ingangsdatum, lines.a_einddatum
    count = ibis.cases(
        (lines.a_frequentie == "6", 1),
        (lines.a_frequentie == "2", iso_weeks(first, last)),
        (lines.a_frequentie == "4", months_touched(first, last)),
        (lines.a_frequentie == "1", days_between(first, last)),
        else_=ibis.null("int64"),
    )
    return lines.a_volume * count * minute_factor(lines.eenheid, lines.a_eenheid)


@control_rule(
    code="TR321",
    retourcode="9321",
    severity="afkeur",
    title_nl="Volume hoger dan toegewezen in de periode",
    basis="iJw 3.2 TR321 (OP365, IV077, IV078)",
    explain_nl=(
        "Gedeclareerd is {volume} (eenheid {eenheid}) in de periode, terwijl toewijzing {toewijzing} "
        "hoogstens {maximum} toestaat ({tw_volume} per frequentie {frequentie}). Declareer niet meer dan "
        "toegewezen, of vraag een wijziging aan (JW317)."
    ),
    comparison_nl="GeleverdVolume ≤ toegewezen volume omgerekend naar de ProductPeriode",
    facts=(
        _NUMMER,
        Fact("volume", "getal", "geleverd volume"),
        Fact("eenheid", "tekst", "eenheid prestatie"),
        Fact("maximum", "getal", "maximum in deze periode"),
        Fact("tw_volume", "getal", "toegewezen volume"),
        Fact("frequentie", "tekst", "frequentie toewijzing"),
    ),
)
def over_period_volume(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    maximum = _per_period_max(lines)
    applies = lines.a_found & lines.a_volume.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, lines.geleverd_volume > maximum, ibis.null("boolean"))
    return line_result(
        lines,
        hit,
        toewijzing=lines.toewijzing_nummer,
        volume=lines.geleverd_volume,
        eenheid=lines.eenheid,
        maximum=maximum,
        tw_volume=lines.a_volume,
        frequentie=lines.a_frequentie,
    )


def _running(ri: RuleInput, value: ir.IntegerValue, name: str) -> ir.Table:
    """The lines with a running signed sum of `value` per allocation, over granted lines only."""
    lines = ri.lines
    assert ri.rejected is not None
    rejected = ri.rejected.mutate(_rejected=ibis.literal(True))
    marked = lines.mutate(_value=value).left_join(rejected, ["message_id", "position"])
    counted = ibis.ifelse(marked._rejected.fill_null(False), 0, marked._value)
    signed = ibis.ifelse(marked.debet_credit == "C", -counted, counted)
    window = ibis.window(
        group_by=[marked.gemeente, marked.aanbieder, marked.toewijzing_nummer],
        order_by=[
            marked.decl_seq,
            ibis.ifelse(marked.debet_credit == "C", 0, 1),
            marked.product_periode_begin,
            marked.position,
        ],
        preceding=None,
        following=0,
    )
    return marked.mutate(**{name: signed.sum().over(window)})


@control_rule(
    code="TR322",
    retourcode="9322",
    severity="afkeur",
    title_nl="Totaal volume hoger dan toegewezen",
    basis="iJw 3.2 TR322 (OP365)",
    explain_nl=(
        "Met deze prestatie komt het gedeclareerde volume op toewijzing {toewijzing} op {cumulatief}, "
        "meer dan de {maximum} die over de hele toewijzing is toegewezen."
    ),
    comparison_nl="som GeleverdVolume van toegekende prestaties (debet - credit) ≤ toegewezen totaal",
    facts=(
        _NUMMER,
        Fact("cumulatief", "getal", "gedeclareerd volume tot en met deze prestatie"),
        Fact("maximum", "getal", "toegewezen volume over de hele toewijzing"),
    ),
    phase=2,
)
def over_total_volume(ri: RuleInput) -> ir.Table:
    lines = _running(ri, ri.lines.geleverd_volume, "cumulatief")
    maximum = _total_max(lines)
    applies = lines.a_found & lines.a_volume.notnull() & (lines.debet_credit == "D") & maximum.notnull()
    hit = ibis.ifelse(applies, lines.cumulatief > maximum, ibis.null("boolean"))
    return line_result(
        lines, hit, toewijzing=lines.toewijzing_nummer, cumulatief=lines.cumulatief, maximum=maximum
    )


@control_rule(
    code="TR369",
    retourcode="9369",
    severity="afkeur",
    title_nl="Budget van de toewijzing overschreden",
    basis="iJw 3.2 TR369 (OP302); som van ingediende bedragen tegen het budget in eurocent",
    explain_nl=(
        "Met deze prestatie komt het gedeclareerde bedrag op toewijzing {toewijzing} op {cumulatief}, "
        "meer dan het toegewezen budget van {budget}."
    ),
    comparison_nl="som IngediendBedrag van toegekende prestaties (debet - credit) ≤ Budget",
    facts=(
        _NUMMER,
        Fact("cumulatief", "euro", "gedeclareerd bedrag tot en met deze prestatie"),
        Fact("budget", "euro", "toegewezen budget"),
    ),
    phase=2,
)
def over_budget(ri: RuleInput) -> ir.Table:
    lines = _running(ri, ri.lines.ingediend_bedrag, "cumulatief")
    applies = lines.a_found & lines.a_budget.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, lines.cumulatief > lines.a_budget, ibis.null("boolean"))
    return line_result(
        lines, hit, toewijzing=lines.toewijzing_nummer, cumulatief=lines.cumulatief, budget=lines.a_budget
    )
