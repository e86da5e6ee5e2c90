"""Retour messages for heen messages, built as IV028 (retour) and IV087 (JW325) prescribe.

- Level 1 (the file is unreadable or fails the XSD): no retour at all; the sender gets a transport
  error instead (IV028, IV032, IV088). `retour_for` returns None.
- Level 2 (an in-message TR/CD/CS rule is broken): only the header, with retourcode 0001 and the
  version of the rule set used (XsltVersie). For a JW323 that is a header-only JW325.
- Levels 3-4 (across messages, judged by `zorgpad.control`): `class_retour` mirrors the client with
  a RetourCodes block on every class: the rule's code where the fault is, 0200 elsewhere (or 0233).

The heen header is copied unchanged, Afzender and Ontvanger included (IV028): a JW302 still names the
gemeente as Afzender. Only JW325 is a message of its own and so turns sender and receiver around.
The retour's identification and dagtekening are parameters so that output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import BY_NAMESPACE, NS_BASIS, MessageType, message_type
from zorgpad.ijw.reader import Document
from zorgpad.ijw.rules import RuleContext
from zorgpad.ijw.schemas import schema_versions, xsd_dir
from zorgpad.ijw.values import find_value

# zorgpad reproduces the verdicts of the official level-2 XSLT of this version (BRIEF §4.2).
XSLT_VERSIE = "2.10.5"
TECHNISCH_AFGEKEURD = "0001"
GEEN_OPMERKINGEN = "0200"
VOLLEDIG_TOEGEWEZEN = "8001"
# DATUM: a date zorgpad cannot hold (zorgpad.ijw.dates); no retour can copy it, as with XSD.
LEVEL1_RULES = frozenset({"XML", "XSD", "DATUM"})

_XS = "{http://www.w3.org/2001/XMLSchema}"
# Header elements that IV028 copies from the heen message, in schema order (BerichtCode is replaced).
_COPIED_HEADER = ("BerichtVersie", "BerichtSubversie", "Afzender", "Ontvanger", "BerichtIdentificatie")


@dataclass(frozen=True)
class RetourIdentity:
    """The retour's own identification (at most 12 characters) and dagtekening."""

    identificatie: str
    dagtekening: dt.date


def retour_for(
    document: Document,
    findings: Iterable[Finding],
    identity: RetourIdentity,
    xslt_versie: str | None = XSLT_VERSIE,
) -> etree._Element | None:
    """The retour the standard prescribes for a heen message after level-1/2 validation.

    None when there is none to send: the message is itself a retour or a JW325, or it failed at
    level 1 (unreadable or XSD-invalid). A message without findings gets the header without
    RetourCodes (JW325: full approval with 8001); with level-2 findings the header carries 0001.
    """
    retour_code = document.message_type.retour
    found = list(findings)
    if retour_code is None or any(f.rule in LEVEL1_RULES for f in found):
        return None
    retour = message_type(retour_code)
    if retour.code == "JW325":
        return _declaratie_antwoord(document, retour, identity, rejected=bool(found), xslt_versie=xslt_versie)
    codes = (TECHNISCH_AFGEKEURD,) if found else ()
    return _header_only(document, retour, identity, codes, xslt_versie if found else None)


def class_retour(
    document: Document,
    class_codes: Mapping[str, Sequence[str]],
    identity: RetourIdentity,
    header_codes: Sequence[str] = (),
    default_code: str = GEEN_OPMERKINGEN,
) -> etree._Element:
    """A level-3/4 retour (not for JW323): every class of the client mirrored with its retourcodes.

    `class_codes` maps the xpath of a heen class (as in findings: ``/Bericht/Client/StartProducten/
    StartProduct[2]``) to its codes; other classes get `default_code`. When only the header is
    faulted (`header_codes` and no class codes) the retour is the header alone (IV028); otherwise
    the header gets 0200 unless `header_codes` says otherwise.
    """
    retour_code = document.message_type.retour
    if retour_code is None or retour_code == "JW325":
        raise ValueError(f"{document.message_type.code} has no class-level retour message")
    retour = message_type(retour_code)
    if not class_codes:
        return _header_only(document, retour, identity, tuple(header_codes), None)
    root = _header_only(document, retour, identity, tuple(header_codes) or (GEEN_OPMERKINGEN,), None)
    body_types = _retour_types(retour)["Root"]
    context = RuleContext(document)
    for name, type_name in body_types:
        if name == "Header" or type_name is None:
            continue
        for heen in document.root.iterfind(f"{{{document.message_type.namespace}}}{name}"):
            root.append(_mirror(heen, type_name, retour, context, class_codes, default_code))
    return root


def retour_bytes(root: etree._Element) -> bytes:
    """The retour serialised as UTF-8 with an XML declaration, as the standard's examples are."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _header_only(
    document: Document,
    retour: MessageType,
    identity: RetourIdentity,
    codes: Sequence[str],
    xslt_versie: str | None,
) -> etree._Element:
    ns = retour.namespace
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={retour.prefix: ns, "ijw": NS_BASIS})
    header = etree.SubElement(root, f"{{{ns}}}Header")
    _text(header, ns, "BerichtCode", retour.berichtcode)
    heen_header = _heen_header(document)
    for name in (*_COPIED_HEADER, "XsdVersie"):
        _copy_renamed(heen_header, name, header, ns)
    _text(header, ns, "IdentificatieRetour", identity.identificatie)
    _text(header, ns, "DagtekeningRetour", identity.dagtekening.isoformat())
    if xslt_versie:
        _text(header, ns, "XsltVersie", xslt_versie)
    _xsd_versie(header, ns, "XsdVersieRetour", retour)
    _retour_codes(header, ns, codes)
    return root


def _declaratie_antwoord(
    document: Document,
    retour: MessageType,
    identity: RetourIdentity,
    *,
    rejected: bool,
    xslt_versie: str | None,
) -> etree._Element:
    """JW325 after level 2: header-only with 0001 (rejected) or full approval with 8001 (IV087)."""
    ns = retour.namespace
    heen_ns = document.message_type.namespace
    heen_header = _heen_header(document)
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={retour.prefix: ns, "ijw": NS_BASIS})
    header = etree.SubElement(root, f"{{{ns}}}Header")
    _text(header, ns, "BerichtCode", retour.berichtcode)
    _copy_renamed(heen_header, "BerichtVersie", header, ns)
    _copy_renamed(heen_header, "BerichtSubversie", header, ns)
    # The JW325 is the gemeente's own message: it goes back from the 323's receiver to its sender.
    _text(header, ns, "Afzender", find_value(heen_header, f"{{{heen_ns}}}Ontvanger") or "")
    _text(header, ns, "Ontvanger", find_value(heen_header, f"{{{heen_ns}}}Afzender") or "")
    ident = etree.SubElement(header, f"{{{ns}}}BerichtIdentificatie")
    _text(ident, NS_BASIS, "Identificatie", identity.identificatie)
    _text(ident, NS_BASIS, "Dagtekening", identity.dagtekening.isoformat())
    _xsd_versie(header, ns, "XsdVersie", retour)
    _copy_renamed(heen_header, "BerichtIdentificatie", header, ns, new_name="DeclaratieIdentificatie")
    if rejected and xslt_versie:
        _text(header, ns, "XsltVersie", xslt_versie)
    _copy_renamed(heen_header, "XsdVersie", header, ns, new_name="XsdVersieDeclaratie")
    _retour_codes(header, ns, (TECHNISCH_AFGEKEURD if rejected else GEEN_OPMERKINGEN,))
    if not rejected:
        declaratie = document.root.find(f"{{{heen_ns}}}Declaratie")
        if declaratie is None:
            raise ValueError("an XSD-valid JW323 always has a Declaratie")
        antwoord = etree.SubElement(root, f"{{{ns}}}DeclaratieAntwoord")
        _copy_renamed(declaratie, "DeclaratieNummer", antwoord, ns)
        _copy_renamed(declaratie, "TotaalIngediendBedrag", antwoord, ns)
        _copy_renamed(declaratie, "TotaalIngediendBedrag", antwoord, ns, new_name="TotaalToegekendBedrag")
        _retour_codes(antwoord, ns, (VOLLEDIG_TOEGEWEZEN,))
    return root


def _mirror(
    heen: etree._Element,
    type_name: str,
    retour: MessageType,
    context: RuleContext,
    class_codes: Mapping[str, Sequence[str]],
    default_code: str,
) -> etree._Element:
    """Copy one heen class into the retour namespace, following the retour XSD's content model."""
    ns = retour.namespace
    heen_ns = etree.QName(heen).namespace
    mirrored = etree.Element(f"{{{ns}}}{etree.QName(heen).localname}")
    for name, child_type in _retour_types(retour)[type_name]:
        if name == "RetourCodes":
            _retour_codes(mirrored, ns, class_codes.get(context.xpath_of(heen)) or (default_code,))
            continue
        for child in heen.iterfind(f"{{{heen_ns}}}{name}"):
            if child_type is None:
                _copy_element(child, mirrored, ns, name)
            else:
                mirrored.append(_mirror(child, child_type, retour, context, class_codes, default_code))
    return mirrored


@cache
def _retour_types(retour: MessageType) -> dict[str, tuple[tuple[str, str | None], ...]]:
    """Content model of the retour XSD: complex type -> (element name, own complex type or None)."""
    schema = etree.parse(str(xsd_dir() / retour.xsd_file), etree.XMLParser(resolve_entities=False))
    own_prefix = f"{retour.prefix}:"
    types: dict[str, tuple[tuple[str, str | None], ...]] = {}
    for complex_type in schema.getroot().iterfind(f"{_XS}complexType"):
        elements = []
        for element in complex_type.iterfind(f"{_XS}sequence/{_XS}element"):
            declared = element.get("type") or ""
            own = declared.removeprefix(own_prefix) if declared.startswith(own_prefix) else None
            elements.append((element.get("name") or "", None if own == "RetourCodes" else own))
        types[complex_type.get("name") or ""] = tuple(elements)
    return types


def _heen_header(document: Document) -> etree._Element:
    header = document.root.find(f"{{{document.message_type.namespace}}}Header")
    if header is None:
        raise ValueError("an XSD-valid message always has a Header")
    return header


def _copy_renamed(
    source_parent: etree._Element,
    name: str,
    target_parent: etree._Element,
    ns: str,
    new_name: str | None = None,
) -> None:
    source = source_parent.find(f"{{{etree.QName(source_parent).namespace}}}{name}")
    if source is not None:
        _copy_element(source, target_parent, ns, new_name or name)


def _copy_element(source: etree._Element, target_parent: etree._Element, ns: str, name: str) -> None:
    # Message-namespace elements move to the retour namespace; their children are basisschema (ijw)
    # elements and keep theirs. Comments and whitespace of the heen message are not carried over.
    copy = etree.SubElement(target_parent, f"{{{ns}}}{name}")
    copy.text = source.text if len(source) == 0 else None
    for child in source:
        if isinstance(child.tag, str):
            clone = deepcopy(child)
            for node in clone.iter():
                node.tail = None
                if node.text is not None and not node.text.strip() and len(node):
                    node.text = None
            copy.append(clone)


def _xsd_versie(header: etree._Element, ns: str, name: str, message: MessageType) -> None:
    basis, own = schema_versions(message)  # IV034: copied from the XSD appinfo
    versie = etree.SubElement(header, f"{{{ns}}}{name}")
    _text(versie, NS_BASIS, "BasisschemaXsdVersie", basis)
    _text(versie, NS_BASIS, "BerichtXsdVersie", own)


def _retour_codes(parent: etree._Element, ns: str, codes: Sequence[str]) -> None:
    if codes:
        block = etree.SubElement(parent, f"{{{ns}}}RetourCodes")
        for code in codes:
            _text(block, ns, "RetourCode", code)


def _text(parent: etree._Element, ns: str, name: str, value: str) -> None:
    etree.SubElement(parent, f"{{{ns}}}{name}").text = value


def write_retour(root: etree._Element, directory: Path, heen: Path, taken: set[str]) -> Path:
    """Write a retour into `directory` as ``<heen name>_<JWnnn>.xml``; `taken` keeps names unique in a run."""
    code = message_type_of(root).code
    name = f"{heen.stem}_{code}.xml"
    counter = 2
    while name in taken:
        name = f"{heen.stem}_{code}_{counter}.xml"
        counter += 1
    taken.add(name)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    target.write_bytes(retour_bytes(root))
    return target


def message_type_of(root: etree._Element) -> MessageType:
    return BY_NAMESPACE[etree.QName(root).namespace or ""]
