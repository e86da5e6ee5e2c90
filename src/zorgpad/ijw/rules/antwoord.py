"""Level-2 rules on the antwoordbericht (JW319): CD085, CD086, TR377 and TR409."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.product_shape import LEVEL2, text_of

JW319 = ("JW319",)
REJECTED = "1"
UNDER_INVESTIGATION = "2"
RESIDENCE_PRINCIPLE = "8"


def _answers(context: RuleContext) -> Iterator[tuple[etree._Element, dict[str, etree._Element]]]:
    """Each Antwoord with its children by local name."""
    namespace = context.document.message_type.namespace
    for answer in context.root.iter(f"{{{namespace}}}Antwoord"):
        children = {etree.QName(child).localname: child for child in answer if isinstance(child.tag, str)}
        yield answer, children


@level2_rule("CD085", JW319, "RedenAfwijzingVerzoek verplicht als het verzoek is afgewezen")
def reason_when_rejected(context: RuleContext) -> Iterator[Finding]:
    for _answer, children in _answers(context):
        verdict = children.get("VerzoekAntwoord")
        if (
            verdict is not None
            and text_of(verdict) == REJECTED
            and not text_of(children.get("RedenAfwijzingVerzoek"))
        ):
            yield Finding(
                "CD085",
                LEVEL2,
                context.xpath_of(verdict),
                "Het verzoek is afgewezen (VerzoekAntwoord 1), maar de RedenAfwijzingVerzoek "
                "ontbreekt. Vul in waarom het verzoek is afgewezen.",
            )


@level2_rule("CD086", JW319, "RedenAfwijzingVerzoek leeg als het verzoek in onderzoek is")
def no_reason_under_investigation(context: RuleContext) -> Iterator[Finding]:
    for _answer, children in _answers(context):
        reason = children.get("RedenAfwijzingVerzoek")
        if (
            text_of(children.get("VerzoekAntwoord")) == UNDER_INVESTIGATION
            and reason is not None
            and text_of(reason)
        ):
            yield Finding(
                "CD086",
                LEVEL2,
                context.xpath_of(reason),
                f"De aanvraag is in onderzoek (VerzoekAntwoord 2), maar er staat een reden van "
                f"afwijzing ({text_of(reason)}). Zolang de aanvraag in onderzoek is, blijft "
                "RedenAfwijzingVerzoek leeg; verwijder die.",
            )


@level2_rule("TR377", JW319, "Woonplaatsbeginsel opnemen bij afwijzing om het woonplaatsbeginsel")
def residence_given_when_reason(context: RuleContext) -> Iterator[Finding]:
    for _answer, children in _answers(context):
        reason = children.get("RedenAfwijzingVerzoek")
        if (
            reason is not None
            and text_of(reason) == RESIDENCE_PRINCIPLE
            and "Woonplaatsbeginsel" not in children
        ):
            yield Finding(
                "TR377",
                LEVEL2,
                context.xpath_of(reason),
                "Het verzoek is afgewezen om het woonplaatsbeginsel (reden 8), maar de berichtklasse "
                "Woonplaatsbeginsel ontbreekt. Geef daarin de gemeente op die volgens het "
                "woonplaatsbeginsel verantwoordelijk is.",
            )


@level2_rule("TR409", JW319, "Woonplaatsbeginsel weglaten als de reden geen woonplaatsbeginsel is")
def residence_only_with_reason(context: RuleContext) -> Iterator[Finding]:
    for _answer, children in _answers(context):
        reason = children.get("RedenAfwijzingVerzoek")
        residence = children.get("Woonplaatsbeginsel")
        # As in the standard, the rule is checked on the reason: without a reason it does not apply.
        if reason is None or text_of(reason) == RESIDENCE_PRINCIPLE or residence is None:
            continue
        municipality = "".join(text_of(child) for child in residence if isinstance(child.tag, str))
        yield Finding(
            "TR409",
            LEVEL2,
            context.xpath_of(residence),
            f"Het antwoord bevat een Woonplaatsbeginsel (gemeente {municipality or '(leeg)'}), maar de "
            f"reden van afwijzing is {text_of(reason) or '(leeg)'} en niet 8 (woonplaatsbeginsel). "
            "Laat Woonplaatsbeginsel weg, of gebruik reden 8 als de afwijzing daarom gaat.",
        )
