"""Level-2 rules on the client, its relations, names and addresses in a toewijzing (JW301).

CD005, CD007, CD009, CD025, CD034, CS050, CS089, CS318, TR006 and TR061. The CS003 check of a
contact period lives here too (`contact_period_findings`); it is registered together with the product
part of CS003 in `toewijzing.py`, because a rule code is registered once per message type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.product_shape import LEVEL2, date_of, text_of
from zorgpad.ijw.values import value_of

JW301 = ("JW301",)
# CS089: four digits not starting with 0, then two letters (either case), nothing else.
DUTCH_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Za-z]{2}")
HOME_ADDRESS_KINDS = {"01": "BRP-adres", "03": "verblijfadres"}
CLIENT_ADDRESS_KINDS = frozenset({"01", "02", "03"})
TEMPORARY_ADDRESS = "04"


def _basis(parent: etree._Element | None, name: str) -> etree._Element | None:
    return None if parent is None else parent.find(f"{{{NS_BASIS}}}{name}")


def _own(context: RuleContext, parent: etree._Element | None, name: str) -> etree._Element | None:
    namespace = context.document.message_type.namespace
    return None if parent is None else parent.find(f"{{{namespace}}}{name}")


def _contacts(context: RuleContext) -> Iterator[etree._Element]:
    # Both the client's Contactgegevens/Contact and every Relatie/Contact.
    return context.root.iter(f"{{{context.document.message_type.namespace}}}Contact")


def _addresses(context: RuleContext) -> Iterator[etree._Element]:
    for contact in _contacts(context):
        address = _own(context, contact, "Adres")
        if address is not None:
            yield address


def _finding(context: RuleContext, rule: str, element: etree._Element, message: str) -> Finding:
    return Finding(rule, LEVEL2, context.xpath_of(element), message)


@level2_rule("CD005", JW301, "LandCode verplicht als Postcode gevuld is, anders leeg")
def landcode_with_postcode(context: RuleContext) -> Iterator[Finding]:
    for address in _addresses(context):
        postcode, country = _basis(address, "Postcode"), _basis(address, "LandCode")
        if text_of(postcode) and not text_of(country) and postcode is not None:
            yield _finding(
                context,
                "CD005",
                postcode,
                f"Het adres heeft postcode {text_of(postcode)} maar geen LandCode. Vul bij een "
                "postcode ook het land in (NL voor Nederland).",
            )
        if text_of(country) and not text_of(postcode) and country is not None:
            yield _finding(
                context,
                "CD005",
                country,
                f"Het adres heeft LandCode {text_of(country)} maar geen Postcode. Het land wordt "
                "alleen bij een postcode opgegeven; vul de Postcode in of laat de LandCode weg.",
            )


@level2_rule("CD007", JW301, "Taal verplicht bij communicatievorm tolk taal, anders leeg")
def language_with_interpreter(context: RuleContext) -> Iterator[Finding]:
    parents = {
        element.getparent(): None
        for element in context.root.iter(f"{{{NS_BASIS}}}Vorm", f"{{{NS_BASIS}}}Taal")
        if element.getparent() is not None
    }
    for parent in parents:
        if parent is None:
            continue
        form, language = _basis(parent, "Vorm"), _basis(parent, "Taal")
        interpreter = text_of(form) == "1"
        if interpreter and not text_of(language):
            yield _finding(
                context,
                "CD007",
                form if form is not None else parent,
                "De communicatievorm is 1 (tolk taal), maar de Taal ontbreekt. Vul in welke taal "
                "de tolk moet spreken.",
            )
        elif not interpreter and text_of(language):
            yield _finding(
                context,
                "CD007",
                language if language is not None else parent,
                f"De Taal ({text_of(language)}) is ingevuld, maar de communicatievorm is "
                f"{text_of(form) or '(leeg)'} en niet 1 (tolk taal). Laat de Taal leeg of gebruik "
                "communicatievorm 1.",
            )


@level2_rule("CD009", JW301, "Periode alleen bij een tijdelijk adres")
def period_only_for_temporary_address(context: RuleContext) -> Iterator[Finding]:
    for contact in _contacts(context):
        period = _own(context, contact, "Periode")
        kind = text_of(_own(context, contact, "Soort"))
        if period is not None and kind != TEMPORARY_ADDRESS:
            yield _finding(
                context,
                "CD009",
                period,
                f"Dit contact heeft adressoort {kind or '(leeg)'} en toch een Periode. Een periode "
                "hoort alleen bij een tijdelijk adres (soort 04); verwijder de Periode of gebruik "
                "adressoort 04.",
            )


@level2_rule("CD025", JW301, "Huisnummer verplicht bij een Nederlands adres")
def house_number_in_netherlands(context: RuleContext) -> Iterator[Finding]:
    for address in _addresses(context):
        country = _basis(address, "LandCode")
        number = _basis(_basis(address, "Huis"), "Huisnummer")
        if country is not None and text_of(country) == "NL" and not text_of(number):
            yield _finding(
                context,
                "CD025",
                country,
                "Het adres ligt in Nederland (LandCode NL) maar heeft geen huisnummer. Vul bij een "
                "Nederlands adres het Huisnummer in.",
            )


@level2_rule("CD034", JW301, "Postcode verplicht bij BRP-adres of verblijfadres")
def postcode_for_home_address(context: RuleContext) -> Iterator[Finding]:
    for contact in _contacts(context):
        kind_element = _own(context, contact, "Soort")
        kind = text_of(kind_element)
        postcode = _basis(_own(context, contact, "Adres"), "Postcode")
        if kind in HOME_ADDRESS_KINDS and not text_of(postcode) and kind_element is not None:
            yield _finding(
                context,
                "CD034",
                kind_element,
                f"Dit contact is een {HOME_ADDRESS_KINDS[kind]} (adressoort {kind}) maar heeft geen "
                "postcode. Bij een BRP-adres of verblijfadres is de postcode verplicht; vul de "
                "Postcode in.",
            )


@level2_rule("CS089", JW301, "Nederlandse postcode in het formaat 1234AB")
def dutch_postcode_format(context: RuleContext) -> Iterator[Finding]:
    for address in _addresses(context):
        country, postcode = _basis(address, "LandCode"), _basis(address, "Postcode")
        if country is None or text_of(country) != "NL":
            continue
        # The standard compares the text as it stands: spaces make a postcode invalid.
        value = value_of(postcode) or ""
        if DUTCH_POSTCODE.fullmatch(value):
            continue
        shown = f"'{value}'" if postcode is not None else "(leeg)"
        yield _finding(
            context,
            "CS089",
            postcode if postcode is not None else country,
            f"De postcode {shown} heeft niet de vorm van een Nederlandse postcode, terwijl de "
            "LandCode NL is. Gebruik vier cijfers (niet beginnend met 0) en twee letters zonder "
            "spatie, zoals 1234AB.",
        )


@level2_rule("TR006", JW301, "Contact heeft een telefoonnummer of huisnummer met postcode")
def contact_reachable(context: RuleContext) -> Iterator[Finding]:
    for contact in _contacts(context):
        if _own(context, contact, "Telefoon") is not None:
            continue
        address = _own(context, contact, "Adres")
        if _basis(address, "Huis") is not None and _basis(address, "Postcode") is not None:
            continue
        yield _finding(
            context,
            "TR006",
            contact,
            "Dit contact heeft geen telefoonnummer en geen adres met zowel huisnummer als postcode. "
            "Vul een Telefoon in, of een Adres met Huis en Postcode.",
        )


@level2_rule("TR061", JW301, "Client heeft een BRP-, correspondentie- of verblijfadres")
def client_has_main_address(context: RuleContext) -> Iterator[Finding]:
    namespace = context.document.message_type.namespace
    for details in context.root.iterfind(f"{{{namespace}}}Client/{{{namespace}}}Contactgegevens"):
        kinds = [text_of(_own(context, contact, "Soort")) for contact in details]
        if not CLIENT_ADDRESS_KINDS.intersection(kinds):
            present = ", ".join(kind or "(leeg)" for kind in kinds) or "geen"
            yield _finding(
                context,
                "TR061",
                details,
                f"Geen van de contactgegevens van de cliënt is een BRP-adres, correspondentieadres "
                f"of verblijfadres (gevonden adressoorten: {present}). Neem minstens één Contact op "
                "met Soort 01, 02 of 03.",
            )


@level2_rule("CS050", JW301, "NaamGebruik past bij het wel of niet hebben van een partnernaam")
def name_use_fits_partner_name(context: RuleContext) -> Iterator[Finding]:
    for name_use in context.root.iter(f"{{{NS_BASIS}}}NaamGebruik"):
        value = text_of(name_use)
        has_partner = _basis(name_use.getparent(), "Partnernaam") is not None
        if has_partner and value not in {"1", "2", "3", "4"}:
            yield _finding(
                context,
                "CS050",
                name_use,
                f"De naam heeft een Partnernaam, maar NaamGebruik is {value or '(leeg)'}. Met een "
                "partnernaam is NaamGebruik 1, 2, 3 of 4; kies de waarde die zegt hoe de naam "
                "gebruikt wordt.",
            )
        elif not has_partner and value not in {"1", "6"}:
            yield _finding(
                context,
                "CS050",
                name_use,
                f"De naam heeft geen Partnernaam, maar NaamGebruik is {value or '(leeg)'}. Zonder "
                "partnernaam is NaamGebruik 1 (eigen naam) of 6 (niet-natuurlijk persoon); vul de "
                "partnernaam in of pas NaamGebruik aan.",
            )


@level2_rule("CS318", JW301, "NaamGebruik 6 (niet-natuurlijk persoon) niet bij de client")
def client_is_natural_person(context: RuleContext) -> Iterator[Finding]:
    namespace = context.document.message_type.namespace
    path = f"{{{namespace}}}Client/{{{namespace}}}Naam/{{{NS_BASIS}}}NaamGebruik"
    for name_use in context.root.iterfind(path):
        if text_of(name_use) == "6":
            yield _finding(
                context,
                "CS318",
                name_use,
                "De cliënt heeft NaamGebruik 6 (niet-natuurlijk persoon), maar een cliënt is altijd "
                "een natuurlijk persoon. Gebruik NaamGebruik 1, of 2, 3 of 4 bij een partnernaam.",
            )


def contact_period_findings(context: RuleContext) -> Iterator[Finding]:
    """CS003 for contact periods: the Einddatum is not before the Begindatum."""
    for contact in _contacts(context):
        period = _own(context, contact, "Periode")
        end_element = _basis(period, "Einddatum")
        start, end = date_of(_basis(period, "Begindatum")), date_of(end_element)
        if end_element is not None and start is not None and end is not None and end < start:
            yield _finding(
                context,
                "CS003",
                end_element,
                f"De Einddatum ({end.isoformat()}) van de periode van dit adres ligt vóór de "
                f"Begindatum ({start.isoformat()}); vul een einddatum op of na de begindatum in.",
            )
