"""iJw level 3 for the requests the municipality receives: JW315 (allocation) and JW317 (change).

A request (object ``verzoek``) is one AangevraagdProduct of a JW315, or one product of a JW317 (the
rules on the JW317 as a whole judge its first product). It is judged against the requests, answers
(JW319) and allocations (JW301) that came before it: an earlier Dagtekening, or the same one and a
smaller message id. An allocation "actueel" on a day is, per ToewijzingNummer, the version decided
last on or before that day (Toewijzingsdatum and -tijd, IV013), when it has not ended before that day
and was not removed (Ingangsdatum = Einddatum with RedenWijziging 13 or 01; TR349's definition).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import came_before, object_result, union_all

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

REJECTED = "1"  # VerzoekAntwoord: verzoek afgewezen (WJ760)
REMOVED_REASONS = ("13", "01")
CLIENT = ("gemeente", "aanbieder", "client_key")
_REF = Fact("referentie", "tekst", "ReferentieAanbieder")


def _requests(ri: RuleInput) -> ir.Table:
    """Every request: each AangevraagdProduct of a JW315 and the first product of each JW317."""
    columns = ("message_id", "position", *CLIENT, "dagtekening", "referentie_aanbieder")
    parts = []
    if ri.has_rows("allocation_requests"):
        parts.append(ri.received("allocation_requests").select(*columns))
    if ri.has_rows("change_requests"):
        changes = ri.received("change_requests")
        first = changes.group_by("message_id").aggregate(_first=changes.position.min())
        changes = changes.semi_join(
            first, [changes.message_id == first.message_id, changes.position == first._first]
        )
        parts.append(changes.select(*columns))
    return union_all(parts)


def _result(table: ir.Table, hit: ir.BooleanValue, **facts: ir.Value) -> ir.Table:
    keys = {name: table[name] for name in ("message_id", "position", *CLIENT)}
    return object_result(table, hit, keys, **facts)


def _flag(table: ir.Table, found: ir.Table, **aggregates: ir.Value) -> ir.Table:
    """`table` with the aggregates of `found` (grouped per message_id, position) joined on."""
    grouped = found.group_by(_m=found.message_id, _p=found.position).aggregate(**aggregates)
    return table.left_join(grouped, [table.message_id == grouped._m, table.position == grouped._p])


@control_rule(
    code="TR347",
    retourcode="9347",
    severity="afkeur",
    title_nl="ReferentieAanbieder niet uniek",
    basis="iJw 3.2 TR347",
    explain_nl=(
        "Het verzoek gebruikt ReferentieAanbieder {referentie}, die de aanbieder al eerder in een verzoek "
        "heeft gebruikt. Een ReferentieAanbieder is uniek per aanbieder."
    ),
    comparison_nl="geen eerder verzoek van deze aanbieder met dezelfde ReferentieAanbieder",
    facts=(_REF,),
    object="verzoek",
    needs=("messages",),
)
def reference_reused(ri: RuleInput) -> ir.Table:
    if not (ri.has_rows("allocation_requests") or ri.has_rows("change_requests")):
        return _empty(ri)
    requests = _requests(ri)
    other = requests.select(
        o_aanbieder=requests.aanbieder,
        o_ref=requests.referentie_aanbieder,
        o_message_id=requests.message_id,
        o_dagtekening=requests.dagtekening,
    )
    pairs = requests.join(
        other,
        [
            requests.aanbieder == other.o_aanbieder,
            requests.referentie_aanbieder == other.o_ref,
            requests.message_id != other.o_message_id,
            came_before(requests, other, "o_"),
        ],
    )
    joined = _flag(requests, pairs, _n=pairs.count())
    return _result(joined, joined._n.notnull(), referentie=joined.referentie_aanbieder)


def _empty(ri: RuleInput, *facts: str) -> ir.Table:
    """No requests at all: a result without rows, with the rule's facts (texts)."""
    table = ri.table("allocation_requests").limit(0)
    extra = dict.fromkeys(facts, table.referentie_aanbieder)
    return _result(table, ibis.literal(False), referentie=table.referentie_aanbieder, **extra)


@control_rule(
    code="TR374",
    retourcode="9374",
    severity="afkeur",
    title_nl="Verzoek terwijl een eerder verzoek nog in behandeling is",
    basis="iJw 3.2 TR374 (een verzoek is in behandeling tot een afwijzing of een toewijzing volgt)",
    explain_nl=(
        "Voor deze cliënt loopt bij deze gemeente nog verzoek {eerder} van de aanbieder: daarop is nog "
        "geen toewijzing en geen afwijzing gestuurd. Wacht het antwoord af voor een nieuw verzoek."
    ),
    comparison_nl="geen eerder verzoek voor cliënt en aanbieder zonder toewijzing of afwijzing",
    facts=(_REF, Fact("eerder", "tekst", "ReferentieAanbieder van het lopende verzoek")),
    object="verzoek",
    needs=("messages",),
)
def request_while_pending(ri: RuleInput) -> ir.Table:
    if not (ri.has_rows("allocation_requests") or ri.has_rows("change_requests")):
        return _empty(ri, "eerder")
    requests = _requests(ri)
    earlier = requests.select(
        **{f"e_{c}": requests[c] for c in (*CLIENT, "message_id", "dagtekening", "referentie_aanbieder")}
    )
    pairs = requests.join(
        earlier,
        [
            *(requests[c] == earlier[f"e_{c}"] for c in CLIENT),
            requests.message_id != earlier.e_message_id,
            came_before(requests, earlier, "e_"),
        ],
    )
    # Settled before the new request: a rejection (JW319, VerzoekAntwoord 1) or an allocation naming
    # the earlier request's ReferentieAanbieder.
    answers = ri.received("request_answers")
    rejections = answers.filter(answers.verzoek_antwoord == REJECTED).select(
        s_aanbieder=answers.aanbieder, s_ref=answers.referentie_aanbieder, s_day=answers.dagtekening
    )
    allocations = ri.received("allocations")
    granted = allocations.filter(allocations.referentie_aanbieder.notnull()).select(
        s_aanbieder=allocations.aanbieder,
        s_ref=allocations.referentie_aanbieder,
        s_day=allocations.dagtekening,
    )
    for settled in (rejections, granted):
        pairs = pairs.anti_join(
            settled,
            [
                pairs.e_aanbieder == settled.s_aanbieder,
                pairs.e_referentie_aanbieder == settled.s_ref,
                settled.s_day <= pairs.dagtekening,
            ],
        )
    joined = _flag(requests, pairs, _eerder=pairs.e_referentie_aanbieder.min())
    return _result(
        joined, joined._eerder.notnull(), referentie=joined.referentie_aanbieder, eerder=joined._eerder
    )


def _in_force(ri: RuleInput, requests: ir.Table) -> ir.Table:
    """Per request row, the allocations of its client and aanbieder actueel on its Dagtekening
    (prefixed ``t_``): per ToewijzingNummer the version decided last (Toewijzingsdatum and -tijd, IV013)
    on or before that day, when it has not ended before it and was not removed."""
    versions = ri.received("allocations")
    allocated = versions.select(
        t_gemeente=versions.gemeente,
        t_aanbieder=versions.aanbieder,
        t_client=versions.client_key,
        t_nummer=versions.toewijzing_nummer,
        t_datum=versions.toewijzingsdatum,
        t_tijd=versions.toewijzingstijd,
        t_sent=versions.dagtekening,
        t_ingang=versions.ingangsdatum,
        t_eind=versions.einddatum,
        t_reden=versions.reden_wijziging,
        t_volume=versions.volume,
        t_frequentie=versions.frequentie,
        t_budget=versions.budget,
    )
    pairs = requests.join(
        allocated,
        [
            requests.gemeente == allocated.t_gemeente,
            requests.aanbieder == allocated.t_aanbieder,
            requests.client_key == allocated.t_client,
            allocated.t_datum <= requests.dagtekening,
        ],
    )
    latest = ibis.window(
        group_by=[pairs.message_id, pairs.position, pairs.t_nummer],
        order_by=[ibis.desc(pairs.t_datum), ibis.desc(pairs.t_tijd), ibis.desc(pairs.t_sent)],
    )
    ranked = pairs.mutate(_rank=ibis.row_number().over(latest))
    current = ranked.filter(ranked._rank == 0)
    removed = (current.t_ingang == current.t_eind) & current.t_reden.isin(REMOVED_REASONS)
    ended = current.t_eind.notnull() & (current.t_eind < current.dagtekening)
    return current.filter(~(removed.fill_null(False) | ended)).drop("_rank")


def _current_for_changes(ri: RuleInput) -> ir.Table:
    """`_in_force` for every JW317 product, stored once per run (TR349-TR351, TR357, TR373 read it)."""
    return ri.side("current_for_change_requests", lambda: _in_force(ri, ri.received("change_requests")))


def _existing_products(ri: RuleInput, kind: str) -> ir.Table:
    changes = ri.received("change_requests")
    return changes.filter(changes.kind == kind)


def _unrelated(ri: RuleInput, kind: str) -> ir.Table:
    products = _existing_products(ri, kind)
    current = _current_for_changes(ri)
    related = current.filter((current.kind == kind) & (current.toewijzing_nummer == current.t_nummer))
    joined = _flag(products, related, _n=related.count())
    return _result(
        joined,
        joined._n.isnull(),
        referentie=joined.referentie_aanbieder,
        toewijzing=joined.toewijzing_nummer,
    )


_TOEWIJZING = Fact("toewijzing", "getal", "ToewijzingNummer")


@control_rule(
    code="TR350",
    retourcode="9350",
    severity="afkeur",
    title_nl="Ongewijzigd product zonder actuele toewijzing",
    basis="iJw 3.2 TR350",
    explain_nl=(
        "Verzoek om wijziging {referentie} noemt toewijzing {toewijzing} als ongewijzigd product, maar "
        "de cliënt heeft bij deze aanbieder geen actuele toewijzing met dat nummer."
    ),
    comparison_nl="elk OngewijzigdProduct is een actuele toewijzing van de cliënt (op de dagtekening)",
    facts=(_REF, _TOEWIJZING),
    object="verzoek",
    needs=("change_requests",),
)
def unchanged_without_allocation(ri: RuleInput) -> ir.Table:
    return _unrelated(ri, "ongewijzigd")


@control_rule(
    code="TR351",
    retourcode="9351",
    severity="afkeur",
    title_nl="Te wijzigen product zonder actuele toewijzing",
    basis="iJw 3.2 TR351",
    explain_nl=(
        "Verzoek om wijziging {referentie} wil toewijzing {toewijzing} wijzigen, maar de cliënt heeft bij "
        "deze aanbieder geen actuele toewijzing met dat nummer."
    ),
    comparison_nl="elk TeWijzigenProduct is een actuele toewijzing van de cliënt (op de dagtekening)",
    facts=(_REF, _TOEWIJZING),
    object="verzoek",
    needs=("change_requests",),
)
def to_change_without_allocation(ri: RuleInput) -> ir.Table:
    return _unrelated(ri, "te_wijzigen")


@control_rule(
    code="TR349",
    retourcode="9349",
    severity="afkeur",
    title_nl="Verzoek om wijziging mist een actuele toewijzing",
    basis="iJw 3.2 TR349",
    explain_nl=(
        "Verzoek om wijziging {referentie} noemt actuele toewijzing {toewijzing} van de cliënt niet. Een "
        "verzoek om wijziging bevat alle actuele toewijzingen, ongewijzigd of te wijzigen."
    ),
    comparison_nl="elke actuele toewijzing van cliënt en aanbieder staat in het verzoek "
    "(OngewijzigdProduct of TeWijzigenProduct)",
    facts=(_REF, _TOEWIJZING),
    object="verzoek",
    needs=("change_requests",),
)
def allocation_left_out(ri: RuleInput) -> ir.Table:
    changes = ri.received("change_requests")
    first = changes.group_by("message_id").aggregate(_first=changes.position.min())
    heads = changes.semi_join(
        first, [changes.message_id == first.message_id, changes.position == first._first]
    )
    # Every product of a request has the same client and day, so the first one's allocations are all.
    current = _current_for_changes(ri)
    current = current.semi_join(
        heads, [current.message_id == heads.message_id, current.position == heads.position]
    )
    named = changes.filter(changes.kind != "nieuw").select(
        n_message_id=changes.message_id, n_nummer=changes.toewijzing_nummer
    )
    missing = current.anti_join(
        named, [current.message_id == named.n_message_id, current.t_nummer == named.n_nummer]
    )
    joined = _flag(heads, missing, _missing=missing.t_nummer.min())
    return _result(
        joined, joined._missing.notnull(), referentie=joined.referentie_aanbieder, toewijzing=joined._missing
    )


def _changed_against_allocation(ri: RuleInput) -> ir.Table:
    products = _existing_products(ri, "te_wijzigen")
    current = _current_for_changes(ri)
    own = current.filter((current.kind == "te_wijzigen") & (current.toewijzing_nummer == current.t_nummer))
    return _flag(
        products,
        own,
        _ingang=own.t_ingang.min(),
        _budget=own.t_budget.max(),
        _volume=own.t_volume.max(),
        _frequentie=own.t_frequentie.max(),
    )


_GEWENST = Fact("gewenst", "datum", "GewensteIngangsdatum")
_INGANG = Fact("ingang", "datum", "ingangsdatum van de toewijzing")


@control_rule(
    code="TR357",
    retourcode="9357",
    severity="afkeur",
    title_nl="Wijziging met terugwerkende kracht niet vanaf de ingangsdatum",
    basis="iJw 3.2 TR357",
    explain_nl=(
        "Verzoek om wijziging {referentie} wil toewijzing {toewijzing} wijzigen vanaf {gewenst}, niet in de "
        "toekomst. Zo'n wijziging geldt voor de hele looptijd en gaat dus in op de ingangsdatum {ingang}."
    ),
    comparison_nl="GewensteIngangsdatum ≤ dagtekening: dan gelijk aan de ingangsdatum van de toewijzing",
    facts=(_REF, _TOEWIJZING, _GEWENST, _INGANG),
    object="verzoek",
    needs=("change_requests",),
)
def retroactive_change(ri: RuleInput) -> ir.Table:
    joined = _changed_against_allocation(ri)
    applies = joined._ingang.notnull() & (joined.gewenste_ingangsdatum <= joined.dagtekening)
    hit = ibis.ifelse(applies, joined.gewenste_ingangsdatum != joined._ingang, ibis.null("boolean"))
    return _result(
        joined,
        hit,
        referentie=joined.referentie_aanbieder,
        toewijzing=joined.toewijzing_nummer,
        gewenst=joined.gewenste_ingangsdatum,
        ingang=joined._ingang,
    )


TOTAL_FREQUENTIE = "6"  # Totaal binnen geldigheidsduur toewijzing (WMO757)


@control_rule(
    code="TR373",
    retourcode="9373",
    severity="afkeur",
    title_nl="Budget of totaal gewijzigd niet vanaf de ingangsdatum",
    basis="iJw 3.2 TR373",
    explain_nl=(
        "Verzoek om wijziging {referentie} wijzigt het budget of het totaal van toewijzing {toewijzing} "
        "vanaf {gewenst}. Zo'n wijziging geldt altijd voor de hele looptijd: vanaf de ingangsdatum {ingang}."
    ),
    comparison_nl="bij een ander Budget of een ander totaal (Frequentie 6): GewensteIngangsdatum = "
    "ingangsdatum van de toewijzing",
    facts=(_REF, _TOEWIJZING, _GEWENST, _INGANG),
    object="verzoek",
    needs=("change_requests",),
)
def total_changed_mid_term(ri: RuleInput) -> ir.Table:
    joined = _changed_against_allocation(ri)
    budget_changed = joined.budget.notnull() & (joined.budget != joined._budget.fill_null(-1))
    total_changed = (
        (joined.frequentie == TOTAL_FREQUENTIE)
        & (joined._frequentie == TOTAL_FREQUENTIE)
        & (joined.volume != joined._volume)
    )
    applies = joined._ingang.notnull() & (budget_changed | total_changed.fill_null(False))
    hit = ibis.ifelse(applies, joined.gewenste_ingangsdatum != joined._ingang, ibis.null("boolean"))
    return _result(
        joined,
        hit,
        referentie=joined.referentie_aanbieder,
        toewijzing=joined.toewijzing_nummer,
        gewenst=joined.gewenste_ingangsdatum,
        ingang=joined._ingang,
    )
