"""Control runs in the store: every run's findings, verdicts and JW325 totals, kept under its run id.

`record_run` writes one run in one transaction (tables `control_runs`, `control_findings`,
`control_verdicts`, `control_answers`); readers take the latest run unless they ask for another.
The JW325 files themselves are not stored (they carry BSNs in clear): `--out` and the server's outbox
hold them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import pyarrow as pa

from zorgpad import __version__
from zorgpad.control.jw325 import Answer
from zorgpad.control.policy import PolicyTables
from zorgpad.control.registry import RuleSet
from zorgpad.control.run import CheckResult
from zorgpad.control.verdict import Verdicts
from zorgpad.store.database import Store, run
from zorgpad.store.runs import RunTotals
from zorgpad.store.schema import TABLES

# Findings are stored in this order, so a run over unchanged data stores the same rows in the same order.
_FINDING_ORDER = (
    "rule", "object", "message_id", "position", "toewijzing_nummer", "client_key", "aanbieder", "gemeente",
)  # fmt: skip


def ruleset_version(rules: RuleSet) -> str:
    """The zorgpad version and a short hash of what decides a verdict: each rule's code, retourcode,
    severity and object."""
    digest = hashlib.sha256()
    for rule in sorted(rules, key=lambda r: r.code):
        digest.update(f"{rule.code}|{rule.retourcode}|{rule.severity}|{rule.object};".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record_run(
    store: Store,
    result: CheckResult,
    answers: list[Answer],
    policy: PolicyTables | None,
    *,
    trigger: str,
    dagtekening: dt.date,
    started_at: dt.datetime,
) -> RunTotals:
    """Store one control run with its findings, verdicts and answers, in one transaction."""
    con = store.connection
    findings = _findings_rows(result.findings)
    verdicts = _verdict_rows(result.verdicts)
    answer_rows = _answer_rows(answers)
    con.begin()
    try:
        run_id = int(run(con, "SELECT coalesce(max(run_id), 0) + 1 FROM control_runs")[0][0])
        lines = int(run(con, "SELECT count(*) FROM claim_lines")[0][0])
        totals = RunTotals(
            run_id=run_id,
            started_at=started_at,
            finished_at=_now(),
            trigger=trigger,
            catalog=policy.name if policy else None,
            catalog_version=policy.version if policy else None,
            catalog_hash=policy.content_hash[:16] if policy else None,
            ruleset_version=ruleset_version(result.rules),
            dagtekening=dagtekening,
            rules_run=len(result.plan.rules),
            rules_skipped=len(result.plan.skipped),
            lines_judged=lines,
            findings=findings.num_rows,
            rejected_lines=len(result.verdicts.line_codes),
            answers=len(answers),
            toegekend_cents=sum(a.granted for a in answers),
            afgewezen_cents=sum(a.rejected for a in answers),
            afgewezen_credit_cents=sum(a.rejected_credits for a in answers),
        )
        _insert_with_run(con, "control_findings", findings, run_id)
        _insert_with_run(con, "control_verdicts", verdicts, run_id)
        _insert_with_run(con, "control_answers", answer_rows, run_id)
        values = [getattr(totals, name) for name in TABLES["control_runs"].column_names]
        run(con, f"INSERT INTO control_runs VALUES ({', '.join('?' * len(values))})", values)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return totals


def _findings_rows(findings: pa.Table) -> pa.Table:
    ordered = findings.sort_by([(name, "ascending") for name in _FINDING_ORDER])
    facts = [
        None if value is None else json.dumps(dict(value), ensure_ascii=False)
        for value in ordered.column("facts").to_pylist()
    ]
    index = ordered.schema.get_field_index("facts")
    return ordered.set_column(index, "facts", pa.array(facts, pa.string()))


def _verdict_rows(verdicts: Verdicts) -> pa.Table:
    rows: list[tuple[str, int | None, str, list[str]]] = [
        (message_id, position, "prestatie", codes)
        for (message_id, position), codes in sorted(verdicts.line_codes.items())
    ]
    rows += [
        (message_id, None, "declaratie", codes)
        for message_id, codes in sorted(verdicts.declaration_codes.items())
    ]
    message_ids, positions, objects, codes = (
        (list(column) for column in zip(*rows, strict=True)) if rows else ([], [], [], [])
    )
    return pa.table(
        {
            "message_id": pa.array(message_ids, pa.string()),
            "position": pa.array(positions, pa.int64()),
            "object": pa.array(objects, pa.string()),
            "retourcodes": pa.array(codes, pa.list_(pa.string())),
        }
    )


def _answer_rows(answers: list[Answer]) -> pa.Table:
    return pa.table(
        {
            "message_id": pa.array([a.message_id for a in answers], pa.string()),
            "file_name": pa.array([a.name for a in answers], pa.string()),
            "gemeente": pa.array([_header(a, "Afzender") for a in answers], pa.string()),
            "aanbieder": pa.array([_header(a, "Ontvanger") for a in answers], pa.string()),
            "toegekend_cents": pa.array([a.granted for a in answers], pa.int64()),
            "afgewezen_cents": pa.array([a.rejected for a in answers], pa.int64()),
            "afgewezen_credit_cents": pa.array([a.rejected_credits for a in answers], pa.int64()),
            "retourcodes": pa.array([list(a.codes) for a in answers], pa.list_(pa.string())),
        }
    )


def _header(answer: Answer, name: str) -> str | None:
    # The JW325's Afzender is the gemeente, its Ontvanger the aanbieder (see jw325.py).
    for element in answer.root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}" + name):
            return element.text
    return None


def _insert_with_run(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table, run_id: int) -> None:
    if not rows.num_rows:
        return
    columns = [c for c in TABLES[name].column_names if c != "run_id"]
    con.register("_zorgpad_run_rows", rows)
    try:
        listed = ", ".join(f'"{c}"' for c in columns)
        run(
            con,
            f'INSERT INTO "{name}" (run_id, {listed}) SELECT ?, {listed} FROM _zorgpad_run_rows',
            [run_id],
        )
    finally:
        con.unregister("_zorgpad_run_rows")


def stored_verdicts(con: duckdb.DuckDBPyConnection, run_id: int) -> Verdicts:
    """The verdicts of one stored run, as control computed them."""
    rows = run(
        con,
        "SELECT message_id, position, object, retourcodes FROM control_verdicts WHERE run_id = ?",
        [run_id],
    )
    result = Verdicts()
    for message_id, position, kind, codes in rows:
        if kind == "prestatie":
            result.line_codes[(message_id, int(position))] = list(codes)
        else:
            result.declaration_codes[message_id] = list(codes)
    return result
