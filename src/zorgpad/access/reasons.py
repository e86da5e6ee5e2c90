"""The checks behind a proposed answer: stable codes, their severity, WJ759 reason and Dutch text.

Severity `afwijzen` leads to a JW319 with VerzoekAntwoord 1 and the code's RedenAfwijzingVerzoek
(WJ759); `onderzoek` to a JW319 with VerzoekAntwoord 2 (in onderzoek); `signaal` keeps the proposed
JW301 but asks the access team to look. docs/access.md lists every code; a test keeps that true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["afwijzen", "onderzoek", "signaal"]


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    wj759: str | None
    title_nl: str


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check("TG101", "afwijzen", "4", "product staat niet (op die datum) in de productstructuur"),
        Check("TG102", "afwijzen", "4", "eenheid of frequentie past niet bij het product"),
        Check("TG103", "afwijzen", "3", "aanbieder niet gecontracteerd voor product, gemeente en datum"),
        Check("TG104", "afwijzen", "4", "verwijzer mag voor dit product niet verwijzen"),
        Check("TG105", "afwijzen", "4", "zorg start na de termijn van de verwijzing"),
        Check("TG106", "onderzoek", None, "geen verwijzing bekend bij de toegang"),
        Check("TG107", "signaal", None, "toewijzing ingekort tot de maximale duur"),
        Check("TG108", "afwijzen", "4", "verlengingen zonder nieuwe verwijzing opgebruikt"),
        Check("TG109", "signaal", None, "product past niet bij de vastgelegde zorgbehoefte (triage)"),
        Check("TG110", "afwijzen", "6", "stapeling: zelfde product, aanbieder en overlappende periode"),
        Check("TG111", "afwijzen", "8", "woonplaatsbeginsel: een andere gemeente is verantwoordelijk"),
        Check("TG112", "afwijzen", "5", "gemeente hoort niet bij de regio van de productstructuur"),
        Check("TG113", "onderzoek", None, "aanvraag zonder productcode (niet specifiek)"),
        Check("TG114", "afwijzen", "1", "te wijzigen toewijzing is niet (meer) actueel"),
        Check("TG115", "signaal", None, "een lichter alternatief past bij de zorgbehoefte"),
    )
}


@dataclass(frozen=True)
class Reason:
    """One check that fired for a request, with its Dutch explanation."""

    code: str
    text: str
    woonplaats: str | None = None

    @property
    def check(self) -> Check:
        return CHECKS[self.code]

    @property
    def severity(self) -> Severity:
        return self.check.severity

    def render(self) -> str:
        return f"{self.code}: {self.text}"
