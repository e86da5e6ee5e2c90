"""Write iJw message models as XSD-valid XML, and build the parts every new message needs.

The output uses the standard's prefixes as the published examples do: ``jwNNN:`` for elements of the
message schema and ``ijw:`` for children of base-schema types; UTF-8 with an XML declaration. Elements
are built with lxml (never by string concatenation), so user text is always escaped.
"""

from __future__ import annotations

from datetime import date, time

from lxml import etree

from zorgpad.ijw.messages import NS_BASIS, message_type
from zorgpad.ijw.model.base import IjwModel, Scalar, element_specs
from zorgpad.ijw.model.common import BerichtIdentificatie, Header, RetourHeader, XsdVersie
from zorgpad.ijw.model.message import MessageModel
from zorgpad.ijw.schemas import schema_versions

# The iJw release the model implements: BerichtVersie 3, BerichtSubversie 2.
BERICHT_VERSIE = 3
BERICHT_SUBVERSIE = 2


def to_element(message: MessageModel) -> etree._Element:
    """The message as an lxml ``Bericht`` element."""
    kind = message.message_type()
    root = etree.Element(f"{{{kind.namespace}}}Bericht", nsmap={"ijw": NS_BASIS, kind.prefix: kind.namespace})
    _fill(root, message, kind.namespace)
    return root


def to_xml(message: MessageModel, *, pretty: bool = True) -> bytes:
    """The message as UTF-8 XML bytes with an XML declaration."""
    return etree.tostring(to_element(message), xml_declaration=True, encoding="UTF-8", pretty_print=pretty)


def _fill(parent: etree._Element, model: IjwModel, message_ns: str) -> None:
    # Children of a base-schema (CDT_) type live in the ijw namespace, all others in the message's.
    ns = NS_BASIS if model.in_basis_namespace else message_ns
    for spec in element_specs(type(model)):
        value = getattr(model, spec.field)
        if value is None or (spec.item is not None and not value):
            continue
        element = etree.SubElement(parent, f"{{{ns}}}{spec.element}")
        if spec.item is None:
            _put(element, value, message_ns)
        else:
            # A wrapper is always a message-schema type, so its items are in the message namespace.
            item_tag = f"{{{message_ns}}}{spec.item}"
            for item in value:
                _put(etree.SubElement(element, item_tag), item, message_ns)


def _put(element: etree._Element, value: IjwModel | Scalar, message_ns: str) -> None:
    if isinstance(value, IjwModel):
        _fill(element, value, message_ns)
    else:
        element.text = lexical(value)


def lexical(value: Scalar) -> str:
    """The XSD lexical form of a scalar value (dates as ``YYYY-MM-DD``, times as ``HH:MM:SS``)."""
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def xsd_versie(code: str) -> XsdVersie:
    """The XSD versions a new message of type `code` declares: the vendored XSDs' appinfo (IV034)."""
    basis, bericht = schema_versions(message_type(code))
    return XsdVersie(basisschema_xsd_versie=basis, bericht_xsd_versie=bericht)


def header(
    code: str,
    afzender: str,
    ontvanger: str,
    identificatie: str,
    dagtekening: date,
    versie: XsdVersie | None = None,
) -> Header:
    """A heen-message header for message `code` (e.g. ``"JW301"``).

    `afzender`/`ontvanger` are a municipality code (4 digits) or an AGB code (8 digits), as the
    direction of the message demands; `versie` defaults to the vendored XSDs' own versions.
    """
    return Header(
        bericht_code=message_type(code).berichtcode,
        bericht_versie=BERICHT_VERSIE,
        bericht_subversie=BERICHT_SUBVERSIE,
        afzender=afzender,
        ontvanger=ontvanger,
        bericht_identificatie=BerichtIdentificatie(identificatie=identificatie, dagtekening=dagtekening),
        xsd_versie=versie or xsd_versie(code),
    )


def retour_header(
    heen: Header,
    heen_code: str,
    identificatie: str,
    dagtekening: date,
    retour_codes: tuple[str, ...] = (),
    versie: XsdVersie | None = None,
    xslt_versie: str | None = None,
) -> RetourHeader:
    """The header of the retour on a heen message with header `heen` and code `heen_code`.

    A retour repeats the heen header (same sender and receiver fields) under the retour's
    berichtcode and adds its own identification; `retour_codes` are the header-level codes (for a
    message rejected as a whole). Not for JW325, whose header has its own shape.
    """
    retour = message_type(heen_code).retour
    if retour is None or retour == "JW325":
        raise ValueError(f"{heen_code} has no retour message with a retour header")
    return RetourHeader(
        bericht_code=message_type(retour).berichtcode,
        bericht_versie=heen.bericht_versie,
        bericht_subversie=heen.bericht_subversie,
        afzender=heen.afzender,
        ontvanger=heen.ontvanger,
        bericht_identificatie=heen.bericht_identificatie,
        xsd_versie=heen.xsd_versie,
        identificatie_retour=identificatie,
        dagtekening_retour=dagtekening,
        xslt_versie=xslt_versie,
        xsd_versie_retour=versie or xsd_versie(retour),
        retour_codes=retour_codes,
    )
