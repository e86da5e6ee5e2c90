"""Safe reading of iJw XML: no DTD, no entity expansion, no network, a size limit.

Hostile or broken input never produces a traceback: every failure is a `MessageReadError` with a
stable code, a Dutch message and a location (file, line and column where lxml gives one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from zorgpad.errors import UserError, os_reason_nl
from zorgpad.ijw.messages import BY_NAMESPACE, MessageType

# OP179: an iJw message is at most 25 MB.
MAX_MESSAGE_BYTES = 25 * 1024 * 1024

_DOCTYPE_MARKERS = tuple(
    "<!DOCTYPE".encode(encoding) for encoding in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_ROOT_START = re.compile(rb"<[A-Za-z_:]")


class MessageReadError(UserError):
    """A file that cannot be read as an iJw message (empty, too large, not XML, DTD, unknown)."""


@dataclass(frozen=True)
class Document:
    """A parsed iJw message: its lxml tree, its type and where it came from."""

    source: str
    root: etree._Element
    message_type: MessageType

    @property
    def tree(self) -> etree._ElementTree:
        return self.root.getroottree()


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers are not thread-safe, and these options are the security
    # boundary (no DTD loading, no entity expansion, no network, no huge-tree escape hatch).
    # Comments and processing instructions are dropped while parsing, and CDATA is merged
    # (lxml's default), so that an element's `.text` is the whole value the XSD validated:
    # `45<!-- -->C01` reads as `45C01` everywhere after this point, never as `45`.
    return etree.XMLParser(
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_bytes(data: bytes, source: str, max_bytes: int = MAX_MESSAGE_BYTES) -> Document:
    """Parse the bytes of one message; `source` names it in error messages."""
    if not data or data.isspace():  # isspace stops at the first other byte: no copy of the message
        raise MessageReadError("XML-LEEG", "Het bestand is leeg; er is geen bericht om te lezen.", source)
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    _refuse_doctype(data, source)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        raise MessageReadError(
            "XML-ONLEESBAAR",
            "Het bestand is geen geldige XML (is het afgekapt of beschadigd?): "
            f"{_dutch_syntax_reason(str(error.msg))}.",
            f"{source}:{line}:{column}",
        ) from None
    except ValueError as error:  # e.g. an encoding declaration lxml refuses
        raise MessageReadError(
            "XML-ONLEESBAAR", f"Het bestand is geen geldige XML: {error}.", source
        ) from None
    docinfo = root.getroottree().docinfo
    # The stubs lack DocInfo.doctype; the attribute is there at run time.
    doctype = str(getattr(docinfo, "doctype", "") or "")
    if doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _dtd_error(source)
    return Document(source=source, root=root, message_type=_message_type(root, source))


def parse_file(path: str | Path, max_bytes: int = MAX_MESSAGE_BYTES) -> Document:
    """Parse one message file, refusing files above `max_bytes` before reading them."""
    file = Path(path)
    source = str(file)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise _too_large(source, size, max_bytes)
        # Read at most one byte more than allowed: a file that grows after stat(), or a device such
        # as /dev/zero that reports size 0, can never make us read without bound. The first read asks
        # for the size stat() gave (no buffer of the full limit for a small file), the second for
        # whatever a growing file or a device still has, up to the limit.
        with file.open("rb") as stream:
            data = stream.read(size + 1)
            if len(data) > size:
                data += stream.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise MessageReadError(
            "BESTAND-ONLEESBAAR", f"Het bestand kan niet worden gelezen: {os_reason_nl(error)}.", source
        ) from None
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    return parse_bytes(data, source, max_bytes)


def message_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every message file named by `paths`: files as given, folders searched recursively for *.xml.

    A path that does not exist is a usage error (``PAD-ONBEKEND``); the result is sorted per argument
    so that runs are reproducible.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".xml" and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise UserError(
                "PAD-ONBEKEND",
                "Dit bestand of deze map bestaat niet. Controleer de naam en probeer het opnieuw.",
                str(path),
            )
    return found


def _message_type(root: etree._Element, source: str) -> MessageType:
    qname = etree.QName(root)
    found = BY_NAMESPACE.get(qname.namespace or "")
    if found is None or qname.localname != "Bericht":
        raise MessageReadError(
            "XML-ONBEKEND-BERICHT",
            f"Dit is geen iJw 3.2-bericht: het hoofdelement is "
            f"{{{qname.namespace}}}{qname.localname}, "
            "verwacht werd 'Bericht' in een iJw 3.2-namespace "
            "(http://www.istandaarden.nl/ijw/3_2/jwNNN/schema).",
            f"{source}:{root.sourceline or 1}",
        )
    return found


def _refuse_doctype(data: bytes, source: str) -> None:
    """Refuse a DTD before libxml2 sees it: no entity, external subset or expansion ever gets parsed.

    A DOCTYPE may only stand in the prolog, before the root element; the check after parsing still
    catches any encoding this quick scan does not know.
    """
    prolog_end = _root_start(data)
    for marker in _DOCTYPE_MARKERS:
        position = data.find(marker, 0, prolog_end if prolog_end >= 0 else len(data))
        if position >= 0:
            raise _dtd_error(source)


def _root_start(data: bytes) -> int:
    # The first '<' followed by a name character starts the root element (comments, processing
    # instructions and the DOCTYPE start with '<!' or '<?').
    match = _ROOT_START.search(data)
    return match.start() if match else -1


def _dtd_error(source: str) -> MessageReadError:
    return MessageReadError(
        "XML-DTD",
        "Het bericht bevat een DOCTYPE-declaratie (DTD). iJw-berichten hebben geen DTD; "
        "om veiligheidsredenen wordt het bericht niet verwerkt.",
        source,
    )


def _too_large(source: str, size: int, max_bytes: int) -> MessageReadError:
    return MessageReadError(
        "XML-TE-GROOT",
        f"Het bestand is {size / 1_048_576:.1f} MB; een iJw-bericht mag hoogstens "
        f"{max_bytes / 1_048_576:.0f} MB zijn (OP179). Het bestand is niet gelezen.",
        source,
    )


def _dutch_syntax_reason(reason: str) -> str:
    # lxml's messages are English; name the common cases in Dutch and keep the original for detail.
    known = {
        "Document is empty": "het document is leeg",
        "Start tag expected": "er staat geen XML-element aan het begin",
        "Premature end of data": "het bestand houdt midden in een element op",
        "EndTag: '</' not found": "een afsluitende tag ontbreekt",
        "Extra content at the end of the document": "er staat tekst na het einde van het bericht",
        "Char 0x0 out of allowed range": "het bestand bevat binaire tekens",
    }
    for english, dutch in known.items():
        if english in reason:
            return f"{dutch} ({reason.strip()})"
    return f"ongeldige XML ({reason.strip()})"
