"""How care is delivered: group against individual (knelpunt 1), direct against indirect time (knelpunt 5).

Two sources are set side by side per provider. Declarations say what was billed: hours (GeleverdVolume
in unit 04, or minutes in unit 01 divided by 60) on products the catalogue calls group or individual,
direct-only or direct-and-indirect. The providers' delivery records (`sessions`) say what happened with
the client: each row is time a staff member spent with one client. A session is a group session when
one staff member saw more than one client at the same date and start time.

Direct time is, by definition here, the minutes in the delivery records; declared time above it is
indirect client-bound time (or time not recorded). On a product where only direct time is billable the
two should match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from zorgpad.insights._common import (
    HOURS_PER_UNIT,
    catalog_products,
    claims,
    ordered,
    require_catalog,
    sessions,
    share,
)
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import number, percent

if TYPE_CHECKING:
    import ibis.expr.types as ir


def _declared_hours(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Claim lines in time units with their hours (credits negative) and the product's catalogue facts."""
    lines = claims(ctx, filters)
    lines = lines.filter(lines.eenheid.isin(list(HOURS_PER_UNIT)))
    factor = lines.eenheid.substitute(HOURS_PER_UNIT, else_=ibis.literal(0.0))
    sign = ibis.ifelse(lines.debet_credit == "C", -1, 1)
    lines = lines.mutate(uren=lines.geleverd_volume * factor * sign)
    products = catalog_products(require_catalog(ctx))
    return lines.left_join(products, lines.product_code == products.p_code)


def _session_hours(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Per provider: hours in the delivery records, and hours in group sessions."""
    s = sessions(ctx, filters)
    slot = ["aanbieder", "staff_id", "session_date", "start_time"]
    per_slot = s.group_by(slot).aggregate(clients=s.client_key.nunique(), minutes=s.minutes.sum())
    group = ibis.ifelse(per_slot.clients > 1, per_slot.minutes, 0)
    return per_slot.group_by("aanbieder").aggregate(
        sessie_uren=(per_slot.minutes.sum() / 60.0).round(1),
        groep_sessie_uren=(group.sum() / 60.0).round(1),
    )


@indicator(
    "groep-individueel-per-aanbieder",
    name_nl="Groep en individueel per aanbieder",
    definition_nl=(
        "Per aanbieder: gedeclareerde uren behandeling op groepsproducten en op individuele producten "
        "(volgens de productstructuur) en het aandeel groep daarin, naast het aandeel van de uren in de "
        "eigen sessieregistratie dat in een groep werd geleverd (één medewerker, meer cliënten, zelfde "
        "datum en begintijd). Een hoog geleverd groepsaandeel bij een laag gedeclareerd groepsaandeel "
        "wijst op groepsbehandeling die als individuele behandeling is gedeclareerd."
    ),
    unit="procent",
    knelpunt="seed000:1",
    dimensions=("aanbieder",),
    chart=Chart("bar", x="aanbieder", y=("aandeel_groep_gedeclareerd", "aandeel_groep_geleverd")),
    needs_catalog=True,
    units={"groep_uren": "uren", "individueel_uren": "uren", "sessie_uren": "uren"},
)
def group_share(ctx: InsightContext, filters: Filters) -> pa.Table:
    lines = _declared_hours(ctx, filters)
    lines = lines.filter(lines.p_care_form.startswith("behandeling"))
    group = ibis.ifelse(lines.p_setting == "groep", lines.uren, 0.0)
    alone = ibis.ifelse(lines.p_setting == "individueel", lines.uren, 0.0)
    declared = lines.group_by("aanbieder").aggregate(
        groep_uren=group.sum().round(1), individueel_uren=alone.sum().round(1)
    )
    delivered = _session_hours(ctx, filters)
    joined = declared.outer_join(delivered, "aanbieder")
    aanbieder = ibis.coalesce(declared.aanbieder, delivered.aanbieder)
    groep = declared.groep_uren.fill_null(0.0)
    individueel = declared.individueel_uren.fill_null(0.0)
    result = joined.select(
        aanbieder=aanbieder,
        groep_uren=groep,
        individueel_uren=individueel,
        aandeel_groep_gedeclareerd=share(groep, groep + individueel),
        sessie_uren=delivered.sessie_uren,
        aandeel_groep_geleverd=share(delivered.groep_sessie_uren, delivered.sessie_uren),
    )
    return ordered(result, "aanbieder")


@indicator(
    "directe-indirecte-tijd",
    name_nl="Directe en indirecte tijd per aanbieder",
    definition_nl=(
        "Per aanbieder: gedeclareerde uren (eenheid uur of minuut), waarvan op producten waar alleen "
        "directe tijd declarabel is; de uren directe tijd in de eigen sessieregistratie (tijd met de "
        "cliënt); en het aandeel indirecte tijd = (gedeclareerde uren − sessie-uren) / gedeclareerde uren. "
        "Zonder sessieregistratie blijven sessie-uren en aandeel leeg."
    ),
    unit="procent",  # the charted measure is the share of indirect time; the hours say so in `units`
    knelpunt="seed000:5",
    dimensions=("aanbieder",),
    chart=Chart("bar", x="aanbieder", y=("aandeel_indirect",)),
    needs_catalog=True,
    units={
        "gedeclareerde_uren": "uren",
        "uren_alleen_direct": "uren",
        "sessie_uren": "uren",
        "aandeel_indirect": "procent",
    },
)
def direct_time(ctx: InsightContext, filters: Filters) -> pa.Table:
    lines = _declared_hours(ctx, filters)
    direct_only = ibis.ifelse(lines.p_billable == "direct", lines.uren, 0.0)
    declared = lines.group_by("aanbieder").aggregate(
        gedeclareerde_uren=lines.uren.sum().round(1), uren_alleen_direct=direct_only.sum().round(1)
    )
    delivered = _session_hours(ctx, filters)
    joined = declared.left_join(delivered, "aanbieder")
    indirect = declared.gedeclareerde_uren - delivered.sessie_uren
    result = joined.select(
        aanbieder=declared.aanbieder,
        gedeclareerde_uren=declared.gedeclareerde_uren,
        uren_alleen_direct=declared.uren_alleen_direct,
        sessie_uren=delivered.sessie_uren,
        aandeel_indirect=share(indirect, declared.gedeclareerde_uren),
    )
    return ordered(result, "aanbieder")


@conclusion(
    "seed000:1",
    problem_nl="Groepsbehandeling wordt mogelijk gedeclareerd als duurdere individuele behandeling.",
    indicators=("groep-individueel-per-aanbieder",),
    norm=Norm(
        "Wat in een groep is geleverd, wordt als groepsproduct gedeclareerd: het gedeclareerde "
        "groepsaandeel is niet lager dan het geleverde.",
        "productstructuur",
        "groeps- en individuele producten in de productstructuur; controleregel ZP101",
    ),
    let_op=5.0,
    actie=15.0,
    unit="procentpunt",
    next_step_nl=(
        "Bespreek in het contractgesprek met {focus} waarom groepssessies als individuele behandeling "
        "zijn gedeclareerd, en vraag de sessieregistratie op."
    ),
)
def _group_conclusion(evidence: Evidence) -> Measured | None:
    rows = [row for row in evidence.rows("groep-individueel-per-aanbieder") if row["sessie_uren"]]
    if not rows:
        return None

    def gap(row: dict[str, Any]) -> float:
        return float((row["aandeel_groep_geleverd"] or 0) - (row["aandeel_groep_gedeclareerd"] or 0))

    worst = max(rows, key=gap)
    value = round(max(gap(worst), 0.0), 1)
    name = evidence.names.name("aanbieder", worst["aanbieder"])
    if value <= 0:
        return Measured(
            0.0,
            f"Geen van de {number(len(rows))} aanbieders met een sessieregistratie leverde meer in een "
            "groep dan het als groep declareerde.",
        )
    return Measured(
        value,
        f"{name} leverde {percent(worst['aandeel_groep_geleverd'])} van de sessie-uren in een groep, maar "
        f"declareerde {percent(worst['aandeel_groep_gedeclareerd'])} van de behandeluren als groep: "
        f"{number(value, 1)} procentpunt verschil.",
        name,
    )


@conclusion(
    "seed000:5",
    problem_nl="Aanbieders declareren verschillend veel indirecte tijd naast de tijd met de cliënt.",
    indicators=("directe-indirecte-tijd",),
    norm=Norm(
        "De gedeclareerde tijd is tijd met de cliënt; indirecte tijd zit in het tarief.",
        "productstructuur",
        "producten waarop alleen directe tijd declarabel is (productstructuur); controleregel ZP103; "
        "consultatie Behandeling, knelpunt 5",
    ),
    let_op=10.0,
    actie=25.0,
    unit="procent",
    next_step_nl=(
        "Bespreek in het contractgesprek met {focus} welke tijd is gedeclareerd naast de tijd met de "
        "cliënt, en maak de regel voor directe en indirecte tijd gelijk over alle zorgvormen."
    ),
)
def _direct_conclusion(evidence: Evidence) -> Measured | None:
    rows = [row for row in evidence.rows("directe-indirecte-tijd") if row["aandeel_indirect"] is not None]
    if not rows:
        return None
    worst = max(rows, key=lambda row: row["aandeel_indirect"])
    value = max(float(worst["aandeel_indirect"]), 0.0)
    name = evidence.names.name("aanbieder", worst["aanbieder"])
    return Measured(
        value,
        f"Bij {name} is {percent(value)} van de gedeclareerde uren niet terug te vinden als tijd met de "
        f"cliënt in de sessieregistratie ({number(len(rows))} aanbieders met een registratie).",
        name,
    )
