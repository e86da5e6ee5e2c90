"""iJw level 3: declared volume within the allocated volume, per prestatie and cumulative, and budget.

Maximum per ProductPeriode (TR321, IV077/IV078): frequency 6 (total) and 4 (month) allow the volume;
2 (week) the volume per ISO week touched (inspanningsgericht) or per Sunday (outputgericht); 1 (day)
the volume per day. Cumulative (TR322): the same over the whole allocation; without an end date only
frequency 6 has a total. Credits count negative; lines rejected in phase 1 do not count (they were never
granted). Lines of one allocation count in declaration order, credits before debets (OP366).

The running totals (`cum_volume`, `cum_amount` of `RuleInput.judged`) are computed only for allocations
whose debets, all counted, exceed the smallest total or budget of any of their versions: elsewhere no
running total can exceed it, and the rule is met without computing one (the fact then reads "onbekend").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import (
    OUTPUT_UNITS,
    days_between,
    iso_weeks,
    line_check,
    minute_factor,
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
    return lines.a_volume * lines.a_periods * minute_factor(lines.eenheid, lines.a_eenheid)


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
def over_period_volume(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    maximum = _per_period_max(lines)
    applies = lines.a_found & lines.a_volume.notnull() & (lines.debet_credit == "D")
    # The maximum is at least the allocated volume, so only a line above that needs the calendar count.
    above = ibis.ifelse(lines.geleverd_volume > lines.a_volume, lines.geleverd_volume > maximum, False)
    hit = ibis.ifelse(applies, above, ibis.null("boolean"))
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        volume=lines.geleverd_volume,
        eenheid=lines.eenheid,
        maximum=maximum,
        tw_volume=lines.a_volume,
        frequentie=lines.a_frequentie,
    )


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
    candidates=lambda lines: lines.in_risky,  # every line of an allocation whose total may be exceeded
)
def over_total_volume(ri: RuleInput) -> LineCheck:
    lines = ri.judged
    maximum = _total_max(lines)
    applies = lines.a_found & lines.a_volume.notnull() & (lines.debet_credit == "D") & maximum.notnull()
    hit = ibis.ifelse(applies, (lines.cum_volume > maximum).fill_null(False), ibis.null("boolean"))
    return line_check(hit, toewijzing=lines.toewijzing_nummer, cumulatief=lines.cum_volume, maximum=maximum)


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
    candidates=lambda lines: lines.in_risky,  # every line of an allocation whose total may be exceeded
)
def over_budget(ri: RuleInput) -> LineCheck:
    lines = ri.judged
    applies = lines.a_found & lines.a_budget.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, (lines.cum_amount > lines.a_budget).fill_null(False), ibis.null("boolean"))
    return line_check(
        hit, toewijzing=lines.toewijzing_nummer, cumulatief=lines.cum_amount, budget=lines.a_budget
    )
