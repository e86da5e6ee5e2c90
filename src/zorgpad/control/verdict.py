"""From findings to verdicts: which claim lines and declarations are rejected, and with which codes.

A line is rejected when it has at least one finding of an `afkeur` rule with a retourcode; a
declaration-level rejection (TR333, TR318) rejects the whole declaration (nothing granted, IV087).
Signalen never change a verdict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyarrow as pa

from zorgpad.control.registry import RuleSet


@dataclass
class Verdicts:
    """Rejection codes per claim line and per declaration, read from the findings table."""

    line_codes: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    declaration_codes: dict[str, list[str]] = field(default_factory=dict)

    def codes_for(self, message_id: str, position: int) -> list[str]:
        return self.line_codes.get((message_id, position), [])


def verdicts(findings: pa.Table, rules: RuleSet) -> Verdicts:
    rejecting = {rule.code for rule in rules if rule.rejects}
    lines: dict[tuple[str, int], set[str]] = defaultdict(set)
    declarations: dict[str, set[str]] = defaultdict(set)
    columns = findings.select(["rule", "retourcode", "object", "message_id", "position"]).to_pydict()
    for rule, code, kind, message_id, position in zip(
        columns["rule"],
        columns["retourcode"],
        columns["object"],
        columns["message_id"],
        columns["position"],
        strict=True,
    ):
        if rule not in rejecting or code is None:
            continue
        if kind == "prestatie":
            lines[(message_id, position)].add(code)
        elif kind == "declaratie":
            declarations[message_id].add(code)
    return Verdicts(
        {key: sorted(codes) for key, codes in lines.items()},
        {key: sorted(codes) for key, codes in declarations.items()},
    )
