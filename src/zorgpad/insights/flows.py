"""Flows between products: stepping up and down, treatment to guidance, and exits by JZ588 reason.

A move is an ended trajectory followed, for the same client in the same municipality, by a trajectory
of another product that starts at most 31 days after the end (or during it). Its kind comes from the
catalogue: treatment (behandeling) to guidance (begeleiding); otherwise up or down by the products'
complexity (laag < midden < hoog); otherwise a switch at the same level. An ended trajectory without
such a follower is an exit (uitstroom), counted by its RedenBeeindiging (JZ588). The period filter
applies to the date the first trajectory ended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from zorgpad.ijw.codelists import labels
from zorgpad.insights._common import (
    FLOW_GAP_DAYS,
    catalog_products,
    execute,
    ordered,
    require_catalog,
    trajectories,
)
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.names import readable
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import number, percent

if TYPE_CHECKING:
    import ibis.expr.types as ir

STEP_UP, STEP_DOWN, TO_GUIDANCE, SAME = (
    "opschalen",
    "afschalen",
    "behandeling naar begeleiding",
    "gelijk",  # the word the care paths (zorgpad-stappen) use for a step at the same level
)


def _ended(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Ended trajectories in the filter; the period applies to the end date."""
    everything = Filters(gemeente=filters.gemeente, aanbieder=filters.aanbieder, product=filters.product)
    t = trajectories(ctx, everything)
    t = t.filter(t.eind.notnull())
    if filters.period_from is not None:
        t = t.filter(t.eind >= filters.period_from)
    if filters.period_to is not None:
        t = t.filter(t.eind <= filters.period_to)
    return t


def _moves(ctx: InsightContext, filters: Filters) -> ir.Table:
    """Every ended trajectory with the product that followed it (null when none followed)."""
    a = _ended(ctx, filters)
    b = (
        trajectories(ctx, Filters())
        .view()
        .select(b_client="client_key", b_gemeente="gemeente", b_product="product_code", b_begin="begin")
    )
    follows = a.join(
        b,
        (a.client_key == b.b_client)
        & (a.gemeente == b.b_gemeente)
        & (a.product_code != b.b_product)
        & (b.b_begin > a.begin)
        & (b.b_begin <= a.eind + ibis.interval(days=FLOW_GAP_DAYS)),
    )
    # A trajectory is identified by its key and first day (row numbers are not stable across scans).
    key = ["gemeente", "aanbieder", "client_key", "product_code", "begin"]
    nexts = follows.group_by(key).aggregate(naar=follows.b_product.argmin(follows.b_begin))
    return a.left_join(nexts, key).select(
        gemeente=a.gemeente, aanbieder=a.aanbieder, client_key=a.client_key, van=a.product_code,
        naar=nexts.naar, reden=a.reden,
    )  # fmt: skip


def _kind(moves: ir.Table, products: ir.Table) -> ir.Table:
    src = products.select(van_code="p_code", van_form="p_care_form", van_rank="p_rank")
    dst = products.select(naar_code="p_code", naar_form="p_care_form", naar_rank="p_rank")
    m = moves.left_join(src, moves.van == src.van_code).left_join(dst, moves.naar == dst.naar_code)
    kind = ibis.cases(
        (m.van_form.startswith("behandeling") & (m.naar_form == "begeleiding"), TO_GUIDANCE),
        (m.naar_rank > m.van_rank, STEP_UP),
        (m.naar_rank < m.van_rank, STEP_DOWN),
        else_=SAME,
    )
    return m.mutate(soort=kind)


@indicator(
    "stromen-tussen-producten",
    name_nl="Stromen tussen producten",
    definition_nl=(
        "Aantal overgangen van het ene product naar het andere bij dezelfde cliënt: een beëindigd traject "
        f"gevolgd door een traject met een ander product dat binnen {FLOW_GAP_DAYS} dagen start. Soort: "
        "behandeling naar begeleiding; anders opschalen of afschalen naar de zwaarte (laag, midden, hoog) "
        "in de productstructuur; anders gelijk (overstap op hetzelfde niveau)."
    ),
    unit="aantal",
    knelpunt="seed002:op-afschalen",
    dimensions=("van_product", "naar_product", "soort"),
    chart=Chart("bar", x="van_product", y=("overgangen",), series="soort"),
    needs_catalog=True,
)
def flows(ctx: InsightContext, filters: Filters) -> pa.Table:
    moves = _moves(ctx, filters)
    moves = moves.filter(moves.naar.notnull())
    m = _kind(moves, catalog_products(require_catalog(ctx)))
    result = m.group_by([m.van.name("van_product"), m.naar.name("naar_product"), "soort"]).aggregate(
        overgangen=m.count()
    )
    return ordered(result, "van_product", "naar_product")


@indicator(
    "op-en-afschalen",
    name_nl="Op- en afschalen",
    definition_nl=(
        "Overgangen tussen producten (zie 'Stromen tussen producten') samengeteld per soort: opschalen, "
        "afschalen, behandeling naar begeleiding en gelijk (overstap op hetzelfde niveau)."
    ),
    unit="aantal",
    knelpunt="seed000:6",
    dimensions=("soort",),
    chart=Chart("bar", x="soort", y=("overgangen",)),
    needs_catalog=True,
)
def steps(ctx: InsightContext, filters: Filters) -> pa.Table:
    moves = _moves(ctx, filters)
    moves = moves.filter(moves.naar.notnull())
    m = _kind(moves, catalog_products(require_catalog(ctx)))
    return ordered(m.group_by("soort").aggregate(overgangen=m.count()), "soort")


@indicator(
    "uitstroom-per-reden",
    name_nl="Uitstroom per reden van beëindiging",
    definition_nl=(
        "Beëindigde trajecten waarna de cliënt binnen "
        f"{FLOW_GAP_DAYS} dagen geen ander product kreeg, per RedenBeeindiging (JZ588) uit JW307."
    ),
    unit="aantal",
    knelpunt="seed002:op-afschalen",
    dimensions=("reden", "omschrijving"),
    chart=Chart("bar", x="omschrijving", y=("trajecten",)),
)
def exits(ctx: InsightContext, filters: Filters) -> pa.Table:
    moves = _moves(ctx, filters)
    gone = moves.filter(moves.naar.isnull())
    counted = execute(gone.group_by("reden").aggregate(trajecten=gone.count()).order_by("reden"))
    meanings = labels("JZ588")
    reasons = counted.column("reden").to_pylist()
    described = [readable(meanings.get(code or "", "onbekend")) for code in reasons]
    return pa.table(
        {
            "reden": pa.array(reasons, pa.string()),
            "omschrijving": pa.array(described, pa.string()),
            "trajecten": counted.column("trajecten"),
        }
    )


PLANNED_REASON = "31"  # JZ588 31: levering is volgens plan beëindigd


@conclusion(
    "seed002:op-afschalen",
    problem_nl="Trajecten stoppen vaak voortijdig in plaats van volgens plan af te schalen.",
    indicators=("uitstroom-per-reden", "stromen-tussen-producten"),
    norm=Norm(
        "Minstens 70 % van de trajecten zonder vervolg eindigt volgens plan (RedenBeeindiging 31).",
        "regio-instelling",
        "streefwaarde van de regio (standaard in zorgpad); consultatie de knip, op- en afschalen",
    ),
    let_op=70.0,
    actie=50.0,
    unit="procent",
    higher_is_worse=False,
    next_step_nl=(
        "Bespreek met {focus} waarom trajecten voortijdig stoppen, en spreek een plan voor afschalen "
        "af in de contractgesprekken."
    ),
)
def _exit_conclusion(evidence: Evidence) -> Measured | None:
    rows = evidence.rows("uitstroom-per-reden")
    total = sum(row["trajecten"] for row in rows)
    if not total:
        return None
    planned = sum(row["trajecten"] for row in rows if row["reden"] == PLANNED_REASON)
    value = round(planned * 100 / total, 1)
    early = max(
        (row for row in rows if row["reden"] != PLANNED_REASON), key=lambda r: r["trajecten"], default=None
    )
    sentence = (
        f"Van {number(total)} trajecten zonder vervolgproduct eindigden er {number(planned)} "
        f"({percent(value)}) volgens plan"
    )
    focus = None
    if early is not None and early["trajecten"]:
        reason = early["omschrijving"].lower()
        sentence += f"; de meest voorkomende andere reden: {reason} ({number(early['trajecten'])})"
        focus = "de aanbieders en de toegang"
    return Measured(value, sentence + ".", focus)
