"""Validate many message files in one go, with optional retour messages and an XSLT cross-check.

This is the library behind `zorgpad validate`: per file one `FileVerdict`, produced lazily so that a
folder of 100,000 messages is handled in bounded memory and a progress bar can follow along.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from zorgpad.ijw.findings import ValidationResult
from zorgpad.ijw.reader import MessageReadError, parse_file
from zorgpad.ijw.retour import LEVEL1_RULES, RetourIdentity, retour_for, write_retour
from zorgpad.ijw.validate import validate_path
from zorgpad.ijw.xslt_compare import OfficialXslt, XsltComparison, compare


@dataclass(frozen=True)
class FileVerdict:
    """The verdict on one file, where its retour went, and how the official XSLT saw it."""

    result: ValidationResult
    retour: Path | None = None
    comparison: XsltComparison | None = None

    @property
    def level1(self) -> bool:
        """True when the file failed to read or failed the XSD (no retour is sent then, IV028)."""
        return any(f.rule in LEVEL1_RULES for f in self.result.findings)


@dataclass
class RetourNumbering:
    """Gives each retour of a run its own identification: ``ZP<yymmdd><serial>`` (12 characters)."""

    dagtekening: dt.date
    serial: int = 0

    def next(self) -> RetourIdentity:
        self.serial += 1
        return RetourIdentity(f"ZP{self.dagtekening:%y%m%d}{self.serial:04d}", self.dagtekening)


def check_files(
    files: Sequence[Path],
    retour_dir: Path | None = None,
    xslt: OfficialXslt | None = None,
    numbering: RetourNumbering | None = None,
) -> Iterator[FileVerdict]:
    """Validate each file; write a retour for each invalid one; compare with the XSLT when given."""
    numbers = numbering or RetourNumbering(dt.date.today())
    taken: set[str] = set()
    for path in files:
        result = validate_path(path)
        verdict = FileVerdict(result)
        needs_retour = retour_dir is not None and not result.valid
        if verdict.level1 or not (needs_retour or xslt is not None):
            yield verdict
            continue
        try:
            document = parse_file(path)
        except MessageReadError:  # the file changed since it was validated: report what we saw
            yield verdict
            continue
        written = None
        if needs_retour and retour_dir is not None:
            root = retour_for(document, result.findings, numbers.next())
            if root is not None:
                written = write_retour(root, retour_dir, path, taken)
        comparison = compare(document, result.findings, xslt) if xslt is not None else None
        yield FileVerdict(result, written, comparison)
