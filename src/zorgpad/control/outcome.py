"""What `zorgpad check` reports about a recorded run, as plain data (JSON-able), so the command prints
the same whether it ran the check itself or the server ran it for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zorgpad.control.report import summarise, write_answers, write_findings
from zorgpad.control.retours import write_retours
from zorgpad.control.service import RecordedRun


def run_outcome(recorded: RecordedRun, out: Path | None) -> dict[str, Any]:
    """Write the `--out` files (when `out` is given) and describe the run for the summary."""
    returned = recorded.retours
    if out is not None:
        write_findings(recorded.result.findings, out)
        write_answers(recorded.answers, out)
        if returned is not None:
            write_retours(returned, out)
    totals = recorded.totals
    return {
        "run": totals.run_id,
        "regels": [
            {
                "code": r.code,
                "omschrijving": r.title_nl,
                "ernst": r.severity,
                "aantal": r.count,
                "bedrag": r.amount,
            }
            for r in summarise(recorded.result)
        ],
        "overgeslagen": [[rule.code, rule.title_nl, why] for rule, why in recorded.result.plan.skipped],
        "antwoorden": totals.answers,
        "bevindingen": totals.findings,
        "toegekend_cents": totals.toegekend_cents,
        "afgewezen_cents": totals.afgewezen_cents,
        "afgewezen_credit_cents": totals.afgewezen_credit_cents,
        "uitvoer": None if out is None else str(out),
        "retouren": len(returned.retours) if returned else 0,
        "retouren_afgekeurd": sum(1 for r in returned.retours if set(r.codes) - {"0200"}) if returned else 0,
        "retouren_onleesbaar": [str(path) for path in returned.missing] if returned else [],
        "onbeoordeelbaar": [
            [skipped.identificatie or skipped.message_id[:12], skipped.reason_nl]
            for skipped in recorded.unanswered
        ],
    }
