"""iJw level 3: debet/credit history across declarations (TR314, TR323, TR389, TR390; OP366).

"Earlier" is the declaration order of `RuleInput.declarations`. Within one declaration credits are
processed before debets (OP366), so a credit in the same message may make room for a corrected debet.
An earlier debet counts as granted unless phase 1 rejected it or an ingested JW325 returned it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import line_result

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

_REF = Fact("ref", "tekst", "ReferentieNummer")
_VORIG = Fact("vorig", "tekst", "VorigReferentieNummer")


def _history(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    return lines.select(
        h_aanbieder=lines.aanbieder,
        h_ref=lines.referentie_nummer,
        h_vorig=lines.vorig_referentie_nummer,
        h_dc=lines.debet_credit,
        h_seq=lines.decl_seq,
        h_message=lines.message_id,
        h_position=lines.position,
        h_gemeente=lines.gemeente,
        h_toewijzing=lines.toewijzing_nummer,
        h_begin=lines.product_periode_begin,
        h_categorie=lines.product_categorie,
        h_code=lines.product_code.fill_null(""),
    )


def _granted_debets(ri: RuleInput) -> ir.Table:
    history = _history(ri).filter(lambda h: h.h_dc == "D")
    assert ri.rejected is not None
    rejected = ri.rejected.select(h_message=ri.rejected.message_id, h_position=ri.rejected.position)
    history = history.anti_join(rejected, ["h_message", "h_position"])
    if "claim_answers" in ri.tables and ri.has_rows("claim_answers"):
        answers = ri.table("claim_answers")
        returned = answers.select(h_aanbieder=answers.aanbieder, h_ref=answers.referentie_nummer).distinct()
        history = history.anti_join(returned, ["h_aanbieder", "h_ref"])
    return history


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
def reference_reused(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    history = _history(ri)
    earlier = (
        lines.join(
            history,
            [
                lines.aanbieder == history.h_aanbieder,
                lines.referentie_nummer == history.h_ref,
                history.h_seq < lines.decl_seq,
            ],
        )
        .select("message_id", "position")
        .distinct()
        .mutate(_found=ibis.literal(True))
    )
    joined = lines.left_join(earlier, ["message_id", "position"])
    return line_result(joined, joined._found.fill_null(False), ref=joined.referentie_nummer)


def _credit_links(ri: RuleInput, candidates: ir.Table) -> ir.Table:
    lines = ri.lines
    credits = lines.filter(lines.debet_credit == "C")
    linked = credits.join(
        candidates,
        [
            credits.aanbieder == candidates.h_aanbieder,
            credits.vorig_referentie_nummer == candidates.h_ref,
            candidates.h_seq < credits.decl_seq,
        ],
    )
    return linked.select("message_id", "position").distinct().mutate(_found=ibis.literal(True))


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
)
def credit_without_debet(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    found = _credit_links(ri, _granted_debets(ri))
    joined = lines.left_join(found, ["message_id", "position"])
    hit = ibis.ifelse(joined.debet_credit == "C", ~joined._found.fill_null(False), ibis.null("boolean"))
    return line_result(joined, hit, vorig=joined.vorig_referentie_nummer)


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
def credited_twice(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    history = _history(ri).filter(lambda h: h.h_dc == "C")
    history = history.mutate(h_ref=history.h_vorig)
    found = _credit_links(ri, history)
    joined = lines.left_join(found, ["message_id", "position"])
    hit = ibis.ifelse(joined.debet_credit == "C", joined._found.fill_null(False), ibis.null("boolean"))
    return line_result(joined, hit, vorig=joined.vorig_referentie_nummer)


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
)
def debet_not_credited(ri: RuleInput) -> ir.Table:
    lines = ri.lines
    debets = lines.filter(lines.debet_credit == "D")
    earlier = _granted_debets(ri)
    pairs = debets.join(
        earlier,
        [
            debets.aanbieder == earlier.h_aanbieder,
            debets.gemeente == earlier.h_gemeente,
            debets.toewijzing_nummer == earlier.h_toewijzing,
            debets.product_periode_begin == earlier.h_begin,
            debets.product_categorie == earlier.h_categorie,
            debets.product_code.fill_null("") == earlier.h_code,
            earlier.h_seq < debets.decl_seq,
        ],
    )
    credits = _history(ri).filter(lambda h: h.h_dc == "C")
    credits = credits.select(c_aanbieder=credits.h_aanbieder, c_vorig=credits.h_vorig, c_seq=credits.h_seq)
    open_pairs = pairs.anti_join(
        credits,
        [
            pairs.aanbieder == credits.c_aanbieder,
            pairs.h_ref == credits.c_vorig,
            credits.c_seq <= pairs.decl_seq,
        ],
    )
    found = open_pairs.group_by("message_id", "position").aggregate(_eerder=open_pairs.h_ref.min())
    joined = lines.left_join(found, ["message_id", "position"])
    hit = ibis.ifelse(joined.debet_credit == "D", joined._eerder.notnull(), ibis.null("boolean"))
    return line_result(
        joined,
        hit,
        toewijzing=joined.toewijzing_nummer,
        product=joined.product_code,
        begin=joined.product_periode_begin,
        eerder=joined._eerder,
    )
