"""TR101: within one message no two sibling objects of a class may share their logical key.

The standard defines the logical key of each class in the per-element rule export
(`data/Regels per data-element in een bericht.csv`, column ``Sleutelelement``), and which classes
TR101 applies to (rows with ``Regelcode`` TR101). Both are read from that CSV, so this module holds
no per-message knowledge of its own.

"In combination with the keys of the parent classes" (the rule's explanation) means: duplicates are
sought among the children of one parent - two Prestaties of different Clients may share a
ProductReferentie as far as TR101 is concerned (TR314 at level 3 covers that). A key element with
children (``Product``, ``ProductReferentie``) compares on all its values. In an XSD-valid
declaration the Clients and Prestaties come from the pass the declaration rules share.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.rules import RuleContext, level2_rule
from zorgpad.ijw.rules.claim_lines import BODY, declaration
from zorgpad.ijw.rules.values import finding, in_message
from zorgpad.ijw.values import value_of

PER_ELEMENT_CSV = "Regels per data-element in een bericht.csv"


@dataclass(frozen=True)
class KeySpec:
    """The logical key of one class in one message: its element name and key child elements."""

    message: str
    cls: str
    elements: tuple[str, ...]


def _name(cell: str) -> str:
    # "Bsn\LDT_BurgerServicenummer" -> "Bsn"
    return cell.split("\\", 1)[0].strip()


@cache
def key_specs() -> dict[str, tuple[KeySpec, ...]]:
    """Per message type, the classes TR101 applies to, with their key elements, from the CSV."""
    text = resources.files("zorgpad.ijw").joinpath("data", PER_ELEMENT_CSV).read_text("utf-8-sig")
    tr101: dict[str, list[str]] = {}
    keys: dict[tuple[str, str], list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        message, cls = row["Bericht"].strip(), row["Berichtklasse"].strip()
        if row["Regelcode"].strip() == "TR101" and cls and cls not in tr101.setdefault(message, []):
            tr101[message].append(cls)
        element = _name(row["Berichtelement\\Datatype"])
        if row["Sleutelelement"].strip() == "ja" and element:
            names = keys.setdefault((message, cls), [])
            if element not in names:
                names.append(element)
    return {
        message: tuple(KeySpec(message, cls, tuple(keys.get((message, cls), ()))) for cls in classes)
        for message, classes in tr101.items()
    }


def _value(element: etree._Element | None) -> tuple[str, ...]:
    """All text in a key element, stripped; a missing element is the empty tuple."""
    if element is None:
        return ()
    text = value_of(element)
    if len(element) == 0:  # a simple element (Bsn, Soort, ...): only its own text
        stripped = text.strip() if text else ""
        return (stripped,) if stripped else ()
    return tuple(stripped for part in element.itertext() if (stripped := str(part).strip()))


def _describe(spec: KeySpec, key: tuple[tuple[str, ...], ...]) -> str:
    parts = [
        f"{name} '{' / '.join(value)}'" if value else f"{name} leeg"
        for name, value in zip(spec.elements, key, strict=True)
    ]
    return ", ".join(parts)


Keyed = tuple[etree._Element, object, tuple[tuple[str, ...], ...]]  # element, its parent, its key


def _keyed(context: RuleContext, spec: KeySpec) -> Iterator[Keyed]:
    """Every element of the class with its parent and logical key, found by name anywhere."""
    tags = [in_message(context, name) for name in spec.elements]
    for element in context.root.iter(in_message(context, spec.cls)):
        # A class without key elements is keyed by its whole content.
        key = tuple(_value(element.find(tag)) for tag in tags) if tags else (_value(element),)
        yield element, element.getparent(), key


def _keyed_declaration(context: RuleContext, spec: KeySpec) -> Iterator[Keyed]:
    """Clients and Prestaties of an XSD-valid declaration, from the shared pass over it."""
    scan = declaration(context)
    if spec.cls == "Client" and spec.elements == ("Bsn",):
        for client in scan.clients:
            yield client.element, client.group, ((client.bsn,) if client.bsn else (),)
    elif spec.cls == "Prestatie" and spec.elements == ("ProductReferentie",):
        for line in scan.lines:
            yield line.element, line.group, (line.reference_key,)
    else:
        yield from _keyed(context, spec)


def _duplicates(context: RuleContext, spec: KeySpec, keyed: Iterator[Keyed]) -> Iterator[Finding]:
    first_seen: dict[tuple[object, tuple[tuple[str, ...], ...]], etree._Element] = {}
    for element, parent, key in keyed:
        earlier = first_seen.setdefault((parent, key), element)
        if earlier is not element:
            where = context.xpath_of(earlier)
            described = _describe(spec, key) if spec.elements else "dezelfde inhoud"
            yield finding(
                context,
                "TR101",
                element,
                f"Deze {spec.cls} heeft dezelfde sleutel ({described}) als de {spec.cls} op {where}. "
                f"Binnen een bericht mag elke {spec.cls} maar één keer voorkomen: geef elke "
                f"{spec.cls} een eigen sleutel of voeg de dubbele regels samen.",
            )


def check_duplicate_keys(context: RuleContext) -> Iterator[Finding]:
    code = context.document.message_type.code
    shared = context.schema_valid and code in BODY
    for spec in key_specs().get(code, ()):
        keyed = _keyed_declaration(context, spec) if shared else _keyed(context, spec)
        yield from _duplicates(context, spec, keyed)


level2_rule("TR101", tuple(key_specs()), "Geen dubbele regels binnen een bericht")(check_duplicate_keys)
