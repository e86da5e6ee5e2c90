"""Stacking ("stapeling"): the same product twice for overlapping periods in one message.

Used by TR302 (JW301 ToegewezenProduct), TR386 (JW315 AangevraagdProduct) and TR410 (JW317
NieuwProduct). Two products are "the same" when:

- both have a product code: same category and same code;
- at least one has no product code: same category;
- at least one has no Product at all: always (an empty category overlaps everything).

Periods are inclusive; a missing end date is open. Instead of comparing all pairs, products are put
in interval sets per key (code, category, everything) sorted by start date, and each product asks the
few sets it is comparable with whether any other member overlaps it: O(n log n) for n products.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.rules.product_shape import LEVEL2, ProductView

_OPEN_END = date.max


@dataclass(frozen=True)
class Stint:
    """One product occurrence: its position, element, product key and inclusive period."""

    position: int
    element: etree._Element
    category: str | None
    code: str | None
    start: date
    end: date | None

    @property
    def last_day(self) -> date:
        return self.end or _OPEN_END


class _IntervalSet:
    """Stints sorted by start, answering "which other member overlaps this period?"."""

    def __init__(self, stints: Iterable[Stint]) -> None:
        ordered = sorted(stints, key=lambda s: s.start)
        self._starts = [s.start for s in ordered]
        # For every prefix of `ordered`: the two members with the latest last day (the second one
        # is needed when the asking stint itself is the latest).
        self._best: list[tuple[Stint, Stint | None]] = []
        first: Stint | None = None
        second: Stint | None = None
        for stint in ordered:
            if first is None or stint.last_day > first.last_day:
                first, second = stint, first
            elif second is None or stint.last_day > second.last_day:
                second = stint
            self._best.append((first, second))

    def partner(self, stint: Stint) -> Stint | None:
        """A member other than `stint` whose period overlaps it, or None."""
        count = bisect_right(self._starts, stint.last_day)
        if count == 0:
            return None
        first, second = self._best[count - 1]
        candidate = second if first.position == stint.position else first
        if candidate is not None and candidate.last_day >= stint.start:
            return candidate
        return None


def overlapping(stints: Sequence[Stint]) -> dict[int, Stint]:
    """For every stint that stacks with another one: position -> one such other stint."""
    by_code: dict[tuple[str, str], list[Stint]] = defaultdict(list)
    by_category: dict[str, list[Stint]] = defaultdict(list)
    without_code: dict[str, list[Stint]] = defaultdict(list)
    without_product: list[Stint] = []
    for stint in stints:
        if stint.category is None:
            without_product.append(stint)
            continue
        by_category[stint.category].append(stint)
        if stint.code is None:
            without_code[stint.category].append(stint)
        else:
            by_code[(stint.category, stint.code)].append(stint)

    everything = _IntervalSet(stints)
    wildcards = _IntervalSet(without_product)
    code_sets = {key: _IntervalSet(group) for key, group in by_code.items()}
    category_sets = {key: _IntervalSet(group) for key, group in by_category.items()}
    uncoded_sets = {key: _IntervalSet(group) for key, group in without_code.items()}

    result: dict[int, Stint] = {}
    for stint in stints:
        if stint.category is None:
            comparable = [everything]
        elif stint.code is None:
            comparable = [category_sets[stint.category], wildcards]
        else:
            comparable = [code_sets[(stint.category, stint.code)], wildcards]
            if stint.category in uncoded_sets:
                comparable.append(uncoded_sets[stint.category])
        for interval_set in comparable:
            partner = interval_set.partner(stint)
            if partner is not None:
                result[stint.position] = partner
                break
    return result


def period_text(stint: Stint) -> str:
    """A Dutch rendering of the inclusive period of a stint."""
    if stint.end is None:
        return f"vanaf {stint.start.isoformat()} zonder einddatum"
    return f"{stint.start.isoformat()} t/m {stint.end.isoformat()}"


def product_text(stint: Stint) -> str:
    """A Dutch rendering of the product key of a stint."""
    if stint.category is None:
        return "zonder Product"
    if stint.code is None:
        return f"productcategorie {stint.category}"
    return f"productcode {stint.code}"


def _stint(position: int, view: ProductView) -> Stint | None:
    start = view.start_date
    if start is None:
        return None
    return Stint(
        position=position,
        element=view.element,
        category=(view.category or None) if view.product is not None else None,
        code=view.code or None,
        start=start,
        end=view.end_date,
    )


def stacking_findings(
    context: RuleContext,
    views: Iterable[ProductView],
    rule: str,
    where_nl: str,
    ignore: Callable[[ProductView], bool] = lambda view: False,
) -> Iterator[Finding]:
    """One finding per product that stacks with another product of the same list (same parent)."""
    groups: dict[etree._Element, list[Stint]] = defaultdict(list)
    for position, view in enumerate(views):
        parent = view.element.getparent()
        stint = None if parent is None or ignore(view) else _stint(position, view)
        if parent is not None and stint is not None:
            groups[parent].append(stint)
    for stints in groups.values():
        partners = overlapping(stints)
        for stint in stints:
            other = partners.get(stint.position)
            if other is None:
                continue
            yield Finding(
                rule,
                LEVEL2,
                context.xpath_of(stint.element),
                f"Dit product ({product_text(stint)}, {period_text(stint)}) overlapt in tijd met "
                f"{context.xpath_of(other.element)} ({product_text(other)}, {period_text(other)}). "
                f"Hetzelfde product mag {where_nl} niet twee keer voor dezelfde dagen voorkomen; "
                "laat de periodes aansluiten zonder overlap of voeg de producten samen.",
            )
