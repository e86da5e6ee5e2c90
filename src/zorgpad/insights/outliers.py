"""Providers whose cost per client is an outlier against peers with the same care need (knelpunt 6).

Care need: the care-need domain the access team recorded for the allocation (`zorgbehoefte_domein` in
the referral records, matched on municipality + ToewijzingNummer); where none was recorded, the first
care-need domain of the product in the catalogue (when one is given); otherwise 'onbekend'.

Method: per domain and provider, cost per client = declared amount / distinct clients. Peers are the
providers in the same domain with at least MIN_CLIENTS clients. A provider is an outlier when its
domain has at least MIN_PEERS peers, it has MIN_CLIENTS clients itself, and its cost per client is at
least RATIO_THRESHOLD times the peers' median. The robust z-score (cost − median) / (1.4826 × MAD) is
shown beside it; it is empty when the peers' costs do not vary (MAD 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.insights._common import catalog_products, claims, extra, ordered, table
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import euro, number

if TYPE_CHECKING:
    import ibis.expr.types as ir

MIN_CLIENTS = 5
MIN_PEERS = 3
RATIO_THRESHOLD = 1.5
MAD_SCALE = 1.4826  # makes the MAD comparable to a standard deviation for normal data
UNKNOWN = "onbekend"
_RATIO_NL = f"{RATIO_THRESHOLD:.1f}".replace(".", ",")


def _domains(ctx: InsightContext, lines: ir.Table) -> ir.Table:
    refs = table(ctx, "referrals")
    refs = refs.filter(refs.toewijzing_nummer.notnull())
    recorded = refs.group_by(["gemeente", "toewijzing_nummer"]).aggregate(
        r_domain=extra(refs, "zorgbehoefte_domein").arbitrary()
    )
    joined = lines.left_join(recorded, ["gemeente", "toewijzing_nummer"])
    domain = joined.r_domain.nullif("")
    if ctx.catalog is not None:
        products = catalog_products(ctx.catalog).select("p_code", "p_domain")
        joined = joined.left_join(products, joined.product_code == products.p_code)
        domain = joined.r_domain.nullif("").fill_null(joined.p_domain)
    return joined.mutate(zorgbehoefte=domain.fill_null(UNKNOWN))


@indicator(
    "kosten-per-client-uitschieters",
    name_nl="Aanbieders met afwijkende kosten per cliënt bij dezelfde zorgbehoefte",
    definition_nl=(
        "Per zorgbehoefte en aanbieder: cliënten, gedeclareerd bedrag en kosten per cliënt, naast de "
        f"mediaan van vergelijkbare aanbieders (zelfde zorgbehoefte, minstens {MIN_CLIENTS} cliënten). "
        f"Uitschieter: minstens {MIN_PEERS} vergelijkbare aanbieders, zelf minstens {MIN_CLIENTS} cliënten "
        f"en kosten per cliënt minstens {_RATIO_NL} keer de mediaan. De robuuste z-score (afstand tot de "
        "mediaan gedeeld door 1,4826 × de mediane "
        "absolute afwijking) staat ernaast."
    ),
    unit="eurocent",
    knelpunt="seed000:6",
    dimensions=("zorgbehoefte", "aanbieder"),
    chart=Chart("bar", x="aanbieder", y=("kosten_per_client", "mediaan_peers"), detail="zorgbehoefte"),
    units={
        "clienten": "aantal",
        "bedrag": "eurocent",
        "peers": "aantal",
        "ratio": "ratio",
        "robuuste_z": "ratio",
    },
)
def outliers(ctx: InsightContext, filters: Filters) -> pa.Table:
    # Peers are every provider: the provider filter narrows the answer, not the comparison.
    lines = claims(ctx, Filters(filters.period_from, filters.period_to, filters.gemeente, filters.product))
    lines = _domains(ctx, lines)
    per = lines.group_by(["zorgbehoefte", "aanbieder"]).aggregate(
        clienten=lines.client_key.nunique(), bedrag=lines.signed_bedrag.sum()
    )
    per = per.mutate(kosten_per_client=(per.bedrag / per.clienten).round(0).cast("int64"))
    peers = per.filter(per.clienten >= MIN_CLIENTS)
    stats = peers.group_by("zorgbehoefte").aggregate(
        peers=peers.count(), mediaan_peers=peers.kosten_per_client.median()
    )
    spread = peers.join(stats, "zorgbehoefte")
    spread = spread.mutate(afwijking=(spread.kosten_per_client - spread.mediaan_peers).abs())
    mad = spread.group_by("zorgbehoefte").aggregate(mad=spread.afwijking.median())
    joined = per.left_join(stats, "zorgbehoefte").left_join(mad, "zorgbehoefte")
    ratio = ibis.ifelse(
        joined.mediaan_peers > 0,
        (joined.kosten_per_client / joined.mediaan_peers).round(2),
        ibis.null("float64"),
    )
    robust_z = ibis.ifelse(
        joined.mad > 0,
        ((joined.kosten_per_client - joined.mediaan_peers) / (MAD_SCALE * joined.mad)).round(1),
        ibis.null("float64"),
    )
    flagged = (
        (joined.peers.fill_null(0) >= MIN_PEERS)
        & (joined.clienten >= MIN_CLIENTS)
        & (ratio.fill_null(0.0) >= RATIO_THRESHOLD)
    )
    result = joined.select(
        zorgbehoefte=per.zorgbehoefte,
        aanbieder=per.aanbieder,
        clienten=per.clienten,
        bedrag=per.bedrag,
        kosten_per_client=per.kosten_per_client,
        peers=joined.peers.fill_null(0),
        mediaan_peers=joined.mediaan_peers.round(0).cast("int64"),
        ratio=ratio,
        robuuste_z=robust_z,
        uitschieter=flagged,
    )
    if filters.aanbieder is not None:
        result = result.filter(result.aanbieder == filters.aanbieder)
    return ordered(result, "zorgbehoefte", "aanbieder")


@conclusion(
    "seed000:6",
    problem_nl="Sommige aanbieders zijn duurder per cliënt dan vergelijkbare aanbieders in de regio.",
    indicators=("kosten-per-client-uitschieters", "op-en-afschalen"),
    norm=Norm(
        f"Kosten per cliënt hoogstens {_RATIO_NL} keer de mediaan van vergelijkbare aanbieders in de regio "
        "(zelfde zorgbehoefte).",
        "regio-instelling",
        "vergelijking met de regio (definitie van de indicator); consultatie Behandeling, knelpunt 6",
    ),
    let_op=1.0,
    actie=2.0,
    unit="aantal",
    next_step_nl=(
        "Bespreek in het contractgesprek met {focus} waarom de kosten per cliënt hoger zijn dan bij "
        "vergelijkbare aanbieders, en of afschalen naar lichtere zorg mogelijk is."
    ),
)
def _outlier_conclusion(evidence: Evidence) -> Measured | None:
    rows = evidence.rows("kosten-per-client-uitschieters")
    if not rows:
        return None
    flagged = sorted((row for row in rows if row["uitschieter"]), key=lambda row: -(row["ratio"] or 0))
    steps = {row["soort"]: row["overgangen"] for row in evidence.rows("op-en-afschalen")}
    moves = ""
    if steps:
        moves = (
            f" Er werd {number(steps.get('afschalen', 0))} keer afgeschaald en "
            f"{number(steps.get('opschalen', 0))} keer opgeschaald."
        )
    if not flagged:
        return Measured(
            0.0, "Geen aanbieder is opvallend duurder per cliënt dan vergelijkbare aanbieders." + moves
        )
    top = flagged[0]
    name = evidence.names.name("aanbieder", top["aanbieder"])
    count = len(flagged)
    sentence = (
        f"{number(count)} {'aanbieder is' if count == 1 else 'aanbieders zijn'} opvallend duurder "
        "per cliënt; "
        f"{name} kost bij {top['zorgbehoefte']} {euro(top['kosten_per_client'], whole=True)} per cliënt, "
        f"{number(top['ratio'], 1)} keer de mediaan van vergelijkbare aanbieders."
    )
    return Measured(float(count), sentence + moves, name)
