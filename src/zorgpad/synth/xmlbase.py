"""Shared pieces of every synthetic iJw message: namespaces, header, small-tree writing.

The small messages (301, 305, 307, 315, 317, 319) are built as lxml trees and serialised once; the
declarations (323) stream through `claims_xml.py`. lxml does the escaping everywhere.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, MessageType, message_type
from zorgpad.ijw.schemas import schema_versions


def nsmap(mt: MessageType) -> dict[str, str]:
    return {mt.prefix: mt.namespace, "ijw": NS_BASIS}


def new_message(
    code: str, sender: str, receiver: str, identificatie: str, dagtekening: date
) -> tuple[etree._Element, MessageType]:
    """A `Bericht` root with its complete header; the body is added by the caller."""
    mt = message_type(code)
    root = etree.Element(f"{{{mt.namespace}}}Bericht", nsmap=nsmap(mt))
    header = sub(root, mt, "Header")
    sub(header, mt, "BerichtCode", mt.berichtcode)
    sub(header, mt, "BerichtVersie", "3")
    sub(header, mt, "BerichtSubversie", "2")
    sub(header, mt, "Afzender", sender)
    sub(header, mt, "Ontvanger", receiver)
    ident = sub(header, mt, "BerichtIdentificatie")
    basis(ident, "Identificatie", identificatie)
    basis(ident, "Dagtekening", dagtekening.isoformat())
    versions = sub(header, mt, "XsdVersie")
    basisschema, bericht = schema_versions(mt)
    basis(versions, "BasisschemaXsdVersie", basisschema)
    basis(versions, "BerichtXsdVersie", bericht)
    return root, mt


def sub(parent: etree._Element, mt: MessageType, name: str, text: str | None = None) -> etree._Element:
    """A child in the message namespace."""
    element = etree.SubElement(parent, f"{{{mt.namespace}}}{name}")
    if text is not None:
        element.text = text
    return element


def basis(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """A child in the basisschema namespace (children of CDT types, BRIEF §1.2)."""
    element = etree.SubElement(parent, f"{{{NS_BASIS}}}{name}")
    if text is not None:
        element.text = text
    return element


def write_tree(root: etree._Element, path: Path) -> None:
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def message_path(out: Path, code: str, sender: str, receiver: str, identificatie: str) -> Path:
    """`berichten/<JWnnn>/<afzender>_<ontvanger>_<identificatie>.xml`, as an exchange delivers them."""
    return out / "berichten" / code / f"{sender}_{receiver}_{identificatie}.xml"
