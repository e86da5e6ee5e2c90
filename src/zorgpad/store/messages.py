"""One iJw message file into the batch: its `messages` row, its findings, and (when valid) its rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.reader import MAX_MESSAGE_BYTES, MessageReadError, parse_bytes
from zorgpad.ijw.validate import validate_document
from zorgpad.store.columns import Batch
from zorgpad.store.extract import MessageContext, extract
from zorgpad.store.extract.header import Header, read_header
from zorgpad.store.pseudonym import Pseudonymizer

_NO_HEADER = Header(*([None] * 11))


@dataclass(frozen=True)
class MessageOutcome:
    message_type: str | None
    valid: bool


def add_message(
    path: Path, data: bytes | None, size: int, message_id: str, batch: Batch, pseudonyms: Pseudonymizer
) -> MessageOutcome:
    """Read, validate and buffer one message. An unreadable file becomes a row with an XML finding.

    `data` is None for a file above the size limit, which is refused unread (OP179); `size` is the
    file's size in bytes.
    """
    source = str(path)
    try:
        if data is None:
            raise MessageReadError(
                "XML-TE-GROOT",
                f"Het bestand is {size / 1_048_576:.1f} MB; een iJw-bericht mag hoogstens "
                f"{MAX_MESSAGE_BYTES / 1_048_576:.0f} MB zijn (OP179). Het bestand is niet gelezen.",
                source,
            )
        document = parse_bytes(data, source)
    except MessageReadError as error:
        finding = Finding("XML", None, error.location or source, f"{error.message} [{error.code}]")
        _message_row(batch, message_id, source, size, None, _NO_HEADER, (finding,))
        return MessageOutcome(None, valid=False)
    code = document.message_type.code
    header = read_header(document.root, code)
    findings = validate_document(document)
    _message_row(batch, message_id, source, size, code, header, findings)
    if not findings:
        # Only messages that count as sent (IV028: level-2 failures count as not sent) feed the
        # analytic tables; invalid ones live in `messages` and `message_findings`.
        extract(document.root, MessageContext(message_id, code, header, batch, pseudonyms))
    return MessageOutcome(code, valid=not findings)


def _message_row(
    batch: Batch,
    message_id: str,
    source: str,
    size: int,
    code: str | None,
    header: Header,
    findings: tuple[Finding, ...],
) -> None:
    batch["messages"].append(
        (
            message_id,
            source,
            size,
            code,
            header.berichtcode,
            header.sender,
            header.receiver,
            header.gemeente,
            header.aanbieder,
            header.identificatie,
            header.dagtekening,
            header.basisschema_xsd_versie,
            header.bericht_xsd_versie,
            header.identificatie_retour,
            header.dagtekening_retour,
            not findings,
            len(findings),
            None,  # ingest_batch: set when the batch is written
        )
    )
    table = batch["message_findings"]
    for seq, finding in enumerate(findings):
        table.append((message_id, seq, finding.rule, finding.retourcode, finding.xpath, finding.message))
