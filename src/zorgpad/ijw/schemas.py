"""The vendored iJw 3.2 XSDs, loaded once per message type (see SOURCE.md for their origin)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from zorgpad.ijw.messages import MessageType


def xsd_dir() -> Path:
    return Path(str(resources.files("zorgpad.ijw") / "xsd"))


@cache
def schema_for(message: MessageType) -> etree.XMLSchema:
    """The compiled XSD of one message type (imports basisschema.xsd from the same folder)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.parse(str(xsd_dir() / message.xsd_file), parser)
    return etree.XMLSchema(doc)


@cache
def schema_versions(message: MessageType) -> tuple[str, str]:
    """(BasisschemaXsdVersie, BerichtXsdVersie) as published in the XSD appinfo (IV034)."""
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    own = etree.parse(str(xsd_dir() / message.xsd_file))
    basis = etree.parse(str(xsd_dir() / "basisschema.xsd"))

    def version(doc: etree._ElementTree, name: str) -> str:
        for el in doc.iterfind(".//xs:appinfo/*", ns):
            if etree.QName(el).localname == name and el.text:
                return el.text.strip()
        raise LookupError(name)

    return version(basis, "BasisschemaXsdVersie"), version(own, "BerichtXsdVersie")
