"""Fast, namespace-agnostic access to the elements of an iJw message.

Extraction works on local names: every iJw class is at most two levels deep below the element the
extractor cares about (`Product/Categorie`, `ProductPeriode/Begindatum`), so `flat` turns one
element into a small dict of `"Child"` / `"Child/Grandchild"` -> text, in one pass over its children.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from zorgpad.ijw.values import value_of

_LOCAL: dict[str, str] = {}


def local(tag: object) -> str:
    """Local name of an element tag (``{ns}Prestatie`` -> ``Prestatie``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        _LOCAL[tag] = name
    return name


def flat(element: etree._Element) -> dict[str, str | None]:
    """The element's leaf values, keyed by local path (two levels)."""
    values: dict[str, str | None] = {}
    for child in element:
        name = local(child.tag)
        if not name:
            continue
        if len(child):
            for grandchild in child:
                sub = local(grandchild.tag)
                if sub and not len(grandchild):
                    values[f"{name}/{sub}"] = value_of(grandchild)
        else:
            values[name] = value_of(child)
    return values


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child with this local name."""
    if element is None:
        return None
    for candidate in element:
        if local(candidate.tag) == name:
            return candidate
    return None


def children(element: etree._Element | None, name: str) -> Iterator[etree._Element]:
    """Every child with this local name, in document order."""
    if element is None:
        return
    for candidate in element:
        if local(candidate.tag) == name:
            yield candidate


def path(element: etree._Element | None, *names: str) -> etree._Element | None:
    """Follow a chain of child names from `element`."""
    for name in names:
        element = child(element, name)
    return element


def text(element: etree._Element | None, *names: str) -> str | None:
    found = path(element, *names)
    return value_of(found)


def codes(element: etree._Element | None) -> list[str]:
    """The RetourCode values under the element's RetourCodes child."""
    return [value_of(code) or "" for code in children(child(element, "RetourCodes"), "RetourCode")]
