"""Measure the engine against a synthetic region's truth.csv: recall per labelled rule, and the share of
unlabelled claim lines that get an `afkeur` (false rejections), per rule.

A finding matches a truth row when the file and key match (file = the JW323's path relative to the
synth folder, key = the prestatie's ReferentieNummer; for provider-level rows the AGB code) and the
truth's `rule` equals the finding's rule code or retourcode (docs/architecture.md).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class Measurement:
    labelled: Counter[str]  # truth rule -> rows
    found: Counter[str]  # truth rule -> rows found with that rule
    missed: list[dict[str, str]]
    unlabelled_lines: int
    false_rejections: Counter[str]  # control rule -> unlabelled lines it rejected
    false_rejected_lines: int

    def recall(self, rule: str) -> float:
        return self.found[rule] / self.labelled[rule] if self.labelled[rule] else 1.0

    def false_rate(self, rule: str | None = None) -> float:
        count = self.false_rejected_lines if rule is None else self.false_rejections[rule]
        return count / self.unlabelled_lines if self.unlabelled_lines else 0.0


def _relative(path: str, root: Path) -> str:
    parts = PurePath(path).parts
    for marker in ("berichten",):
        if marker in parts:
            return PurePath(*parts[parts.index(marker) :]).as_posix()
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return PurePath(path).as_posix()


def measure(
    truth_csv: Path,
    findings: pa.Table,
    messages: pa.Table,
    lines: pa.Table,
    message_findings: pa.Table | None = None,
) -> Measurement:
    root = truth_csv.parent
    path_of = {
        m: _relative(p, root)
        for m, p in zip(messages["message_id"].to_pylist(), messages["path"].to_pylist(), strict=True)
    }
    with truth_csv.open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    provider_codes: dict[str, set[str]] = defaultdict(set)
    rejected_lines: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in findings.to_pylist():
        names = {row["rule"], *([row["retourcode"]] if row["retourcode"] else [])}
        if row["object"] == "aanbieder":
            provider_codes[row["aanbieder"]] |= names
            continue
        if row["referentie_nummer"] is None:
            continue
        key = (path_of.get(row["message_id"], ""), row["referentie_nummer"])
        codes[key] |= names
        if row["severity"] == "afkeur" and row["retourcode"]:
            rejected_lines[key].add(row["rule"])
    # Level-1/2 findings of whole messages (message_findings), keyed by the message's Identificatie.
    if message_findings is not None:
        ident_of = dict(
            zip(messages["message_id"].to_pylist(), messages["identificatie"].to_pylist(), strict=True)
        )
        for row in message_findings.to_pylist():
            key = (path_of.get(row["message_id"], ""), ident_of.get(row["message_id"]) or "")
            codes[key] |= {row["rule"], *([row["retourcode"]] if row["retourcode"] else [])}
    labelled: Counter[str] = Counter()
    found: Counter[str] = Counter()
    missed: list[dict[str, str]] = []
    labelled_keys = set()
    for row in truth:
        rule = row["rule"]
        labelled[rule] += 1
        if row["file"]:
            labelled_keys.add((row["file"], row["key"]))
            hit = rule in codes.get((row["file"], row["key"]), set())
        else:
            hit = rule in provider_codes.get(row["key"], set())
        if hit:
            found[rule] += 1
        else:
            missed.append(row)
    all_lines = {
        (path_of.get(m, ""), r)
        for m, r in zip(lines["message_id"].to_pylist(), lines["referentie_nummer"].to_pylist(), strict=True)
    }
    unlabelled = all_lines - labelled_keys
    false: Counter[str] = Counter()
    false_lines = 0
    for key in unlabelled:
        rules = rejected_lines.get(key)
        if rules:
            false_lines += 1
            false.update(rules)
    return Measurement(labelled, found, missed, len(unlabelled), false, false_lines)


def report_lines(measurement: Measurement) -> list[str]:
    out = ["regel  gelabeld  gevonden  recall"]
    for rule in sorted(measurement.labelled):
        out.append(
            f"{rule:6} {measurement.labelled[rule]:8} {measurement.found[rule]:9} "
            f"{measurement.recall(rule):7.1%}"
        )
    out.append(
        f"ongelabelde prestaties: {measurement.unlabelled_lines}; onterecht afgekeurd: "
        f"{measurement.false_rejected_lines} ({measurement.false_rate():.2%})"
    )
    for rule, count in measurement.false_rejections.most_common():
        out.append(f"  {rule}: {count} ({measurement.false_rate(rule):.2%})")
    return out


def load_tables(tables: dict[str, Any]) -> tuple[pa.Table, pa.Table, pa.Table]:
    messages = tables["messages"].select("message_id", "path", "identificatie").to_pyarrow()
    lines = tables["claim_lines"].select("message_id", "referentie_nummer").to_pyarrow()
    message_findings = tables["message_findings"].select("message_id", "rule", "retourcode").to_pyarrow()
    return messages, lines, message_findings
