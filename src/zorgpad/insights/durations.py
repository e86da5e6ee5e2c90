"""How long trajectories last: jeugd-GGZ against jeugd-en-opvoedhulp, and each product against its maximum.

A trajectory is a client's run of consecutive allocations of one product at one provider (start JW305
to stop JW307, extensions merged; see `_common.trajectories`). Only ended trajectories have a
duration: from the first Begindatum to the last Einddatum, both inclusive, in days. A month is 30.44
days (365.25 / 12) when a duration is set against a maximum in months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.insights._common import (
    catalog_products,
    days_between,
    ordered,
    require_catalog,
    share,
    trajectories,
)
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import number, percent

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.catalog.lookup import Catalog

DAYS_PER_MONTH = 365.25 / 12
TRACK_NL = {"jeugd-ggz": "Jeugd-GGZ", "jeugd-en-opvoedhulp": "Jeugd- en opvoedhulp", "overig": "Overig"}


def _ended(ctx: InsightContext, filters: Filters) -> ir.Table:
    products = catalog_products(require_catalog(ctx))
    t = trajectories(ctx, filters)
    t = t.filter(t.eind.notnull())
    t = t.mutate(dagen=days_between(t.eind, t.begin) + 1)
    return t.left_join(products, t.product_code == products.p_code)


@indicator(
    "trajectduur-ggz-jo",
    name_nl="Duur van trajecten: jeugd-GGZ en jeugd- en opvoedhulp",
    definition_nl=(
        "Beëindigde trajecten per soort hulp van het product (jeugd-GGZ, jeugd- en opvoedhulp, overig). "
        "Een traject loopt van de eerste startdatum (JW305) tot de laatste einddatum (JW307) van "
        "aaneensluitende toewijzingen van hetzelfde product bij dezelfde aanbieder. Gemiddelde en mediaan "
        "in dagen, begin en einde meegeteld."
    ),
    unit="dagen",
    knelpunt="seed000:9",
    dimensions=("soort_hulp",),
    chart=Chart("bar", x="soort_hulp", y=("gemiddelde_dagen", "mediaan_dagen")),
    needs_catalog=True,
    units={"trajecten": "aantal"},
)
def per_track(ctx: InsightContext, filters: Filters) -> pa.Table:
    t = _ended(ctx, filters)
    t = t.mutate(soort_hulp=t.p_track.substitute(TRACK_NL, else_="Onbekend"))
    result = t.group_by("soort_hulp").aggregate(
        trajecten=t.count(),
        gemiddelde_dagen=t.dagen.mean().round(1),
        mediaan_dagen=t.dagen.median(),
    )
    return ordered(result, "soort_hulp")


@indicator(
    "trajectduur-per-product",
    name_nl="Duur van trajecten per product, tegen de maximale duur",
    definition_nl=(
        "Beëindigde trajecten per product: aantal, gemiddelde duur in maanden (30,44 dagen), de maximale "
        "duur die de productstructuur stelt, en het aandeel trajecten dat langer duurde dan dat maximum."
    ),
    unit="maanden",
    knelpunt="seed000:4",
    dimensions=("product_code",),
    chart=Chart("bar", x="product_code", y=("gemiddelde_maanden", "maximale_duur_maanden")),
    needs_catalog=True,
    units={
        "trajecten": "aantal",
        "maximale_duur_maanden": "maanden",
        "boven_maximum": "aantal",
        "aandeel_boven_maximum": "procent",
    },
)
def per_product(ctx: InsightContext, filters: Filters) -> pa.Table:
    t = _ended(ctx, filters)
    months = t.dagen / DAYS_PER_MONTH
    beyond = ibis.ifelse(t.p_max_months.notnull() & (months > t.p_max_months), 1, 0)
    result = t.group_by("product_code").aggregate(
        trajecten=t.count(),
        gemiddelde_maanden=months.mean().round(1),
        maximale_duur_maanden=t.p_max_months.max(),
        boven_maximum=beyond.sum(),
    )
    result = result.mutate(aandeel_boven_maximum=share(result.boven_maximum, result.trajecten))
    return ordered(result, "product_code")


def _catalogue_source(catalog: Catalog | None) -> str:
    if catalog is None:
        return "productstructuur"
    return f"productstructuur {catalog.region.name}, versie {catalog.version}"


@conclusion(
    "seed000:4",
    problem_nl="Zorg loopt door na de maximale duur die de productstructuur per product stelt.",
    indicators=("trajectduur-per-product",),
    norm=lambda catalog: Norm(
        "Een traject duurt niet langer dan de maximale duur van zijn product.",
        "productstructuur",
        _catalogue_source(catalog),
    ),
    let_op=2.0,
    actie=10.0,
    unit="procent",
    next_step_nl=(
        "Bespreek de verlengingen van {focus} in het contractgesprek met de aanbieders van dat product; "
        "de controleregel ZP104 wijst zorg na de maximale duur af."
    ),
)
def _duration_conclusion(evidence: Evidence) -> Measured | None:
    rows = [row for row in evidence.rows("trajectduur-per-product") if row["maximale_duur_maanden"]]
    total = sum(row["trajecten"] for row in rows)
    if not total:
        return None
    beyond = sum(row["boven_maximum"] for row in rows)
    value = round(beyond * 100 / total, 1)
    sentence = (
        f"{number(beyond)} van de {number(total)} beëindigde trajecten ({percent(value)}) duurden langer "
        "dan de maximale duur van hun product"
    )
    worst = max(rows, key=lambda row: row["boven_maximum"])
    focus = None
    if worst["boven_maximum"]:
        focus = evidence.names.name("product_code", worst["product_code"])
        sentence += f"; de meeste bij {focus} ({number(worst['boven_maximum'])})"
    return Measured(value, sentence + ".", focus)


def _referral_norm(catalog: Catalog | None) -> Norm:
    months = catalog.data.referral_policy.referral_term_months if catalog else None
    term = f"{months} maanden" if months else "de verwijstermijn"
    return Norm(
        f"Een verwijzing geldt {term}; een traject op één verwijzing duurt gemiddeld niet langer.",
        "productstructuur",
        f"verwijsbeleid in de {_catalogue_source(catalog)}; consultatie Behandeling, knelpunt 9",
    )


@conclusion(
    "seed000:9",
    problem_nl="Er is geen maximale termijn voor een verwijzing, zodat trajecten lang doorlopen.",
    indicators=("trajectduur-ggz-jo", "verwijzersmix"),
    norm=_referral_norm,
    let_op=75.0,
    actie=100.0,
    unit="procent",
    next_step_nl=(
        "Leg in de contracten een maximale termijn per verwijzing vast, zoals zorgverzekeraars dat doen, "
        "en bespreek de lange {focus}-trajecten met de verwijzers."
    ),
)
def _referral_conclusion(evidence: Evidence) -> Measured | None:
    rows = [row for row in evidence.rows("trajectduur-ggz-jo") if row["trajecten"]]
    if not rows or evidence.catalog is None:
        return None
    term_days = evidence.catalog.data.referral_policy.referral_term_months * DAYS_PER_MONTH
    longest = max(rows, key=lambda row: row["gemiddelde_dagen"] or 0)
    value = round((longest["gemiddelde_dagen"] or 0) * 100 / term_days, 1)
    parts = "; ".join(
        f"{row['soort_hulp']} gemiddeld {number(row['gemiddelde_dagen'])} dagen" for row in rows
    )
    sentence = (
        f"{parts}. De langste soort, {longest['soort_hulp']}, duurt gemiddeld {percent(value)} van de "
        "verwijstermijn."
    )
    return Measured(value, sentence, longest["soort_hulp"])
