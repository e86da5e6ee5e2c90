"""Suspected prior-provision care: youth care paid under the Jeugdwet where another law pays first
(seed 000 knelpunt 12).

Only products for which the catalogue names a prior provision (Zvw, Wlz, onderwijs, Wmo) count. For
each declared line the access team's record of the same allocation (municipality + ToewijzingNummer)
says what its prior-provision check found (`voorliggende_voorziening`): a provision found means the
care is suspect; 'geen' means checked and none found; no record means the check is unknown.
"""

from __future__ import annotations

import ibis
import pyarrow as pa

from zorgpad.insights._common import catalog_products, claims, extra, ordered, require_catalog, table
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import euro, percent

NONE_FOUND = ("", "geen")


@indicator(
    "voorliggend-vermoeden",
    name_nl="Vermoedelijk voorliggende voorziening",
    definition_nl=(
        "Per product waarvoor de productstructuur een voorliggende voorziening noemt (bijvoorbeeld de "
        "zorgverzekering of het onderwijs): het gedeclareerde bedrag en de cliënten waarbij de toegang een "
        "voorliggende voorziening vond (vermoeden), waarbij zij die niet vond, en waarbij de toets onbekend "
        "is (geen toegangsgegevens bij de toewijzing)."
    ),
    unit="eurocent",
    knelpunt="seed000:12",
    dimensions=("product_code", "wet"),
    chart=Chart("stacked_bar", x="product_code", y=("bedrag_vermoeden", "bedrag_niet_getoetst")),
    needs_catalog=True,
    units={"clienten": "aantal", "clienten_vermoeden": "aantal", "bedrag": "eurocent"},
)
def prior_provision(ctx: InsightContext, filters: Filters) -> pa.Table:
    products = catalog_products(require_catalog(ctx)).select("p_code", "p_prior_law")
    products = products.filter(products.p_prior_law.notnull())
    lines = claims(ctx, filters)
    lines = lines.join(products, lines.product_code == products.p_code)
    refs = table(ctx, "referrals")
    refs = refs.filter(refs.toewijzing_nummer.notnull())
    checks = refs.group_by(["gemeente", "toewijzing_nummer"]).aggregate(
        r_prior=extra(refs, "voorliggende_voorziening").max(), r_rows=refs.count()
    )
    joined = lines.left_join(checks, ["gemeente", "toewijzing_nummer"])
    unknown = joined.r_rows.isnull()
    suspect = ~unknown & ~joined.r_prior.fill_null("").isin(list(NONE_FOUND))
    amount = joined.signed_bedrag
    suspect_client = ibis.ifelse(suspect, joined.client_key, ibis.null("string"))
    result = joined.group_by([joined.product_code, joined.p_prior_law.name("wet")]).aggregate(
        clienten=joined.client_key.nunique(),
        clienten_vermoeden=suspect_client.nunique(),
        bedrag=amount.sum(),
        bedrag_vermoeden=ibis.ifelse(suspect, amount, 0).sum(),
        bedrag_niet_getoetst=ibis.ifelse(unknown, amount, 0).sum(),
    )
    return ordered(result, "product_code")


@conclusion(
    "seed000:12",
    problem_nl="De gemeente betaalt jeugdhulp die een voorliggende voorziening eerst had moeten betalen.",
    indicators=("voorliggend-vermoeden",),
    norm=Norm(
        "Jeugdhulp wordt niet betaald waar een voorliggende voorziening (zorgverzekering, Wlz, onderwijs) "
        "de zorg levert; de toegang toetst dat bij elke toewijzing.",
        "productstructuur",
        "voorliggende voorziening per product in de productstructuur; controleregel ZP107",
    ),
    let_op=1.0,
    actie=5.0,
    unit="procent",
    next_step_nl=(
        "Laat de toegang bij elke toewijzing van {focus} de voorliggende voorziening toetsen en de "
        "uitkomst vastleggen."
    ),
)
def _prior_conclusion(evidence: Evidence) -> Measured | None:
    rows = [row for row in evidence.rows("voorliggend-vermoeden") if row["bedrag"]]
    total = sum(row["bedrag"] for row in rows)
    if total <= 0:
        return None
    doubtful = sum(row["bedrag_vermoeden"] + row["bedrag_niet_getoetst"] for row in rows)
    value = round(doubtful * 100 / total, 1)
    worst = max(rows, key=lambda row: row["bedrag_vermoeden"] + row["bedrag_niet_getoetst"])
    focus = evidence.names.name("product_code", worst["product_code"])
    suspect = sum(row["bedrag_vermoeden"] for row in rows)
    unknown = sum(row["bedrag_niet_getoetst"] for row in rows)
    return Measured(
        value,
        f"Van {euro(total, whole=True)} op producten met een voorliggende voorziening is bij "
        f"{euro(suspect, whole=True)} een voorliggende voorziening gevonden en bij "
        f"{euro(unknown, whole=True)} niet getoetst: samen {percent(value)}.",
        focus,
    )
