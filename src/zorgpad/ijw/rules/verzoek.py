"""Level-2 rules on requests: verzoek om toewijzing (JW315) and verzoek om wijziging (JW317).

JW315 AangevraagdProduct: CD041, CD043, CD066-CD068 (Verwijzer), CD075-CD079, CD095, CS003, CS343,
TR383, TR386. JW317 TeWijzigenProduct and NieuwProduct: CD041, CD075-CD079, CD096, CS003, CS338,
TR352, TR353, TR380, TR410.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import pairwise

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.product_shape import (
    LEVEL2,
    ProductView,
    date_of,
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

JW315, JW317 = "JW315", "JW317"
# COD327: referrer types that are care professionals with an AGB code.
REFERRERS_WITH_AGB = frozenset({"02", "03", "04", "05"})


def requested(context: RuleContext) -> list[ProductView]:
    """JW315 AangevraagdProduct elements."""
    return list(
        product_views(
            context,
            "AangevraagdProduct",
            "aangevraagde product",
            "ToewijzingIngangsdatum",
            "ToewijzingEinddatum",
        )
    )


def new_products(context: RuleContext) -> list[ProductView]:
    """JW317 NieuwProduct elements."""
    return list(product_views(context, "NieuwProduct", "nieuwe product", "GewensteIngangsdatum", "Einddatum"))


def changed_products(context: RuleContext) -> list[ProductView]:
    """JW317 TeWijzigenProduct elements."""
    return list(
        product_views(
            context, "TeWijzigenProduct", "te wijzigen product", "GewensteIngangsdatum", "Einddatum"
        )
    )


def both_kinds(context: RuleContext) -> list[ProductView]:
    """Every product of a JW317 that carries an end date, Omvang and Budget."""
    return changed_products(context) + new_products(context)


Views = Callable[[RuleContext], list[ProductView]]


def _register(code: str, title: str, selections: dict[str, Views]) -> None:
    """Register one shape rule per message, each over the product lists of that message."""
    checks: dict[str, Callable[[RuleContext, list[ProductView]], Iterator[Finding]]] = {
        "CD041": omvang_required_with_code,
        "CD075": end_required_with_budget,
        "CD076": end_required_per_week,
        "CD077": no_omvang_with_budget,
        "CD078": no_budget_with_omvang,
        "CD079": product_required_without_budget,
        "CS003": end_not_before_start,
    }
    for message, select in selections.items():

        def check(context: RuleContext, select: Views = select) -> Iterator[Finding]:
            return checks[code](context, select(context))

        level2_rule(code, (message,), title)(check)


_register("CD041", "Omvang verplicht als de productcode gevuld is", {JW315: requested, JW317: new_products})
_register("CD075", "Einddatum verplicht als Budget gevuld is", {JW315: requested, JW317: both_kinds})
_register("CD076", "Einddatum verplicht bij frequentie per week", {JW315: requested, JW317: both_kinds})
_register("CD077", "Omvang leeg als Budget gevuld is", {JW315: requested, JW317: both_kinds})
_register("CD078", "Budget leeg als Omvang gevuld is", {JW315: requested, JW317: both_kinds})
_register("CD079", "Product verplicht als Budget leeg is", {JW315: requested, JW317: new_products})
_register("CS003", "Einddatum op of na de (gewenste) ingangsdatum", {JW315: requested, JW317: both_kinds})


@level2_rule("CD095", (JW315,), "Omvang leeg zonder productcode (einddatum na 2020 of leeg)")
def cd095(context: RuleContext) -> Iterator[Finding]:
    return no_omvang_without_code(context, requested(context), "CD095")


@level2_rule("CD096", (JW317,), "Omvang leeg zonder productcode (einddatum na 2020 of leeg)")
def cd096(context: RuleContext) -> Iterator[Finding]:
    return no_omvang_without_code(context, new_products(context), "CD096")


@level2_rule("CS343", (JW315,), "Frequentie 2, 4 of 6 bij eenheid 14, 16, 83 of 84")
def cs343(context: RuleContext) -> Iterator[Finding]:
    return frequency_fits_unit(context, requested(context), "CS343")


@level2_rule("CS338", (JW317,), "Frequentie 2, 4 of 6 bij eenheid 14, 16, 83 of 84")
def cs338(context: RuleContext) -> Iterator[Finding]:
    return frequency_fits_unit(context, both_kinds(context), "CS338")


def _own(context: RuleContext, parent: etree._Element, name: str) -> etree._Element | None:
    return parent.find(f"{{{context.document.message_type.namespace}}}{name}")


@level2_rule("CD043", (JW315,), "BeschikkingIngangsdatum alleen en verplicht bij een BeschikkingNummer")
def cd043(context: RuleContext) -> Iterator[Finding]:
    for view in requested(context):
        number = _own(context, view.element, "BeschikkingNummer")
        start = _own(context, view.element, "BeschikkingIngangsdatum")
        if text_of(number) and not text_of(start) and number is not None:
            yield Finding(
                "CD043",
                LEVEL2,
                context.xpath_of(number),
                f"Bij {view.name} staat BeschikkingNummer {text_of(number)}, maar de "
                "BeschikkingIngangsdatum ontbreekt. Vul de ingangsdatum van die beschikking in.",
            )
        elif text_of(start) and not text_of(number) and start is not None:
            yield Finding(
                "CD043",
                LEVEL2,
                context.xpath_of(start),
                f"Bij {view.name} staat een BeschikkingIngangsdatum ({text_of(start)}) zonder "
                "BeschikkingNummer. Vul het nummer van de beschikking in, of laat de datum leeg.",
            )


def _referrers(context: RuleContext) -> Iterator[tuple[etree._Element, str, etree._Element | None, str]]:
    """Each Verwijzer with its type, ZorgverlenerCode element and name text."""
    for referrer in context.root.iter(f"{{{context.document.message_type.namespace}}}Verwijzer"):
        kind = text_of(referrer.find(f"{{{NS_BASIS}}}Type"))
        code = referrer.find(f"{{{NS_BASIS}}}ZorgverlenerCode")
        name = text_of(referrer.find(f"{{{NS_BASIS}}}Naam"))
        yield referrer, kind, code, name


@level2_rule("CD066", (JW315,), "Geen naam verwijzer als de ZorgverlenerCode gevuld is")
def cd066(context: RuleContext) -> Iterator[Finding]:
    for referrer, kind, code, name in _referrers(context):
        if kind in REFERRERS_WITH_AGB and text_of(code) and name:
            name_element = referrer.find(f"{{{NS_BASIS}}}Naam")
            yield Finding(
                "CD066",
                LEVEL2,
                context.xpath_of(name_element if name_element is not None else referrer),
                f"De verwijzer (type {kind}) heeft ZorgverlenerCode {text_of(code)} en daarnaast de "
                f"naam '{name}'. Met een zorgverlenercode blijft de naam van de verwijzer leeg; "
                "verwijder de Naam.",
            )


@level2_rule("CD067", (JW315,), "Naam verwijzer verplicht als de ZorgverlenerCode leeg is")
def cd067(context: RuleContext) -> Iterator[Finding]:
    for referrer, kind, code, name in _referrers(context):
        if kind in REFERRERS_WITH_AGB and not text_of(code) and not name:
            yield Finding(
                "CD067",
                LEVEL2,
                context.xpath_of(referrer),
                f"De verwijzer (type {kind}) heeft geen ZorgverlenerCode en ook geen naam. Vul de "
                "AGB-code van de verwijzer in, of anders zijn of haar naam.",
            )


@level2_rule("CD068", (JW315,), "Geen ZorgverlenerCode bij andere verwijzers dan 02-05")
def cd068(context: RuleContext) -> Iterator[Finding]:
    for _referrer, kind, code, _name in _referrers(context):
        if kind not in REFERRERS_WITH_AGB and code is not None and text_of(code):
            yield Finding(
                "CD068",
                LEVEL2,
                context.xpath_of(code),
                f"De verwijzer heeft type {kind or '(leeg)'}, en daarbij hoort geen ZorgverlenerCode "
                f"({text_of(code)}). Alleen bij type 02, 03, 04 of 05 wordt een zorgverlenercode "
                "ingevuld; verwijder de ZorgverlenerCode of pas het type aan.",
            )


@level2_rule("TR383", (JW315,), "ReferentieAanbieder uniek per AangevraagdProduct in het bericht")
def tr383(context: RuleContext) -> Iterator[Finding]:
    by_reference: dict[tuple[etree._Element | None, str], list[etree._Element]] = defaultdict(list)
    for view in requested(context):
        reference = _own(context, view.element, "ReferentieAanbieder")
        if reference is not None and text_of(reference):
            by_reference[(view.element.getparent(), text_of(reference))].append(reference)
    for (_parent, value), elements in by_reference.items():
        # Every occurrence that a later one repeats is reported, naming that later one.
        for element, later in pairwise(elements):
            yield Finding(
                "TR383",
                LEVEL2,
                context.xpath_of(element),
                f"ReferentieAanbieder {value} komt in dit verzoek bij meer dan één aangevraagd "
                f"product voor (ook bij {context.xpath_of(later)}). Geef ieder aangevraagd product "
                "een eigen ReferentieAanbieder.",
            )


@level2_rule(
    "TR386", (JW315,), "Geen overlappende periodes voor hetzelfde product in een verzoek om toewijzing"
)
def tr386(context: RuleContext) -> Iterator[Finding]:
    return stacking_findings(context, requested(context), "TR386", "binnen één verzoek om toewijzing")


@level2_rule("TR410", (JW317,), "Geen overlappende periodes voor hetzelfde NieuwProduct")
def tr410(context: RuleContext) -> Iterator[Finding]:
    return stacking_findings(context, new_products(context), "TR410", "als nieuw product in één verzoek")


def _requests(context: RuleContext) -> Iterator[etree._Element]:
    return context.root.iter(f"{{{context.document.message_type.namespace}}}Verzoek")


def _has_any(context: RuleContext, request: etree._Element, *paths: str) -> bool:
    namespace = context.document.message_type.namespace
    for path in paths:
        outer, inner = path.split("/")
        if request.find(f"{{{namespace}}}{outer}/{{{namespace}}}{inner}") is not None:
            return True
    return False


@level2_rule("TR352", (JW317,), "Minstens één OngewijzigdProduct of TeWijzigenProduct")
def tr352(context: RuleContext) -> Iterator[Finding]:
    for request in _requests(context):
        if not _has_any(
            context,
            request,
            "OngewijzigdeProducten/OngewijzigdProduct",
            "TeWijzigenProducten/TeWijzigenProduct",
        ):
            yield Finding(
                "TR352",
                LEVEL2,
                context.xpath_of(request),
                "Dit verzoek om wijziging noemt geen enkel bestaand toegewezen product (geen "
                "OngewijzigdProduct en geen TeWijzigenProduct). Neem alle actuele toewijzingen van "
                "de cliënt op, als ongewijzigd of als te wijzigen product.",
            )


@level2_rule("TR353", (JW317,), "Minstens één TeWijzigenProduct of NieuwProduct")
def tr353(context: RuleContext) -> Iterator[Finding]:
    for request in _requests(context):
        if not _has_any(
            context, request, "TeWijzigenProducten/TeWijzigenProduct", "NieuweProducten/NieuwProduct"
        ):
            yield Finding(
                "TR353",
                LEVEL2,
                context.xpath_of(request),
                "Dit verzoek om wijziging vraagt niets: er is geen TeWijzigenProduct en geen "
                "NieuwProduct. Neem minstens één te wijzigen of nieuw product op.",
            )


@level2_rule("TR380", (JW317,), "GewensteIngangsdatum van een NieuwProduct na de dagtekening")
def tr380(context: RuleContext) -> Iterator[Finding]:
    dated = context.root.find(f".//{{{NS_BASIS}}}Dagtekening")
    sent_on = date_of(dated)
    for view in new_products(context):
        wanted = view.start_date
        if view.start is None or wanted is None or sent_on is None or wanted > sent_on:
            continue
        yield Finding(
            "TR380",
            LEVEL2,
            context.xpath_of(view.start),
            f"De GewensteIngangsdatum ({wanted.isoformat()}) van dit nieuwe product ligt niet na de "
            f"dagtekening van het bericht ({sent_on.isoformat()}). Een nieuw product kan alleen "
            "worden aangevraagd vanaf een datum na de dagtekening; kies een latere ingangsdatum.",
        )
