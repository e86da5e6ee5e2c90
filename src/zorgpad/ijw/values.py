"""The one reading of an iJw element's value: the text the XSD validated.

The XSD sees a simple element's value as all its character data joined: text split by a comment,
a processing instruction or a CDATA section is one value (`45<!-- -->C01` is `45C01`). The reader
(`zorgpad.ijw.reader`) already drops comments and processing instructions and merges CDATA while
parsing, so `.text` of a parsed element is that value; every reader of values (level-2 rules,
extraction, the model) still goes through `value_of`, so that a tree built any other way (lxml
without that parser, a copy) can never be read as only the text before a comment.
"""

from __future__ import annotations

from lxml import etree


def value_of(element: etree._Element | None) -> str | None:
    """The element's value as the XSD validated it; None when the element is missing or empty.

    For an element with child elements (a complex type) the result is its own leading text, as
    `.text` gives it; comments and processing instructions between text parts are skipped and the
    parts joined.
    """
    if element is None:
        return None
    if len(element) == 0:
        return element.text
    parts = [element.text or ""]
    for node in element:
        if isinstance(node.tag, str):  # a real child element: not a simple value
            return element.text
        parts.append(node.tail or "")
    joined = "".join(parts)
    return joined or None


def find_value(element: etree._Element, path: str) -> str | None:
    """`value_of` the first match of `path` under `element` (lxml's `findtext`, read as the XSD reads)."""
    return value_of(element.find(path))
