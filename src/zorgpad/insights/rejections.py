"""Rejected and flagged amounts by control rule, from the findings of `zorgpad check`.

A finding's amount is the signed amount of the claim line it judges. Rejected (afgewezen) sums the lines
of `afkeur` findings; flagged (gesignaleerd) the lines of `signaal` findings, which do not change the
verdict. A line rejected by two rules counts for both rules, as `zorgpad check` reports it.
"""

from __future__ import annotations

from functools import cache

import ibis
import pyarrow as pa

from zorgpad.insights._common import execute, table
from zorgpad.insights.findings import findings_table
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator

_EMPTY = pa.schema(
    [
        ("regel", pa.string()),
        ("omschrijving", pa.string()),
        ("ernst", pa.string()),
        ("bevindingen", pa.int64()),
        ("afgewezen_bedrag", pa.int64()),
        ("afgewezen_creditbedrag", pa.int64()),
        ("gesignaleerd_bedrag", pa.int64()),
    ]
)


@cache
def rule_titles() -> dict[str, str]:
    """Rule code -> Dutch title of every built-in control rule and of the run's own finding."""
    from zorgpad.control.engine import builtin_rules
    from zorgpad.control.unjudged import UNJUDGED

    return {UNJUDGED.code: UNJUDGED.title_nl} | {rule.code: rule.title_nl for rule in builtin_rules()}


@indicator(
    "afgewezen-per-regel",
    name_nl="Afgewezen en gesignaleerde bedragen per controleregel",
    definition_nl=(
        "Per controleregel van zorgpad check: het aantal bevindingen, het bedrag van de prestaties die de "
        "regel afwijst (ernst afkeur) en het bedrag van de prestaties die hij alleen signaleert (ernst "
        "signaal). Afgewezen creditregels staan apart (als positief bedrag) en worden nooit met de afgewezen "
        "debetregels verrekend. Een prestatie die twee regels afwijzen telt bij beide regels."
    ),
    unit="eurocent",
    knelpunt="seed000:4",
    dimensions=("regel", "omschrijving", "ernst"),
    chart=Chart("bar", x="regel", y=("afgewezen_bedrag",)),
    units={"bevindingen": "aantal", "afgewezen_creditbedrag": "eurocent", "gesignaleerd_bedrag": "eurocent"},
)
def rejected(ctx: InsightContext, filters: Filters) -> pa.Table:
    found = findings_table(ctx)
    if found is None:
        return _EMPTY.empty_table()
    if filters.gemeente is not None:
        found = found.filter(found.gemeente == filters.gemeente)
    if filters.aanbieder is not None:
        found = found.filter(found.aanbieder == filters.aanbieder)
    if filters.product is not None or filters.period_from is not None or filters.period_to is not None:
        lines = table(ctx, "claim_lines")
        if filters.product is not None:
            lines = lines.filter(lines.product_code == filters.product)
        if filters.period_from is not None:
            lines = lines.filter(lines.product_periode_begin >= filters.period_from)
        if filters.period_to is not None:
            lines = lines.filter(lines.product_periode_begin <= filters.period_to)
        found = found.semi_join(lines.select("message_id", "position"), ["message_id", "position"])
    amount = found.bedrag.fill_null(0)
    grouped = found.group_by(["rule", "severity"]).aggregate(
        bevindingen=found.count(),
        afgewezen_bedrag=ibis.ifelse((found.severity == "afkeur") & (amount > 0), amount, 0).sum(),
        afgewezen_creditbedrag=ibis.ifelse((found.severity == "afkeur") & (amount < 0), -amount, 0).sum(),
        gesignaleerd_bedrag=ibis.ifelse(found.severity == "signaal", amount, 0).sum(),
    )
    counted = execute(grouped.order_by(["rule", "severity"]))
    titles = rule_titles()
    codes = counted.column("rule").to_pylist()
    return pa.table(
        {
            "regel": pa.array(codes, pa.string()),
            "omschrijving": pa.array([titles.get(code, code) for code in codes], pa.string()),
            "ernst": counted.column("severity").cast(pa.string()),
            "bevindingen": counted.column("bevindingen").cast(pa.int64()),
            "afgewezen_bedrag": counted.column("afgewezen_bedrag").cast(pa.int64()),
            "afgewezen_creditbedrag": counted.column("afgewezen_creditbedrag").cast(pa.int64()),
            "gesignaleerd_bedrag": counted.column("gesignaleerd_bedrag").cast(pa.int64()),
        },
        schema=_EMPTY,
    )
