"""The shape of an allocated or requested product, shared by JW301, JW315 and JW317.

A toegewezen, aangevraagd, nieuw or te wijzigen product has the same core: an optional `Product`
(category, optional code), a start and an end date, an `Omvang` (volume, unit, frequency) or a
`Budget`. The conditions on that core (CD041, CD075-CD080, CD095, CD096, CS003, CS338, CS343) are
the same in every message; only the element names of the dates differ. This module reads the core
once (`ProductView`) and yields the findings; the rule modules register them per message type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lxml import etree

from zorgpad import formatting
from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.reader import Document
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.values import value_of

LEVEL2 = "0001"
# CD080/CD095/CD096 and CS338/CS343 only apply to products that end after 2020 or have no end date.
LAST_DAY_OF_2020 = date(2020, 12, 31)
FREQUENCY_REQUIRED_UNITS = frozenset({"14", "16", "83", "84"})
ALLOWED_FREQUENCIES = frozenset({"2", "4", "6"})


def text_of(element: etree._Element | None) -> str:
    """The stripped text of an element; empty when the element is missing or empty."""
    if element is None:
        return ""
    return (value_of(element) or "").strip()


def date_of(element: etree._Element | None) -> date | None:
    """The xs:date value of an element, or None when missing or unreadable."""
    value = text_of(element)
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def euros(cents: str) -> str:
    """An amount in eurocent as Dutch money text: ``123456`` -> ``€ 1.234,56``."""
    try:
        amount = int(cents)
    except ValueError:
        return cents
    return formatting.euro(amount)


@dataclass(frozen=True)
class ProductView:
    """The shared core of one product element, with the names its message uses for the dates."""

    element: etree._Element
    noun: str
    start_name: str
    end_name: str
    start: etree._Element | None
    end: etree._Element | None
    product: etree._Element | None
    omvang: etree._Element | None
    budget: etree._Element | None

    @property
    def category(self) -> str:
        return text_of(self._basis(self.product, "Categorie"))

    @property
    def code(self) -> str:
        return text_of(self._basis(self.product, "Code"))

    @property
    def code_element(self) -> etree._Element | None:
        return self._basis(self.product, "Code")

    def omvang_part(self, name: str) -> etree._Element | None:
        return self._basis(self.omvang, name)

    @property
    def end_date(self) -> date | None:
        return date_of(self.end)

    @property
    def start_date(self) -> date | None:
        return date_of(self.start)

    @property
    def ends_after_2020_or_open(self) -> bool:
        # An end date that is present but empty or unreadable counts as "not after 2020", as in the
        # standard's numeric comparison of the date text.
        if self.end is None:
            return True
        end = self.end_date
        return end is not None and end > LAST_DAY_OF_2020

    @property
    def name(self) -> str:
        """How the product is named in a Dutch explanation."""
        parent = self.element
        for key in ("ToewijzingNummer", "ReferentieAanbieder"):
            value = text_of(parent.find(f"{{{etree.QName(parent).namespace}}}{key}"))
            if value:
                return f"het {self.noun} met {key} {value}"
        return f"het {self.noun} vanaf {text_of(self.start) or '(onbekende datum)'}"

    @property
    def product_text(self) -> str:
        if self.product is None:
            return "geen Product"
        if self.code:
            return f"productcode {self.code}"
        return f"alleen productcategorie {self.category}"

    @property
    def omvang_text(self) -> str:
        volume = text_of(self.omvang_part("Volume"))
        unit = text_of(self.omvang_part("Eenheid"))
        frequency = text_of(self.omvang_part("Frequentie"))
        return f"volume {volume}, eenheid {unit}, frequentie {frequency}"

    @property
    def end_text(self) -> str:
        return text_of(self.end) or "leeg"

    @staticmethod
    def _basis(parent: etree._Element | None, name: str) -> etree._Element | None:
        return None if parent is None else parent.find(f"{{{NS_BASIS}}}{name}")


def product_views(
    context: RuleContext, element_name: str, noun: str, start_name: str, end_name: str
) -> tuple[ProductView, ...]:
    """Every `element_name` element of the message, read as a `ProductView`.

    A dozen rules read the same products, so the views of the last few documents are cached; a parsed
    `Document` is never changed after parsing, and the small cache bounds the memory it holds.
    """
    return _views(context.document, element_name, noun, start_name, end_name)


@lru_cache(maxsize=4)
def _views(
    document: Document, element_name: str, noun: str, start_name: str, end_name: str
) -> tuple[ProductView, ...]:
    return tuple(_read_views(document, element_name, noun, start_name, end_name))


def _read_views(
    document: Document, element_name: str, noun: str, start_name: str, end_name: str
) -> Iterator[ProductView]:
    ns = document.message_type.namespace
    wanted = {start_name, end_name, "Product", "Omvang", "Budget"}
    for element in document.root.iter(f"{{{ns}}}{element_name}"):
        # One pass over the children instead of a lookup per field: rules build these views often.
        fields: dict[str, etree._Element] = {}
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and tag.startswith(f"{{{ns}}}"):
                name = tag[len(ns) + 2 :]
                if name in wanted and name not in fields:
                    fields[name] = child
        yield ProductView(
            element=element,
            noun=noun,
            start_name=start_name,
            end_name=end_name,
            start=fields.get(start_name),
            end=fields.get(end_name),
            product=fields.get("Product"),
            omvang=fields.get("Omvang"),
            budget=fields.get("Budget"),
        )


def _finding(context: RuleContext, rule: str, element: etree._Element, message: str) -> Finding:
    return Finding(rule, LEVEL2, context.xpath_of(element), message)


def omvang_required_with_code(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CD041: a product with a product code needs an Omvang."""
    for view in views:
        if view.code and view.omvang is None:
            yield _finding(
                context,
                "CD041",
                view.code_element if view.code_element is not None else view.element,
                f"Bij {view.name} is productcode {view.code} ingevuld, maar de Omvang ontbreekt. "
                "Een specifiek product moet een omvang hebben; vul Volume, Eenheid en Frequentie in.",
            )


def end_required_with_budget(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CD075: a product with a Budget needs an end date."""
    for view in views:
        if view.budget is not None and text_of(view.budget) and not text_of(view.end):
            yield _finding(
                context,
                "CD075",
                view.budget,
                f"Bij {view.name} is een Budget van {euros(text_of(view.budget))} opgegeven, maar de "
                f"{view.end_name} ontbreekt. Een budget geldt altijd voor een afgebakende periode; "
                f"vul de {view.end_name} in.",
            )


def end_required_per_week(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CD076: frequency 2 (per week) needs an end date."""
    for view in views:
        frequency = view.omvang_part("Frequentie")
        if text_of(frequency) == "2" and not text_of(view.end) and frequency is not None:
            yield _finding(
                context,
                "CD076",
                frequency,
                f"Bij {view.name} is de omvang per week (Frequentie 2), maar de {view.end_name} "
                f"ontbreekt. Een omvang per week vraagt om een einddatum; vul de {view.end_name} in "
                "of kies een andere frequentie.",
            )


def no_omvang_with_budget(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CD077: with a Budget, the Omvang stays empty."""
    for view in views:
        if view.budget is not None and text_of(view.budget) and view.omvang is not None:
            yield _finding(
                context,
                "CD077",
                view.omvang,
                f"Bij {view.name} is een Budget van {euros(text_of(view.budget))} opgegeven en toch "
                f"ook een Omvang ({view.omvang_text}). Bij een budget blijft de omvang leeg; "
                "verwijder de Omvang of het Budget.",
            )


def no_budget_with_omvang(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CD078: with an Omvang, the Budget stays empty."""
    for view in views:
        if view.omvang is not None and view.budget is not None:
            yield _finding(
                context,
                "CD078",
                view.budget,
                f"Bij {view.name} is een Omvang ({view.omvang_text}) opgegeven en daarnaast een "
                f"Budget van {euros(text_of(view.budget))}. Naast een omvang hoort geen budget; "
                "verwijder het Budget of de Omvang.",
            )


def product_required_without_budget(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CD079: without a Budget, the Product is required."""
    for view in views:
        if not text_of(view.budget) and view.product is None:
            yield _finding(
                context,
                "CD079",
                view.element,
                f"Bij {view.name} ontbreken zowel het Product als een Budget. Zonder budget moet "
                "het Product (productcategorie, eventueel met productcode) zijn ingevuld; vul het "
                "Product in of geef een Budget op.",
            )


def no_omvang_without_code(
    context: RuleContext, views: Iterable[ProductView], rule: str
) -> Iterator[Finding]:
    """CD080 (JW301), CD095 (JW315), CD096 (JW317): no Omvang without a product code after 2020."""
    for view in views:
        if view.omvang is not None and not view.code and view.ends_after_2020_or_open:
            yield _finding(
                context,
                rule,
                view.omvang,
                f"Bij {view.name} staat een Omvang ({view.omvang_text}), maar er is geen "
                f"productcode ({view.product_text}) en de {view.end_name} is {view.end_text}. Een "
                "product zonder productcode dat na 31-12-2020 doorloopt heeft geen omvang; "
                "verwijder de Omvang of vul een productcode in.",
            )


def end_not_before_start(context: RuleContext, views: Iterable[ProductView]) -> Iterator[Finding]:
    """CS003 (product part): the end date is on or after the start date."""
    for view in views:
        end, start = view.end_date, view.start_date
        if view.end is not None and end is not None and start is not None and end < start:
            yield _finding(
                context,
                "CS003",
                view.end,
                f"De {view.end_name} ({end.isoformat()}) ligt vóór de {view.start_name} "
                f"({start.isoformat()}) van dit {view.noun}; vul een {view.end_name} op of na de "
                f"{view.start_name} in.",
            )


def frequency_fits_unit(context: RuleContext, views: Iterable[ProductView], rule: str) -> Iterator[Finding]:
    """CS338 (JW301, JW317) and CS343 (JW315): units 14, 16, 83, 84 only per week, month or total."""
    for view in views:
        unit = text_of(view.omvang_part("Eenheid"))
        frequency_element = view.omvang_part("Frequentie")
        frequency = text_of(frequency_element)
        if (
            view.omvang is not None
            and unit in FREQUENCY_REQUIRED_UNITS
            and view.ends_after_2020_or_open
            and frequency not in ALLOWED_FREQUENCIES
        ):
            yield _finding(
                context,
                rule,
                frequency_element if frequency_element is not None else view.omvang,
                f"Bij {view.name} is eenheid {unit} gecombineerd met frequentie {frequency or '(leeg)'}. "
                "Bij eenheid 14, 16, 83 of 84 is alleen frequentie 2 (per week), 4 (per maand) of "
                "6 (totaal binnen de looptijd) toegestaan; pas de Frequentie aan.",
            )
