"""Policy rules from the providers' delivery records (`sessions`, the records of a material audit):
group treatment billed as individual (ZP101), and its statistical signal without records (ZP102);
indirect time on a direct-only product (ZP103); tariff level above the staff who delivered (ZP109)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis

from zorgpad.control.registry import Fact, control_rule
from zorgpad.control.rules._common import HOUR, MINUTE, line_result, round_half_up_div
from zorgpad.control.rules.ijw_amount import expected_tariffs
from zorgpad.control.rules.policy_contract import with_products

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

_PRODUCT = Fact("product", "tekst", "productcode")
# A session counts as group when it says so, or when one staff member saw several clients at once.
GROUP_SETTING = "groep"


def _sessions_per_line(ri: RuleInput) -> ir.Table:
    """Per claim line: the client's sessions with that provider within the ProductPeriode, summed."""
    sessions = ri.table("sessions")
    together = sessions.group_by("aanbieder", "staff_id", "session_date", "start_time").aggregate(
        _clients=sessions.client_key.nunique()
    )
    marked = sessions.join(together, ["aanbieder", "staff_id", "session_date", "start_time"])
    marked = marked.mutate(
        _group=((marked.setting.lower() == GROUP_SETTING) | (marked._clients > 1)).cast("int64")
    )
    if ri.policy is not None:
        levels = ri.policy.levels.rename(_level="staff_level", _rank="level_rank")
        marked = marked.left_join(levels, marked.staff_level == levels._level).drop("_level")
    else:
        marked = marked.mutate(_rank=ibis.null("int64"))
    lines = ri.lines.select(
        "message_id",
        "position",
        "aanbieder",
        "client_key",
        "product_code",
        "product_periode_begin",
        "product_periode_eind",
    )
    joined = lines.join(
        marked,
        [
            lines.aanbieder == marked.aanbieder,
            lines.client_key == marked.client_key,
            marked.session_date >= lines.product_periode_begin,
            marked.session_date <= lines.product_periode_eind,
            marked.product_code.isnull() | (marked.product_code == lines.product_code),
        ],
    )
    return joined.group_by("message_id", "position").aggregate(
        s_sessions=joined.count(),
        s_minutes=joined.minutes.sum(),
        s_group_sessions=joined._group.sum(),
        s_group_minutes=(joined.minutes * joined._group).sum(),
        s_max_rank=joined._rank.max(),
        s_levels=joined.staff_level.collect(distinct=True).sort().join(", "),
    )


def _lines_with_sessions(ri: RuleInput) -> ir.Table:
    lines = with_products(ri)
    return lines.left_join(_sessions_per_line(ri), ["message_id", "position"])


@control_rule(
    code="ZP101",
    retourcode="0611",
    severity="afkeur",
    title_nl="Groepsbehandeling gedeclareerd als individuele behandeling",
    basis="productstructuur: groep vs individueel; leveringsgegevens aanbieder (seed 000, knelpunt 1)",
    explain_nl=(
        "Product {product} is individuele zorg, maar volgens de leveringsgegevens van de aanbieder kreeg "
        "deze cliënt in de periode {groep_sessies} van {sessies} sessies in een groep ({groep_minuten} "
        "minuten). Declareer groepsbehandeling met het groepsproduct en -tarief."
    ),
    comparison_nl="geen groepssessies (setting groep, of één medewerker met meerdere cliënten tegelijk) "
    "onder een individueel product",
    facts=(
        _PRODUCT,
        Fact("groep_sessies", "getal", "sessies in een groep"),
        Fact("sessies", "getal", "sessies in de periode"),
        Fact("groep_minuten", "getal", "minuten in een groep"),
    ),
    needs_policy=True,
    needs=("sessions",),
)
def group_as_individual(ri: RuleInput) -> ir.Table:
    lines = _lines_with_sessions(ri)
    applies = (lines.p_setting == "individueel") & lines.s_sessions.notnull() & (lines.debet_credit == "D")
    hit = ibis.ifelse(applies, lines.s_group_sessions > 0, ibis.null("boolean"))
    return line_result(
        lines,
        hit,
        product=lines.product_code,
        groep_sessies=lines.s_group_sessions,
        sessies=lines.s_sessions,
        groep_minuten=lines.s_group_minutes,
    )


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
def indirect_time(ri: RuleInput) -> ir.Table:
    lines = _lines_with_sessions(ri)
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
    return line_result(
        lines,
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
def level_above_staff(ri: RuleInput) -> ir.Table:
    tariffs = expected_tariffs(ri)
    levelled = tariffs.filter(tariffs.level_rank.notnull())
    lines = _lines_with_sessions(ri)
    matched = lines.join(
        levelled,
        [
            lines.message_id == levelled.message_id,
            lines.position == levelled.position,
            lines.product_tarief == levelled.tarief,
        ],
    )
    claimed = matched.group_by(c_message=matched.message_id, c_position=matched.position).aggregate(
        c_rank=matched.level_rank.min(), c_level=matched.staff_level.min()
    )
    joined = lines.left_join(
        claimed, [lines.message_id == claimed.c_message, lines.position == claimed.c_position]
    )
    applies = joined.c_rank.notnull() & joined.s_max_rank.notnull() & (joined.debet_credit == "D")
    hit = ibis.ifelse(applies, joined.c_rank > joined.s_max_rank, ibis.null("boolean"))
    return line_result(
        joined, hit, tarief=joined.product_tarief, niveau=joined.c_level, geleverd=joined.s_levels
    )
