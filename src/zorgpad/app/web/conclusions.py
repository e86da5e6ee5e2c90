"""The conclusion of a knelpunt for the pages: the declared rule (zorgpad.insights.conclusions) applied
to the cached indicator results of the request's filters, with the region as comparison when the
filters name a municipality. Reads only through `WebData.outcome`, the one place filters are applied."""

from __future__ import annotations

from dataclasses import replace

from zorgpad.app.web.data import WebData
from zorgpad.insights.conclusions import Conclusion, Evidence, conclude, rule_for, rules
from zorgpad.insights.registry import Filters, get_indicator


def _evidence(data: WebData, indicators: tuple[str, ...], filters: Filters) -> Evidence:
    tables = {id: data.outcome(get_indicator(id), filters).table for id in indicators}
    return Evidence(tables, data.names, data.catalog)


def knelpunt_conclusion(data: WebData, knelpunt: str, filters: Filters) -> Conclusion | None:
    """The knelpunt's conclusion under `filters`, or None when no conclusion is declared for it."""
    rule = rule_for(knelpunt)
    if rule is None:
        return None
    region = None
    if filters.gemeente is not None:
        region = _evidence(data, rule.indicators, replace(filters, gemeente=None))
    return conclude(rule, _evidence(data, rule.indicators, filters), region)


def all_conclusions(data: WebData, filters: Filters) -> dict[str, Conclusion]:
    """Every declared conclusion under `filters`, by knelpunt id (for the cards of the overview)."""
    found = {key: knelpunt_conclusion(data, key, filters) for key in rules()}
    return {key: value for key, value in found.items() if value is not None}
