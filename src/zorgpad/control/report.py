"""What a control run leaves behind: findings as Parquet and Excel, JW325 files, a Dutch summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from lxml import etree

from zorgpad.cells import safe_row
from zorgpad.control.jw325 import Answer
from zorgpad.control.run import CheckResult
from zorgpad.control.template import format_value
from zorgpad.control.unjudged import UNJUDGED


@dataclass(frozen=True)
class RuleSummary:
    code: str
    title_nl: str
    severity: str
    count: int
    amount: int  # eurocents of the debets this rule rejects (a line rejected by two rules counts for both)
    credit_amount: int = 0  # eurocents (positive) of the credits it rejects: apart, never netted


def summarise(result: CheckResult) -> list[RuleSummary]:
    columns = result.findings.select(["rule", "bedrag"]).to_pydict()
    counts: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    credits: Counter[str] = Counter()
    for code, amount in zip(columns["rule"], columns["bedrag"], strict=True):
        counts[code] += 1
        if (amount or 0) >= 0:
            amounts[code] += amount or 0
        else:
            credits[code] -= amount
    rows = []
    for rule in result.plan.rules:
        amount, credit = (amounts[rule.code], credits[rule.code]) if rule.rejects else (0, 0)
        rows.append(RuleSummary(rule.code, rule.title_nl, rule.severity, counts[rule.code], amount, credit))
    if counts[UNJUDGED.code]:
        rows.append(
            RuleSummary(UNJUDGED.code, UNJUDGED.title_nl, UNJUDGED.severity, counts[UNJUDGED.code], 0)
        )
    return rows


def write_findings(findings: pa.Table, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    parquet = out / "findings.parquet"
    pq.write_table(findings, parquet)
    xlsx = out / "findings.xlsx"
    _write_excel(findings, xlsx)
    return parquet, xlsx


def _write_excel(findings: pa.Table, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Bevindingen")
    headers = [
        "regel",
        "retourcode",
        "ernst",
        "object",
        "bericht",
        "positie",
        "ReferentieNummer",
        "ToewijzingNummer",
        "cliënt (pseudoniem)",
        "aanbieder",
        "gemeente",
        "bedrag",
        "feiten",
        "uitleg",
    ]
    sheet.append(safe_row(headers))
    for row in findings.to_pylist():
        facts = json.dumps(dict(row["facts"] or []), ensure_ascii=False)
        bedrag = format_value("euro", row["bedrag"]) if row["bedrag"] is not None else ""
        sheet.append(
            safe_row(
                [
                    row["rule"],
                    row["retourcode"],
                    row["severity"],
                    row["object"],
                    row["message_id"],
                    row["position"],
                    row["referentie_nummer"],
                    row["toewijzing_nummer"],
                    row["client_key"],
                    row["aanbieder"],
                    row["gemeente"],
                    bedrag,
                    facts,
                    row["explanation"],
                ]
            )
        )
    book.save(path)


def write_answers(answers: list[Answer], out: Path) -> Path:
    folder = out / "jw325"
    folder.mkdir(parents=True, exist_ok=True)
    for answer in answers:
        data = etree.tostring(answer.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        (folder / answer.name).write_bytes(data)
    return folder
