"""Measure the engine against a synthetic region's truth.csv: recall per labelled rule, and the share of
unlabelled claim lines that get an `afkeur` (false rejections), per rule; likewise for the received
starts, stops and requests (JW305, JW307, JW315, JW317).

A finding matches a truth row when the file and key match (file = the message's path relative to the
synth folder, key = the prestatie's ReferentieNummer; for a start, stop or request the message's
Identificatie; for provider-level rows the AGB code) and the truth's `rule` equals the finding's rule
code or retourcode (docs/architecture.md).
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import pyarrow as pa

# Findings on a received start, stop or request: keyed by the message's Identificatie.
MESSAGE_OBJECTS = ("melding", "verzoek", "bericht")
RECEIVED = ("JW305", "JW307", "JW315", "JW317")


@dataclass(frozen=True)
class Measurement:
    labelled: Counter[str]  # truth rule -> rows
    found: Counter[str]  # truth rule -> rows found with that rule
    missed: list[dict[str, str]]
    unlabelled_lines: int
    false_rejections: Counter[str]  # control rule -> unlabelled lines it rejected
    false_rejected_lines: int
    unlabelled_messages: int = 0  # valid received starts, stops and requests without a truth row
    false_message_rejections: Counter[str] = dataclasses.field(default_factory=Counter)
    false_rejected_messages: int = 0

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
    rejected_messages: dict[tuple[str, str], set[str]] = defaultdict(set)
    ident_of = dict(
        zip(messages["message_id"].to_pylist(), messages["identificatie"].to_pylist(), strict=True)
    )
    for row in findings.to_pylist():
        names = {row["rule"], *([row["retourcode"]] if row["retourcode"] else [])}
        if row["object"] == "aanbieder":
            provider_codes[row["aanbieder"]] |= names
            continue
        if row["object"] in MESSAGE_OBJECTS:
            key = (path_of.get(row["message_id"], ""), ident_of.get(row["message_id"]) or "")
            codes[key] |= names
            if row["severity"] == "afkeur" and row["retourcode"]:
                rejected_messages[key].add(row["rule"])
            continue
        if row["referentie_nummer"] is None:
            continue
        key = (path_of.get(row["message_id"], ""), row["referentie_nummer"])
        codes[key] |= names
        if row["severity"] == "afkeur" and row["retourcode"]:
            rejected_lines[key].add(row["rule"])
    # Level-1/2 findings of whole messages (message_findings), keyed by the message's Identificatie.
    if message_findings is not None:
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
    received = {
        (path_of.get(m, ""), ident_of.get(m) or "")
        for m, kind, valid in zip(
            messages["message_id"].to_pylist(),
            messages["message_type"].to_pylist(),
            messages["valid"].to_pylist(),
            strict=True,
        )
        if kind in RECEIVED and valid
    }
    quiet = received - labelled_keys
    false_messages: Counter[str] = Counter()
    for key in quiet:
        false_messages.update(rejected_messages.get(key, ()))
    rejected = sum(1 for key in quiet if rejected_messages.get(key))
    return Measurement(
        labelled, found, missed, len(unlabelled), false, false_lines, len(quiet), false_messages, rejected
    )


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
    out.append(
        f"ongelabelde starts, stops en verzoeken: {measurement.unlabelled_messages}; onterecht afgekeurd: "
        f"{measurement.false_rejected_messages}"
    )
    for rule, count in measurement.false_message_rejections.most_common():
        out.append(f"  {rule}: {count}")
    return out


def load_tables(tables: dict[str, Any]) -> tuple[pa.Table, pa.Table, pa.Table]:
    messages = tables["messages"].select("message_id", "path", "identificatie", "message_type", "valid")
    messages = messages.to_pyarrow()
    lines = tables["claim_lines"].select("message_id", "referentie_nummer").to_pyarrow()
    message_findings = tables["message_findings"].select("message_id", "rule", "retourcode").to_pyarrow()
    return messages, lines, message_findings
