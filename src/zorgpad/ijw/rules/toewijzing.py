"""Level-2 rules on the ToegewezenProduct of a toewijzing (JW301).

CD041, CD075-CD080, CS003 (with the contact periods of `contact.py`), CS335, CS336, CS338 and the
stacking rule TR302.
"""

from __future__ import annotations

from collections.abc import Iterator

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.contact import contact_period_findings
from zorgpad.ijw.rules.product_shape import (
    LEVEL2,
    ProductView,
    end_not_before_start,
    end_required_per_week,
    end_required_with_budget,
    frequency_fits_unit,
    no_budget_with_omvang,
    no_omvang_with_budget,
    no_omvang_without_code,
    omvang_required_with_code,
    product_required_without_budget,
    product_views,
    text_of,
)
from zorgpad.ijw.rules.stacking import stacking_findings

JW301 = ("JW301",)
DELETED = "13"
WITHDRAWN_CORRECTION = "01"


def allocations(context: RuleContext) -> list[ProductView]:
    return list(
        product_views(context, "ToegewezenProduct", "toegewezen product", "Ingangsdatum", "Einddatum")
    )


def _reason(context: RuleContext, view: ProductView) -> str:
    namespace = context.document.message_type.namespace
    return text_of(view.element.find(f"{{{namespace}}}RedenWijziging"))


@level2_rule("CD041", JW301, "Omvang verplicht als de productcode gevuld is")
def cd041(context: RuleContext) -> Iterator[Finding]:
    return omvang_required_with_code(context, allocations(context))


@level2_rule("CD075", JW301, "Einddatum verplicht als Budget gevuld is")
def cd075(context: RuleContext) -> Iterator[Finding]:
    return end_required_with_budget(context, allocations(context))


@level2_rule("CD076", JW301, "Einddatum verplicht bij frequentie per week")
def cd076(context: RuleContext) -> Iterator[Finding]:
    return end_required_per_week(context, allocations(context))


@level2_rule("CD077", JW301, "Omvang leeg als Budget gevuld is")
def cd077(context: RuleContext) -> Iterator[Finding]:
    return no_omvang_with_budget(context, allocations(context))


@level2_rule("CD078", JW301, "Budget leeg als Omvang gevuld is")
def cd078(context: RuleContext) -> Iterator[Finding]:
    return no_budget_with_omvang(context, allocations(context))


@level2_rule("CD079", JW301, "Product verplicht als Budget leeg is")
def cd079(context: RuleContext) -> Iterator[Finding]:
    return product_required_without_budget(context, allocations(context))


@level2_rule("CD080", JW301, "Omvang leeg zonder productcode (einddatum na 2020 of leeg)")
def cd080(context: RuleContext) -> Iterator[Finding]:
    return no_omvang_without_code(context, allocations(context), "CD080")


@level2_rule("CS003", JW301, "Einddatum op of na de ingangs- of begindatum")
def cs003(context: RuleContext) -> Iterator[Finding]:
    yield from contact_period_findings(context)
    yield from end_not_before_start(context, allocations(context))


@level2_rule("CS335", JW301, "RedenWijziging 13 (verwijderd) alleen als ingangsdatum gelijk is aan einddatum")
def cs335(context: RuleContext) -> Iterator[Finding]:
    for view in allocations(context):
        if _reason(context, view) != DELETED or view.start is None or view.end is None:
            continue
        # The standard compares the date texts; without an Einddatum the rule does not apply.
        if text_of(view.start) != text_of(view.end):
            yield Finding(
                "CS335",
                LEVEL2,
                context.xpath_of(view.end),
                f"Bij {view.name} staat RedenWijziging 13 (verwijderd), maar de Einddatum "
                f"({text_of(view.end)}) is niet gelijk aan de Ingangsdatum ({text_of(view.start)}). "
                f"Zet bij het verwijderen de Einddatum op {text_of(view.start)}, of kies een andere "
                "reden wijziging.",
            )


@level2_rule("CS336", JW301, "RedenWijziging 01 (administratieve correctie) niet gebruiken")
def cs336(context: RuleContext) -> Iterator[Finding]:
    namespace = context.document.message_type.namespace
    for view in allocations(context):
        reason = view.element.find(f"{{{namespace}}}RedenWijziging")
        if reason is not None and text_of(reason) == WITHDRAWN_CORRECTION:
            yield Finding(
                "CS336",
                LEVEL2,
                context.xpath_of(reason),
                f"Bij {view.name} staat RedenWijziging 01 (administratieve correctie); die code is "
                "vervallen. Kies een andere reden wijziging, of 13 (verwijderd) met een einddatum "
                "gelijk aan de ingangsdatum om de toewijzing in te trekken.",
            )


@level2_rule("CS338", JW301, "Frequentie 2, 4 of 6 bij eenheid 14, 16, 83 of 84")
def cs338(context: RuleContext) -> Iterator[Finding]:
    return frequency_fits_unit(context, allocations(context), "CS338")


@level2_rule("TR302", JW301, "Geen overlappende periodes voor hetzelfde product in een toewijzingsbericht")
def tr302(context: RuleContext) -> Iterator[Finding]:
    def deleted(view: ProductView) -> bool:
        # A deleted allocation (13, or the withdrawn 01, with Einddatum = Ingangsdatum) does not stack.
        return (
            _reason(context, view) in {DELETED, WITHDRAWN_CORRECTION}
            and bool(text_of(view.end))
            and text_of(view.start) == text_of(view.end)
        )

    return stacking_findings(
        context, allocations(context), "TR302", "binnen één toewijzingsbericht", ignore=deleted
    )
