"""Policy rules from the providers' delivery records (`sessions`, the records of a material audit):
group treatment billed as individual (ZP101), and its statistical signal without records (ZP102);
indirect time on a direct-only product (ZP103); tariff level above the staff who delivered (ZP109)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, LineCheck, control_rule
from zorgpad.control.rules._common import HOUR, MINUTE, line_check, round_half_up_div

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

_PRODUCT = Fact("product", "tekst", "productcode")


def _sessions_text(count: ir.IntegerValue) -> ir.StringValue:
    return ibis.ifelse(count == 1, "1 sessie", count.cast("string") + " sessies")


def _group_share_at_least_half(lines: ir.Table) -> ir.BooleanValue:
    """At least half of the delivered minutes were in a group: the line as a whole is group care."""
    return lines.s_group_minutes.fill_null(0) * 2 >= lines.s_minutes.fill_null(0)


_GROUP_FACTS = (
    _PRODUCT,
    Fact("zorgvorm", "tekst", "zorgvorm van het product"),
    Fact("groep_sessies", "getal", "sessies in een groep"),
    Fact("sessies", "tekst", "sessies in de periode"),
    Fact("groep_minuten", "getal", "minuten in een groep"),
    Fact("minuten", "getal", "minuten in de periode"),
)


def _group_facts(lines: ir.Table) -> dict[str, ir.Value]:
    return {
        "product": lines.product_code,
        "zorgvorm": lines.p_care_form_name,
        "groep_sessies": lines.s_group_sessions,
        "sessies": _sessions_text(lines.s_sessions),
        "groep_minuten": lines.s_group_minutes,
        "minuten": lines.s_minutes,
    }


# ZP101 rejects only a line that is group care as a whole (at least half of its minutes in a group):
# a JW325 grants or rejects a whole prestatie, so one group session among eleven must not cost the
# provider the line. A smaller group part is a signal (ZP113) asking for a correction of that part.
@control_rule(
    code="ZP101",
    retourcode="0611",
    severity="afkeur",
    title_nl="Zorg in een groep gedeclareerd als individuele zorg",
    basis="productstructuur: groep vs individueel; leveringsgegevens aanbieder (seed 000, knelpunt 1)",
    explain_nl=(
        "Product {product} ({zorgvorm}) is individuele zorg, maar volgens de leveringsgegevens van de "
        "aanbieder was in de periode {groep_sessies} van {sessies} in een groep ({groep_minuten} van "
        "{minuten} minuten), dus het grootste deel. Zorg in een groep wordt gedeclareerd met het "
        "groepsproduct en -tarief van deze zorgvorm."
    ),
    comparison_nl="minder dan de helft van de geleverde minuten in een groep (setting groep, of één "
    "medewerker met meerdere cliënten tegelijk) onder een individueel product",
    facts=_GROUP_FACTS,
    needs_policy=True,
    needs=("sessions",),
)
def group_as_individual(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = (lines.p_setting == "individueel") & lines.s_sessions.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(
        applies, (lines.s_group_sessions > 0) & _group_share_at_least_half(lines), ibis.null("boolean")
    )
    return line_check(hit, **_group_facts(lines))


@control_rule(
    code="ZP113",
    retourcode=None,
    severity="signaal",
    title_nl="Een deel van de individuele zorg was in een groep",
    basis="productstructuur: groep vs individueel; leveringsgegevens aanbieder (seed 000, knelpunt 1)",
    explain_nl=(
        "Product {product} ({zorgvorm}) is individuele zorg. Volgens de leveringsgegevens van de aanbieder "
        "was {groep_sessies} van {sessies} in een groep ({groep_minuten} van {minuten} minuten). De "
        "prestatie wordt niet afgewezen; vraag de aanbieder het deel in een groep te crediteren en met "
        "het groepsproduct opnieuw te declareren."
    ),
    comparison_nl="geen sessie in een groep onder een individueel product (waar minstens de helft in een "
    "groep was, wijst ZP101 af)",
    facts=_GROUP_FACTS,
    needs_policy=True,
    needs=("sessions",),
)
def partly_in_group(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = (lines.p_setting == "individueel") & lines.s_sessions.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(
        applies, (lines.s_group_sessions > 0) & ~_group_share_at_least_half(lines), ibis.null("boolean")
    )
    return line_check(hit, **_group_facts(lines))


@control_rule(
    code="ZP103",
    retourcode="9321",
    severity="afkeur",
    title_nl="Indirecte tijd gedeclareerd op een product met alleen directe tijd",
    basis="productstructuur: declarabele tijd per product; leveringsgegevens (seed 000, knelpunt 5)",
    explain_nl=(
        "Bij product {product} is alleen directe tijd declarabel. De leveringsgegevens tonen {minuten} "
        "minuten contact ({toegestaan} in eenheid {eenheid}), gedeclareerd is {volume}. Het verschil is "
        "indirecte tijd; die zit al in het tarief."
    ),
    comparison_nl="gedeclareerd volume ≤ directe tijd uit de leveringsgegevens (uren afgerond volgens IV079)",
    facts=(
        _PRODUCT,
        Fact("minuten", "getal", "minuten direct contact"),
        Fact("toegestaan", "getal", "declarabel volume"),
        Fact("eenheid", "tekst", "eenheid"),
        Fact("volume", "getal", "geleverd volume"),
    ),
    needs_policy=True,
    needs=("sessions",),
)
def indirect_time(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    minutes = lines.s_minutes.fill_null(0)
    hours = ibis.greatest(round_half_up_div(minutes, 60), 1)  # IV079: round once, at least one hour
    allowed = ibis.cases(
        (lines.eenheid == HOUR, hours), (lines.eenheid == MINUTE, minutes), else_=ibis.null("int64")
    )
    applies = (
        (lines.p_billable_time == "direct")
        & lines.s_sessions.notnull()
        & allowed.notnull()
        & (lines.debet_credit == "D")
    )
    hit = ibis.ifelse(applies, lines.geleverd_volume > allowed, ibis.null("boolean"))
    return line_check(
        hit,
        product=lines.product_code,
        minuten=minutes,
        toegestaan=allowed,
        eenheid=lines.eenheid,
        volume=lines.geleverd_volume,
    )


@control_rule(
    code="ZP109",
    retourcode="0611",
    severity="afkeur",
    title_nl="Tariefniveau past niet bij de opleiding van de medewerkers",
    basis="productstructuur: tarief per opleidingsniveau; leveringsgegevens (seed 000, knelpunt 13)",
    explain_nl=(
        "Gedeclareerd is het tarief {tarief} van niveau {niveau}, maar de zorg in deze periode is geleverd "
        "door medewerkers van niveau {geleverd}. Declareer het tarief van het niveau dat de zorg leverde."
    ),
    comparison_nl="niveau van het gedeclareerde tarief ≤ hoogste niveau van de medewerkers die leverden",
    facts=(
        Fact("tarief", "euro", "producttarief"),
        Fact("niveau", "tekst", "niveau van dat tarief"),
        Fact("geleverd", "tekst", "niveaus van de medewerkers"),
    ),
    needs_policy=True,
    needs=("sessions",),
)
def level_above_staff(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = lines.t_claimed_rank.notnull() & lines.s_max_rank.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, lines.t_claimed_rank > lines.s_max_rank, ibis.null("boolean"))
    return line_check(hit, tarief=lines.product_tarief, niveau=lines.t_claimed_level, geleverd=lines.s_levels)


# ZP102: how many clients must share one varying monthly pattern before it reads as a group.
GROUP_MIN_CLIENTS = 4


@control_rule(
    code="ZP102",
    retourcode=None,
    severity="signaal",
    title_nl="Patroon van zorg in een groep onder een individueel product",
    basis="productstructuur: groep vs individueel; statistisch signaal op declaraties (seed 000, knelpunt 1)",
    explain_nl=(
        "Aanbieder {agb} declareert individueel product {product} voor {clienten} cliënten met precies "
        "dezelfde, wisselende volumes in dezelfde {maanden} maanden (deze maand {volume}). Zo'n patroon "
        "past bij zorg in een groep. Vraag de leveringsgegevens op en controleer of zorg in een groep "
        "met het groepsproduct en -tarief is gedeclareerd."
    ),
    comparison_nl=f"minder dan {GROUP_MIN_CLIENTS} cliënten van de aanbieder hebben bij dit individuele "
    "product hetzelfde wisselende volume per maand, over minstens drie maanden",
    facts=(
        Fact("agb", "tekst", "AGB-code aanbieder"),
        _PRODUCT,
        Fact("clienten", "getal", "cliënten met hetzelfde patroon"),
        Fact("maanden", "getal", "maanden in het patroon"),
        Fact("volume", "getal", "geleverd volume"),
    ),
    needs_policy=True,
)
def group_pattern(ri: RuleInput) -> LineCheck:
    lines = ri.lines
    applies = (lines.p_setting == "individueel") & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, (lines.g_clients >= GROUP_MIN_CLIENTS).fill_null(False), ibis.null("boolean"))
    return line_check(
        hit,
        agb=lines.aanbieder,
        product=lines.product_code,
        clienten=lines.g_clients,
        maanden=lines.g_months,
        volume=lines.geleverd_volume,
    )
