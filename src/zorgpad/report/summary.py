"""The short Dutch summary `zorgpad demo` prints: volumes, costs, findings per knelpunt, top rejections."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from zorgpad.insights.registry import InsightContext, compute_indicator
from zorgpad.report.dutch import euro, number
from zorgpad.store.database import run

_KNELPUNT = re.compile(r"knelpunt (\d+)")
IJW_GROUP = "iJw-regels: declaratie past niet bij toewijzing of bericht"
POLICY_GROUP = "regionaal beleid: verwijzing en contract"


@dataclass(frozen=True)
class Summary:
    messages: dict[str, int]
    clients: int
    claim_lines: int
    declared: int
    findings_by_group: dict[str, tuple[int, int]]  # group -> (afkeur findings, signaal findings)
    top_rejected: list[tuple[str, str, int, int]]  # code, title, findings, rejected eurocent
    rejected_total: int


def _group_of(code: str, basis: str) -> str:
    if code.startswith(("TR", "OP")):
        return IJW_GROUP
    found = _KNELPUNT.search(basis)
    return f"knelpunt {found.group(1)}" if found else POLICY_GROUP


def _order(group: str) -> tuple[int, int, str]:
    # Knelpunten by number first, then the iJw and policy groups.
    found = re.fullmatch(r"knelpunt (\d+)", group)
    return (0, int(found.group(1)), group) if found else (1, 0, group)


def summarise(ctx: InsightContext) -> Summary:
    from zorgpad.control.engine import builtin_rules

    con = ctx.store.connection
    by_type = "SELECT coalesce(message_type, 'onleesbaar'), count(*) FROM messages GROUP BY 1 ORDER BY 1"
    messages = {str(kind): int(n) for kind, n in run(con, by_type)}
    clients, lines, declared = run(
        con, "SELECT count(DISTINCT client_key), count(*), coalesce(sum(signed_bedrag), 0) FROM claim_lines"
    )[0]
    bases = {rule.code: rule.basis for rule in builtin_rules()}
    rows = compute_indicator(ctx, "afgewezen-per-regel").to_pylist()
    groups: dict[str, Counter[str]] = {}
    for row in rows:
        group = _group_of(row["regel"], bases.get(row["regel"], ""))
        groups.setdefault(group, Counter())[row["ernst"]] += row["bevindingen"]
    rejected = sorted(
        (r for r in rows if r["afgewezen_bedrag"] > 0), key=lambda r: r["afgewezen_bedrag"], reverse=True
    )
    return Summary(
        messages=messages,
        clients=int(clients),
        claim_lines=int(lines),
        declared=int(declared),
        findings_by_group={
            g: (groups[g]["afkeur"], groups[g]["signaal"]) for g in sorted(groups, key=_order)
        },
        top_rejected=[
            (r["regel"], r["omschrijving"], r["bevindingen"], r["afgewezen_bedrag"]) for r in rejected[:5]
        ],
        rejected_total=sum(r["afgewezen_bedrag"] for r in rows),
    )


def lines_nl(summary: Summary) -> list[str]:
    """The summary as plain Dutch lines (the CLI adds colour and the paths)."""
    total = sum(summary.messages.values())
    kinds = ", ".join(f"{kind} {number(n)}" for kind, n in summary.messages.items())
    out = [
        f"Berichten: {number(total)} ({kinds}).",
        f"Cliënten met declaraties: {number(summary.clients)}; prestaties: {number(summary.claim_lines)}; "
        f"gedeclareerd: {euro(summary.declared)}.",
        f"Afgewezen bij controle: {euro(summary.rejected_total)}.",
        "Bevindingen per knelpunt (afkeur / signaal):",
    ]
    out += [f"  {group}: {number(a)} / {number(s)}" for group, (a, s) in summary.findings_by_group.items()]
    out.append("Meest afgewezen regels:")
    out += [
        f"  {code} {title}: {number(n)} bevindingen, {euro(amount)}"
        for code, title, n, amount in summary.top_rejected
    ]
    return out
