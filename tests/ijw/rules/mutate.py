"""Build test messages by mutating the vendored iJw examples.

Paths are ``/``-separated local names relative to the ``Bericht`` root, each step optionally
indexed 1-based like XPath: ``Declaratie/Clienten/Client[2]/Bsn``. Namespaces are ignored when
matching, so message elements (``jw323:``) and base-schema elements (``ijw:``) are addressed alike.
Every helper works on an lxml tree in place and returns the element it touched, so tests read as a
list of edits followed by ``rule_codes(root)``.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.reader import parse_bytes
from zorgpad.ijw.validate import validate_document
from zorgpad.ijw.xslt_compare import OfficialXslt

EXAMPLES = Path(__file__).resolve().parents[3] / "src" / "zorgpad" / "ijw" / "examples"
_STEP = re.compile(r"^(?P<name>[A-Za-z_][\w.-]*)(?:\[(?P<index>\d+)\])?$")


def example_bytes(code: str) -> bytes:
    """The raw bytes of the vendored example message ``code`` (e.g. ``"JW323"``)."""
    return (EXAMPLES / f"{code.upper()}.xml").read_bytes()


def load_example(code: str) -> etree._Element:
    """A fresh, independent tree of the example message; returns its ``Bericht`` root."""
    return etree.fromstring(example_bytes(code), parser=etree.XMLParser(remove_blank_text=False))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def find_all(root: etree._Element, path: str) -> list[etree._Element]:
    """Every element matching `path`; an unindexed step matches all children of that name."""
    current = [root]
    for step in path.strip("/").split("/"):
        match = _STEP.match(step)
        if match is None:
            raise ValueError(f"bad path step {step!r} in {path!r}")
        name, index = match["name"], match["index"]
        found: list[etree._Element] = []
        for node in current:
            children = [c for c in node if isinstance(c.tag, str) and _local(c) == name]
            if index is None:
                found.extend(children)
            elif int(index) <= len(children):
                found.append(children[int(index) - 1])
        current = found
    return current


def find(root: etree._Element, path: str) -> etree._Element:
    """The first element matching `path` (ValueError when there is none)."""
    found = find_all(root, path)
    if not found:
        raise ValueError(f"no element at {path!r}")
    return found[0]


def set_text(root: etree._Element, path: str, text: str) -> etree._Element:
    """Set the text of the first element at `path`."""
    element = find(root, path)
    element.text = text
    return element


def remove(root: etree._Element, path: str) -> etree._Element:
    """Remove the first element at `path` (with its tail whitespace) and return it."""
    element = find(root, path)
    parent = element.getparent()
    if parent is None:
        raise ValueError("cannot remove the root element")
    parent.remove(element)
    return element


def duplicate(root: etree._Element, path: str) -> etree._Element:
    """Insert a deep copy of the element at `path` directly after it; returns the copy."""
    element = find(root, path)
    clone = copy.deepcopy(element)
    element.addnext(clone)
    return clone


def _new(root: etree._Element, name: str, text: str | None, basis: bool) -> etree._Element:
    namespace = NS_BASIS if basis else etree.QName(root).namespace
    element = etree.Element(f"{{{namespace}}}{name}")
    element.text = text
    return element


def insert_after(
    root: etree._Element, sibling_path: str, name: str, text: str | None = None, *, basis: bool = False
) -> etree._Element:
    """Insert a new element `name` right after the element at `sibling_path`.

    `basis` puts it in the base-schema namespace (for children of CDT types such as
    ``VorigReferentieNummer``); otherwise it gets the message namespace.
    """
    element = _new(root, name, text, basis)
    find(root, sibling_path).addnext(element)
    return element


def append(
    root: etree._Element, parent_path: str, name: str, text: str | None = None, *, basis: bool = False
) -> etree._Element:
    """Append a new element `name` as the last child of the element at `parent_path`."""
    element = _new(root, name, text, basis)
    find(root, parent_path).append(element)
    return element


def to_bytes(root: etree._Element) -> bytes:
    """Serialize the (mutated) message as a complete UTF-8 XML document."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def validate(root: etree._Element, source: str = "test.xml") -> tuple[Finding, ...]:
    """Full validation (XSD, then level 2) of the serialized message."""
    return validate_document(parse_bytes(to_bytes(root), source))


def rule_codes(root: etree._Element) -> set[str]:
    """The set of rule codes (``XSD``, ``TR101``, ...) that validation reports."""
    return {finding.rule for finding in validate(root)}


ORACLE = Path(__file__).resolve().parents[1] / "oracle" / "TR-CD-CS regels JW 3.2.xsl"


@cache
def official() -> OfficialXslt:
    """The vendored official level-2 XSLT (tests/ijw/oracle), compiled once."""
    return OfficialXslt(ORACLE)


def official_codes(root: etree._Element) -> set[str]:
    """The rule codes the official XSLT reports for the (XSD-valid) message."""
    return set(official().rule_codes(parse_bytes(to_bytes(root), "test.xml")))
