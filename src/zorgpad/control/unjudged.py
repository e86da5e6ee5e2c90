"""Declarations a control run could not judge: a finding of their own in the run, never a silent gap.

A JW323 with a date zorgpad cannot hold (a ``DATUM`` finding at ingest: the XSD passed it, so the
exchange does not answer it either) or, in a store written before that check, with a value its JW325
must copy missing, gets no JW325. `zorgpad check` still answers every other declaration; each such
declaration (or its line, when the cause lies in one) becomes a finding of ``ONBEOORDEELBAAR`` in
`findings.parquet`, `findings.xlsx` and the stored run (`control_findings`), so the region sees it
beside every other finding and can ask the provider for a new declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from zorgpad.control.jw325 import Unanswered


@dataclass(frozen=True)
class RunFinding:
    """A finding the run itself makes (not a rule over the tables): its code and its Dutch texts."""

    code: str
    retourcode: str | None
    severity: str
    title_nl: str
    basis: str
    explain_nl: str


UNJUDGED = RunFinding(
    code="ONBEOORDEELBAAR",
    retourcode=None,  # no JW325 is written, so there is no answer to carry a code
    severity="signaal",
    title_nl="Declaratie niet beoordeeld",
    basis=(
        "zorgpad: een declaratie waarvan een waarde niet te lezen is (een datum buiten de jaren 1 tot en "
        "met 9999, of een waarde die de database mist) krijgt geen JW325; de andere declaraties wel"
    ),
    explain_nl="Declaratie {declaratie} is niet beoordeeld en krijgt geen JW325{plek}. Oorzaak: {reden}.",
)

# How each cause is named in the finding's facts.
_CAUSES = {"DATUM": "datum buiten de jaren 1-9999", "ONTBREEKT": "waarde ontbreekt in de database"}


def _row(item: Unanswered) -> dict[str, Any]:
    line = item.line or {}
    name = item.identificatie or item.message_id[:12]
    place = f" (plek: {item.place})" if item.place else ""  # the xpath of the unreadable value
    reason = item.reason_nl.rstrip(". ")
    facts = {
        "declaratie": name,
        "oorzaak": _CAUSES.get(item.cause, item.cause),
        "reden": reason,
        "plek": item.place or "",
    }
    in_line = bool(line) or "/Prestatie" in (item.place or "")
    return {
        "rule": UNJUDGED.code,
        "retourcode": UNJUDGED.retourcode,
        "severity": UNJUDGED.severity,
        "object": "prestatie" if in_line else "declaratie",
        "message_id": item.message_id,
        "position": line.get("position"),
        "referentie_nummer": line.get("referentie_nummer"),
        "toewijzing_nummer": line.get("toewijzing_nummer"),
        "client_key": line.get("client_key"),
        "aanbieder": line.get("aanbieder") or item.aanbieder,
        "gemeente": line.get("gemeente") or item.gemeente,
        "bedrag": line.get("signed_bedrag"),
        "facts": list(facts.items()),
        "explanation": UNJUDGED.explain_nl.format(declaratie=name, reden=reason, plek=place),
    }


def unjudged_findings(unanswered: list[Unanswered], schema: pa.Schema) -> pa.Table:
    """One ``ONBEOORDEELBAAR`` finding per unanswered declaration or line, in the run's findings schema."""
    return pa.Table.from_pylist([_row(item) for item in unanswered], schema=schema)


def with_unjudged(findings: pa.Table, unanswered: list[Unanswered]) -> pa.Table:
    """The run's findings followed by a finding for everything it could not judge."""
    if not unanswered:
        return findings
    return pa.concat_tables([findings, unjudged_findings(unanswered, findings.schema)])
