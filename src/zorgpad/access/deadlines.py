"""Answer deadlines of a request, on Dutch working days (see `workdays`).

- JW315 / JW317: a JW301 or JW319 within 5 working days of receipt (OP274 per product, OP346 for a
  whole VOW). The store keeps no receipt date, so the request's Dagtekening counts as the day of receipt.
- After a JW319 "in onderzoek": the final JW301 or JW319 within 8 weeks of the request's Dagtekening;
  a term ending on a weekend day or public holiday moves to the next working day (Atw art. 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgpad.access.records import Request
from zorgpad.access.workdays import add_weeks, add_working_days, working_days_between

ANSWER_WORKING_DAYS = 5
INVESTIGATION_WEEKS = 8


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    rule: str

    def working_days_left(self, on: dt.date) -> int:
        return working_days_between(on, self.due)

    def status(self, on: dt.date) -> str:
        left = self.working_days_left(on)
        if left < 0:
            return "te laat"
        return "vandaag" if left == 0 else f"nog {left} werkdag" + ("" if left == 1 else "en")


def deadline(request: Request) -> Deadline:
    if request.in_onderzoek_since is not None:
        return Deadline(
            add_weeks(request.dagtekening, INVESTIGATION_WEEKS), "8 weken na dagtekening (in onderzoek)"
        )
    rule = "OP274" if request.message_type == "JW315" else "OP346"
    return Deadline(add_working_days(request.dagtekening, ANSWER_WORKING_DAYS), f"5 werkdagen ({rule})")
