"""iJw level 3 on the Declaratie class: unique DeclaratieNummer (TR333) and consecutive periods (TR318)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import object_result

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput


def _keys(decl: ir.Table) -> dict[str, ir.Value]:
    return {"message_id": decl.message_id, "aanbieder": decl.aanbieder, "gemeente": decl.gemeente}


@control_rule(
    code="TR333",
    retourcode="9333",
    severity="afkeur",
    title_nl="DeclaratieNummer is niet uniek",
    basis="iJw 3.2 TR333 (OP349)",
    explain_nl=(
        "DeclaratieNummer {nummer} is al gebruikt in een eerdere declaratie van deze aanbieder. "
        "De hele declaratie is daarom niet verwerkt; dien haar opnieuw in met een nieuw nummer."
    ),
    comparison_nl="geen eerdere declaratie van deze aanbieder met hetzelfde DeclaratieNummer",
    facts=(Fact("nummer", "tekst", "DeclaratieNummer"),),
    object="declaratie",
)
def duplicate_number(ri: RuleInput) -> ir.Table:
    decl = ri.declarations
    first = decl.declaratie_nummer
    rank = ibis.row_number().over(group_by=[decl.aanbieder, first], order_by=decl.decl_seq)
    return object_result(decl, rank > 0, _keys(decl), nummer=first)


@control_rule(
    code="TR318",
    retourcode="8214",
    severity="afkeur",
    title_nl="DeclaratiePeriode gaat terug in de tijd",
    basis="iJw 3.2 TR318 (OP284)",
    explain_nl=(
        "Deze declaratie gaat over de periode vanaf {begin}, maar er is al gedeclareerd over de periode "
        "vanaf {vorige}. Een declaratieperiode volgt op de vorige (alleen de laatste mag nog eens, voor "
        "correcties). De hele declaratie is niet verwerkt."
    ),
    comparison_nl="begin DeclaratiePeriode ≥ begin van de laatst ingediende DeclaratiePeriode "
    "(per aanbieder en gemeente)",
    facts=(
        Fact("begin", "datum", "begin DeclaratiePeriode"),
        Fact("vorige", "datum", "laatste eerdere periode"),
    ),
    object="declaratie",
)
def period_goes_back(ri: RuleInput) -> ir.Table:
    decl = ri.declarations
    group = [decl.aanbieder, decl.gemeente]
    upto = ibis.window(group_by=group, order_by=decl.decl_seq, preceding=None, following=0)
    decl = decl.mutate(_upto=decl.declaratie_periode_begin.max().over(upto))
    latest = decl._upto.lag().over(group_by=[decl.aanbieder, decl.gemeente], order_by=decl.decl_seq)
    hit = ibis.ifelse(latest.isnull(), ibis.null("boolean"), decl.declaratie_periode_begin < latest)
    return object_result(decl, hit, _keys(decl), begin=decl.declaratie_periode_begin, vorige=latest)
