"""What a control run answered: granted and rejected amounts of its JW325s, per municipality and provider.

Read from the stored run (`control_answers`; the latest run unless the context names one), so the
totals equal the sums of the JW325s that run produced. Rejected debet lines and rejected credit lines
are kept apart: a rejected credit is money the provider keeps owing, not money saved.
"""

from __future__ import annotations

import pyarrow as pa

from zorgpad.insights._common import execute, table
from zorgpad.insights.registry import Chart, Filters, InsightContext, indicator
from zorgpad.store.runs import chosen_run_id

_SCHEMA = pa.schema(
    [
        ("gemeente", pa.string()),
        ("aanbieder", pa.string()),
        ("antwoorden", pa.int64()),
        ("toegekend_bedrag", pa.int64()),
        ("afgewezen_bedrag", pa.int64()),
        ("afgewezen_credit_bedrag", pa.int64()),
    ]
)


@indicator(
    "controle-uitkomst",
    name_nl="Toegekend en afgewezen volgens de declaratie-antwoorden (JW325)",
    definition_nl=(
        "Per gemeente en aanbieder, uit de laatste controlerun: het aantal declaratie-antwoorden (JW325), "
        "het toegekende bedrag (TotaalToegekendBedrag), het bedrag van de afgewezen debetprestaties en, "
        "apart, van de afgewezen creditprestaties. De periode gaat over de declaratieperiode; een filter "
        "op product geldt niet, omdat een antwoord over een hele declaratie gaat."
    ),
    unit="eurocent",
    knelpunt="seed000:4",
    dimensions=("gemeente", "aanbieder"),
    chart=Chart("bar", x="gemeente", y=("toegekend_bedrag", "afgewezen_bedrag")),
)
def control_outcome(ctx: InsightContext, filters: Filters) -> pa.Table:
    run_id = chosen_run_id(ctx.store.connection, ctx.run)
    if run_id is None:
        return _SCHEMA.empty_table()
    answers = table(ctx, "control_answers")
    answers = answers.filter(answers.run_id == run_id)
    if filters.gemeente is not None:
        answers = answers.filter(answers.gemeente == filters.gemeente)
    if filters.aanbieder is not None:
        answers = answers.filter(answers.aanbieder == filters.aanbieder)
    if filters.period_from is not None or filters.period_to is not None:
        declarations = table(ctx, "declarations")
        if filters.period_from is not None:
            declarations = declarations.filter(declarations.declaratie_periode_eind >= filters.period_from)
        if filters.period_to is not None:
            declarations = declarations.filter(declarations.declaratie_periode_begin <= filters.period_to)
        answers = answers.semi_join(declarations.select("message_id"), "message_id")
    grouped = answers.group_by(["gemeente", "aanbieder"]).aggregate(
        antwoorden=answers.count(),
        toegekend_bedrag=answers.toegekend_cents.sum(),
        afgewezen_bedrag=answers.afgewezen_cents.sum(),
        afgewezen_credit_bedrag=answers.afgewezen_credit_cents.sum(),
    )
    result = execute(grouped.order_by(["gemeente", "aanbieder"]))
    return pa.table({name: result.column(name).cast(_SCHEMA.field(name).type) for name in _SCHEMA.names})
