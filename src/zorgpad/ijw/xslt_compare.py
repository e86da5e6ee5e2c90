"""Cross-check zorgpad's level-2 verdicts against an official validation XSLT a user supplies.

The iStandaarden XSLT (XSLT 1.0) is not part of the project. It writes a report in the namespace
below with one ``Fouten/Fout/Code`` per broken rule. We run it on an XSD-valid message and compare
its set of rule codes with the set of codes of zorgpad's level-2 findings for that message.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from zorgpad.errors import UserError, os_reason_nl
from zorgpad.ijw.findings import Finding
from zorgpad.ijw.reader import Document

RAPPORT_NS = "http://www.istandaarden.nl/validatie/1_1/rapport/schema"


@dataclass(frozen=True)
class XsltComparison:
    """The rule codes the official XSLT and zorgpad found in one message."""

    path: str
    message: str
    official: frozenset[str]
    zorgpad: frozenset[str]

    @property
    def equal(self) -> bool:
        return self.official == self.zorgpad

    @property
    def only_official(self) -> tuple[str, ...]:
        return tuple(sorted(self.official - self.zorgpad))

    @property
    def only_zorgpad(self) -> tuple[str, ...]:
        return tuple(sorted(self.zorgpad - self.official))

    def as_json(self) -> dict[str, object]:
        return {
            "equal": self.equal,
            "official": sorted(self.official),
            "zorgpad": sorted(self.zorgpad),
        }


class OfficialXslt:
    """A compiled, sandboxed validation stylesheet: it may read files, never write or use the network."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        # The lxml stubs do not declare XSLTAccessControl's keyword arguments; lxml has them.
        access_control: Any = etree.XSLTAccessControl
        access = access_control(
            read_file=True, write_file=False, create_dir=False, read_network=False, write_network=False
        )
        try:
            data = Path(self.path).read_bytes()
        except OSError as error:
            raise UserError(
                "XSLT-ONLEESBAAR",
                f"Het XSLT-bestand kan niet worden gelezen: {os_reason_nl(error)}.",
                self.path,
            ) from None
        try:
            tree = etree.parse(io.BytesIO(data), parser, base_url=self.path)
            self._transform = etree.XSLT(tree, access_control=access)
        except OSError:
            # lxml's own read of a file the stylesheet includes; its text is English and has no errno.
            raise UserError(
                "XSLT-ONLEESBAAR",
                "Een bestand dat het XSLT-bestand insluit (xsl:include of xsl:import) is niet te lezen.",
                self.path,
            ) from None
        except (etree.XMLSyntaxError, etree.XSLTParseError) as error:
            raise UserError(
                "XSLT-ONGELDIG",
                "Dit is geen bruikbaar XSLT 1.0-stylesheet; geef het officiële validatie-XSLT van "
                f"iStandaarden op ({error}).",
                self.path,
            ) from None

    def rule_codes(self, document: Document) -> frozenset[str]:
        """The codes in the stylesheet's report (``Fouten/Fout/Code``) for one message."""
        try:
            report = self._transform(document.tree)
        except etree.XSLTApplyError as error:
            raise UserError(
                "XSLT-FOUT",
                f"Het XSLT-stylesheet faalde op dit bericht ({error}); controleer of het het "
                "validatie-XSLT voor iJw 3.2 is.",
                document.source,
            ) from None
        root = report.getroot()
        if root is None:
            return frozenset()
        codes = root.iterfind(f".//{{{RAPPORT_NS}}}Fouten/{{{RAPPORT_NS}}}Fout/{{{RAPPORT_NS}}}Code")
        return frozenset((code.text or "").strip() for code in codes if (code.text or "").strip())


def compare(document: Document, findings: Iterable[Finding], xslt: OfficialXslt) -> XsltComparison:
    """Both verdicts on one XSD-valid message, as sets of rule codes."""
    ours = frozenset(f.rule for f in findings)
    return XsltComparison(document.source, document.message_type.code, xslt.rule_codes(document), ours)
