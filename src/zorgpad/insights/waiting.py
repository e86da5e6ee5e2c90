"""Waiting time from referral to the start of care (seed 002: wachttijden; seed 000 knelpunt 5).

iJw carries no referral date; the access team's records (`referrals`) do. A referral is matched to the
start (JW305) of the allocation it names (municipality + ToewijzingNummer); a referral that names no
allocation is matched to the client's first start of a referred product on or after the referral date.
The wait is the number of days from the referral date to the Begindatum. The norm is the historic
maximum of 9 weeks (63 days) after an indication.
"""

from __future__ import annotations

import pyarrow as pa

from zorgpad.insights._common import days_between, ordered, pieces, referrals, share
from zorgpad.insights.conclusions import Evidence, Measured, Norm, conclusion
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.report.dutch import number, percent

NORM_DAYS = 63


@indicator(
    "wachttijd-verwijzing-start",
    name_nl="Wachttijd van verwijzing tot start van de hulp",
    definition_nl=(
        "Per gemeente: het aantal verwijzingen met een gestarte toewijzing, de gemiddelde en mediane "
        "wachttijd in dagen (van verwijsdatum tot startdatum in JW305) en het aandeel dat langer dan "
        f"{NORM_DAYS} dagen (9 weken) wachtte. Verwijzingen zonder gevonden start staan apart (zonder_start)."
    ),
    unit="dagen",
    knelpunt="seed002:wachttijden",
    dimensions=("gemeente",),
    chart=Chart("bar", x="gemeente", y=("gemiddelde_dagen", "mediaan_dagen")),
    units={
        "verwijzingen": "aantal",
        "gestart": "aantal",
        "zonder_start": "aantal",
        "aandeel_boven_norm": "procent",
    },
)
def waiting(ctx: InsightContext, filters: Filters) -> pa.Table:
    refs = referrals(ctx, filters)
    starts = pieces(ctx).select(
        s_gemeente="gemeente",
        s_nummer="toewijzing_nummer",
        s_client="client_key",
        s_product="product_code",
        s_begin="begin",
    )
    by_number = refs.filter(refs.toewijzing_nummer.notnull()).join(
        starts,
        (refs.gemeente == starts.s_gemeente) & (refs.toewijzing_nummer == starts.s_nummer),
    )
    by_product = refs.filter(refs.toewijzing_nummer.isnull()).join(
        starts,
        (refs.client_key == starts.s_client)
        & refs.products.contains(starts.s_product)
        & (starts.s_begin >= refs.referral_date),
    )
    matched = by_number.union(by_product, distinct=False)
    # A referral is identified by its file and row (row numbers of a query are not stable).
    first = matched.group_by(["file_id", "row_number", "gemeente", "referral_date"]).aggregate(
        begin=matched.s_begin.min()
    )
    first = first.mutate(dagen=days_between(first.begin, first.referral_date))
    waited = first.group_by("gemeente").aggregate(
        gestart=first.count(),
        gemiddelde_dagen=first.dagen.mean().round(1),
        mediaan_dagen=first.dagen.median(),
        boven_norm=(first.dagen > NORM_DAYS).cast("int64").sum(),
    )
    total = refs.group_by("gemeente").aggregate(verwijzingen=refs.count())
    joined = total.left_join(waited, "gemeente")
    result = joined.select(
        gemeente=total.gemeente,
        verwijzingen=total.verwijzingen,
        gestart=waited.gestart.fill_null(0),
        zonder_start=total.verwijzingen - waited.gestart.fill_null(0),
        gemiddelde_dagen=waited.gemiddelde_dagen,
        mediaan_dagen=waited.mediaan_dagen,
        aandeel_boven_norm=share(waited.boven_norm.fill_null(0), waited.gestart.fill_null(0)),
    )
    return ordered(result, "gemeente")


@conclusion(
    "seed002:wachttijden",
    problem_nl="Kinderen wachten te lang tussen de verwijzing en de start van de hulp.",
    indicators=("wachttijd-verwijzing-start",),
    norm=Norm(
        f"De hulp start binnen {NORM_DAYS} dagen (9 weken) na de verwijzing.",
        "regio-instelling",
        "wachttijdnorm van de regio, gelijk aan de landelijke norm van 9 weken uit de Wet op de jeugdzorg "
        "(tot 2015)",
    ),
    let_op=5.0,
    actie=15.0,
    unit="procent",
    next_step_nl=(
        "Bespreek de wachttijd met de toegang van {focus} en in de contractgesprekken met de aanbieders "
        "met een wachtlijst."
    ),
)
def _waiting_conclusion(evidence: Evidence) -> Measured | None:
    rows = [row for row in evidence.rows("wachttijd-verwijzing-start") if row["gestart"]]
    started = sum(row["gestart"] for row in rows)
    if not started:
        return None
    late = sum(round((row["aandeel_boven_norm"] or 0) * row["gestart"] / 100) for row in rows)
    share_late = round(late * 100 / started, 1)
    worst = max(rows, key=lambda row: row["aandeel_boven_norm"] or 0)
    where = evidence.names.name("gemeente", worst["gemeente"])
    sentence = (
        f"Van de {number(started)} gestarte verwijzingen wachtten er {number(late)} ({percent(share_late)}) "
        f"langer dan {NORM_DAYS} dagen"
    )
    if len(rows) > 1:
        sentence += f"; het vaakst in {where} ({percent(worst['aandeel_boven_norm'])})"
    return Measured(share_late, sentence + ".", where)
