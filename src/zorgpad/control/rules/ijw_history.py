"""iJw level 3: debet/credit history across declarations (TR314, TR323, TR389, TR390; OP366).

"Earlier" is the declaration order of `RuleInput.declarations`. Within one declaration credits are
processed before debets (OP366), so a credit in the same message may make room for a corrected debet.
An earlier debet counts as granted unless phase 1 rejected it or an ingested JW325 returned it.

The history is read from columns of the judged lines (`RuleInput.lines`, `RuleInput.judged`), which
come from small side tables (`zorgpad.control.features`): the first declaration that used a
ReferentieNummer, the first credit of a debet, an earlier granted debet of a credit, and an earlier
granted debet for the same allocation, period and product that was not credited in time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import line_check

if TYPE_CHECKING:
    from zorgpad.control.context import RuleInput

_REF = Fact("ref", "tekst", "ReferentieNummer")
_VORIG = Fact("vorig", "tekst", "VorigReferentieNummer")


@control_rule(
    code="TR314",
    retourcode="8021",
    severity="afkeur",
    title_nl="ReferentieNummer al eerder gebruikt",
    basis="iJw 3.2 TR314 (OP283)",
    explain_nl=(
        "ReferentieNummer {ref} is al gebruikt in een eerdere declaratie van deze aanbieder. "
        "Geef iedere prestatie een nieuw, uniek ReferentieNummer."
    ),
    comparison_nl="geen eerdere prestatie van deze aanbieder met hetzelfde ReferentieNummer",
    facts=(_REF,),
)
def reference_reused(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    return line_check((lines.h_ref_first_seq < lines.decl_seq).fill_null(False), ref=lines.referentie_nummer)


@control_rule(
    code="TR323",
    retourcode="8017",
    severity="afkeur",
    title_nl="Credit zonder bekende debetprestatie",
    basis="iJw 3.2 TR323 (OP283, IV085)",
    explain_nl=(
        "Deze creditprestatie verwijst naar ReferentieNummer {vorig}, maar daarvan is geen eerder "
        "ingediende en toegekende debetprestatie bekend. Crediteer alleen een toegekende prestatie."
    ),
    comparison_nl="er is een eerdere, niet afgewezen debetprestatie met ReferentieNummer = "
    "VorigReferentieNummer",
    facts=(_VORIG,),
    phase=2,
    # The credits, and the debets a credit refers to (whose phase-1 verdict decides).
    candidates=lambda lines: (lines.debet_credit == "C") | lines.h_credited_seq.notnull(),
)
def credit_without_debet(ri: RuleInput) -> LineCheck:
    lines = ri.judged
    hit = ibis.ifelse(lines.debet_credit == "C", ~lines.p2_granted_debet, ibis.null("boolean"))
    return line_check(hit, vorig=lines.vorig_referentie_nummer)


@control_rule(
    code="TR390",
    retourcode="9390",
    severity="afkeur",
    title_nl="Prestatie is al eerder gecrediteerd",
    basis="iJw 3.2 TR390 (OP360)",
    explain_nl=(
        "Prestatie {vorig} is al eerder gecrediteerd. Een prestatie kan maar één keer worden gecrediteerd."
    ),
    comparison_nl="geen eerdere creditprestatie met hetzelfde VorigReferentieNummer",
    facts=(_VORIG,),
)
def credited_twice(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    earlier = (lines.h_vorig_first_seq < lines.decl_seq).fill_null(False)
    hit = ibis.ifelse(lines.debet_credit == "C", earlier, ibis.null("boolean"))
    return line_check(hit, vorig=lines.vorig_referentie_nummer)


@control_rule(
    code="TR389",
    retourcode="9389",
    severity="afkeur",
    title_nl="Eerdere debetprestatie niet gecrediteerd",
    basis="iJw 3.2 TR389 (OP366)",
    explain_nl=(
        "Voor toewijzing {toewijzing}, product {product} en periode vanaf {begin} is al een debetprestatie "
        "ingediend ({eerder}) die niet is gecrediteerd. Crediteer die eerst en dien daarna de correctie in."
    ),
    comparison_nl="geen eerdere toegekende debetprestatie voor dezelfde toewijzing, periode en product "
    "zonder bijbehorende credit (credits in hetzelfde bericht tellen eerst)",
    facts=(
        Fact("toewijzing", "getal", "ToewijzingNummer"),
        Fact("product", "tekst", "productcode"),
        Fact("begin", "datum", "begindatum ProductPeriode"),
        Fact("eerder", "tekst", "ReferentieNummer van de eerdere debetprestatie"),
    ),
    phase=2,
    candidates=lambda lines: lines.in_twice_period,
)
def debet_not_credited(ri: RuleInput) -> LineCheck:
    lines = ri.judged
    hit = ibis.ifelse(lines.debet_credit == "D", lines.p2_open_debet.notnull(), ibis.null("boolean"))
    return line_check(
        hit,
        toewijzing=lines.toewijzing_nummer,
        product=lines.product_code,
        begin=lines.product_periode_begin,
        eerder=lines.p2_open_debet,
    )
