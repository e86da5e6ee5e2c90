"""No BSN in a finding's text: every BSN a finding would quote is masked to its last two characters.

A finding is stored (`message_findings`), logged and shown; a BSN belongs only in the answer messages
(`clients_clear`). A provider still finds the element: the finding's xpath points at it, and the last
two characters tell two clients apart. `mask_bsn("999900006")` is ``*******06``.

`validate_document` runs every finding through `redact_findings`, which masks each value of a `Bsn`
element of the message wherever a finding's text quotes it (the CS002 text, a TR101 key, an XSD
message about a Bsn in Dutch or in lxml's English).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.values import value_of

SHOWN = 2  # characters of a BSN left readable at the end
_MIN_LENGTH = 4  # shorter values are no BSN, and masking them would garble amounts and codes


def mask_bsn(value: str) -> str:
    """`value` with all but its last two characters replaced by `*`."""
    value = value.strip()
    return "*" * max(len(value) - SHOWN, 1) + value[-SHOWN:] if len(value) > SHOWN else "*" * len(value)


def bsn_values(root: etree._Element) -> set[str]:
    """Every non-trivial value of a `Bsn` element in the message, stripped."""
    values = set()
    for element in root.iter():
        if (isinstance(element.tag, str) and element.tag.endswith("}Bsn")) or element.tag == "Bsn":
            value = (value_of(element) or "").strip()
            if len(value) >= _MIN_LENGTH:
                values.add(value)
    return values


def redact_findings(findings: tuple[Finding, ...], root: etree._Element) -> tuple[Finding, ...]:
    """`findings` with every BSN of the message masked in their texts."""
    if not findings:
        return findings
    values = bsn_values(root)
    if not values:
        return findings
    pattern = _pattern(values)
    return tuple(_redacted(finding, pattern) for finding in findings)


def redact_text(text: str, values: Iterable[str]) -> str:
    """`text` with each of `values` (BSNs) masked where it stands as a whole word."""
    found = [value for value in values if len(value) >= _MIN_LENGTH]
    return _pattern(found).sub(lambda match: mask_bsn(match.group(0)), text) if found else text


def _pattern(values: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<![0-9A-Za-z])(?:{alternatives})(?![0-9A-Za-z])")


def _redacted(finding: Finding, pattern: re.Pattern[str]) -> Finding:
    message = pattern.sub(lambda match: mask_bsn(match.group(0)), finding.message)
    if message == finding.message:
        return finding
    return Finding(finding.rule, finding.retourcode, finding.xpath, message)
