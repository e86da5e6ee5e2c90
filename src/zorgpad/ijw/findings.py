"""One finding of message validation: which rule, which retourcode, where, and why (in Dutch)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Finding:
    """A rule broken inside one message.

    `rule` is the iJw rule code (``TR101``, ``CS003``) or ``XSD``/``XML`` for format failures;
    `retourcode` the WJ001 code the standard prescribes (``0001`` for level 2); `xpath` locates the
    element; `message` explains it in Dutch.
    """

    rule: str
    retourcode: str | None
    xpath: str
    message: str

    def as_json(self) -> dict[str, str | None]:
        return {
            "rule": self.rule,
            "retourcode": self.retourcode,
            "xpath": self.xpath,
            "message": self.message,
        }


@dataclass(frozen=True)
class ValidationResult:
    """The verdict on one message file: its type (when known) and every finding, in document order."""

    path: str
    message: str | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not self.findings

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "message": self.message,
            "valid": self.valid,
            "findings": [f.as_json() for f in self.findings],
        }
