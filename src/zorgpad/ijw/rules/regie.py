"""Level-2 rules on the start and stop messages (JW305 Start zorg, JW307 Stop zorg): CS058, TR018."""

from __future__ import annotations

from collections.abc import Iterator

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.values import as_date, clean, finding, in_message, nl_date
from zorgpad.ijw.values import find_value, value_of

# CS058: a start or stop is sent (1) or withdrawn (3); 2 "gewijzigde aanlevering" is not used in iJw.
ALLOWED_STATUS = {"1": "eerste aanlevering", "3": "verwijderen aanlevering"}
_PRODUCT_CLASS = {"JW305": "StartProduct", "JW307": "StopProduct"}


@level2_rule("CS058", tuple(_PRODUCT_CLASS), "StatusAanlevering is 1 of 3")
def check_delivery_status(context: RuleContext) -> Iterator[Finding]:
    cls = _PRODUCT_CLASS[context.document.message_type.code]
    status_tag = in_message(context, "StatusAanlevering")
    for product in context.root.iter(in_message(context, cls)):
        status = product.find(status_tag)
        value = None if status is None else clean(value_of(status))
        if status is not None and value not in ALLOWED_STATUS:
            yield finding(
                context,
                "CS058",
                status,
                f"StatusAanlevering '{value}' bij {cls} is hier niet toegestaan. Gebruik 1 (eerste "
                "aanlevering) of 3 (verwijderen aanlevering); een wijziging geeft u door door de oude "
                "melding te verwijderen en een nieuwe te sturen.",
            )


@level2_rule("TR018", ("JW307",), "Einddatum op of na Begindatum")
def check_stop_after_start(context: RuleContext) -> Iterator[Finding]:
    begin_tag, end_tag = in_message(context, "Begindatum"), in_message(context, "Einddatum")
    for product in context.root.iter(in_message(context, "StopProduct")):
        end = product.find(end_tag)
        first = as_date(find_value(product, begin_tag))
        last = None if end is None else as_date(value_of(end))
        if end is not None and first is not None and last is not None and last < first:
            yield finding(
                context,
                "TR018",
                end,
                f"De Einddatum {nl_date(last)} van de zorg ligt vóór de Begindatum {nl_date(first)}. "
                "De zorg kan niet eindigen voordat hij begonnen is: controleer beide data.",
            )
