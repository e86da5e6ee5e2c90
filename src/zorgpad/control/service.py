"""A control run over an open store, recorded in it: what `zorgpad check`, the server's internal API
and its inbox worker share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from zorgpad.control.jw325 import Answer, Unanswered
from zorgpad.control.policy import PolicyTables
from zorgpad.control.retours import RetourRun, retours
from zorgpad.control.run import CheckResult, answers, check
from zorgpad.control.runs import record_run
from zorgpad.control.unjudged import with_unjudged
from zorgpad.store.database import Store
from zorgpad.store.runs import RunTotals


@dataclass(frozen=True)
class RecordedRun:
    result: CheckResult
    answers: list[Answer]
    totals: RunTotals
    unanswered: list[Unanswered]  # declarations no JW325 could be built for (see control.jw325)
    retours: RetourRun | None = None  # retours on starts, stops and requests (the check command's)


def check_and_record(
    store: Store,
    policy: PolicyTables | None,
    dagtekening: dt.date,
    *,
    trigger: str,
    with_retours: bool = False,
) -> RecordedRun:
    """Judge everything in the store, build the JW325s and store the run (findings, verdicts, totals)."""
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    tables = store.present_tables()
    result = check(store.backend, tables, policy, on=dagtekening)
    unanswered: list[Unanswered] = []
    replies = answers(tables, result, dagtekening, unanswered)
    # What the run could not judge is a finding of its own, stored and written with all the others.
    result = replace(result, findings=with_unjudged(result.findings, unanswered))
    totals = record_run(
        store, result, replies, policy, trigger=trigger, dagtekening=dagtekening, started_at=started
    )
    returned = retours(tables, result.findings, dagtekening) if with_retours else None
    return RecordedRun(result, replies, totals, unanswered, returned)
