"""Validation of one message: read safely, check the XSD, then every level-2 rule.

As IV028 prescribes, level-2 rules only run on a message that passes the XSD.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import cast

from lxml import etree

from zorgpad.ijw.dates import unholdable_date_findings
from zorgpad.ijw.findings import Finding, ValidationResult
from zorgpad.ijw.reader import MAX_MESSAGE_BYTES, Document, MessageReadError, parse_file
from zorgpad.ijw.redact import redact_findings
from zorgpad.ijw.rules import run_level2
from zorgpad.ijw.schemas import schema_for
from zorgpad.ijw.xsd_messages import dutch_xsd_message


def xsd_findings(document: Document) -> tuple[Finding, ...]:
    """Every XSD violation of the message, with a Dutch explanation and its location."""
    schema = schema_for(document.message_type)
    if schema.validate(document.tree):
        return ()
    return tuple(
        Finding(
            rule="XSD",
            retourcode=None,
            xpath=_plain_path(error.path or "") or f"regel {error.line}",
            message=dutch_xsd_message(error.message, error.line),
        )
        # The stubs do not declare _ErrorLog iterable; it is.
        for error in cast(Iterable[etree._LogEntry], schema.error_log)
    )


def validate_document(document: Document) -> tuple[Finding, ...]:
    """XSD first; only an XSD-valid message with dates zorgpad can hold gets the level-2 rules."""
    findings = (
        xsd_findings(document)
        or unholdable_date_findings(document)
        or run_level2(document, schema_valid=True)
    )
    # Findings are stored, logged and shown: a BSN they would quote is masked (zorgpad.ijw.redact).
    return redact_findings(findings, document.root)


def validate_path(path: str | Path, max_bytes: int = MAX_MESSAGE_BYTES) -> ValidationResult:
    """Validate one file. A file that cannot be read yields a single ``XML`` finding."""
    try:
        document = parse_file(path, max_bytes)
    except MessageReadError as error:
        finding = Finding("XML", None, error.location or str(path), f"{error.message} [{error.code}]")
        return ValidationResult(str(path), None, (finding,))
    return ValidationResult(str(path), document.message_type.code, validate_document(document))


def _plain_path(path: str) -> str:
    # lxml reports /jw323:Bericht/jw323:Header/...; users read /Bericht/Header/...
    return "/".join(step.split(":", 1)[-1] for step in path.split("/"))
