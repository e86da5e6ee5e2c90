"""Where zorgpad implements every iJw 3.2 rule of validation levels 2-4, or why it does not apply.

The rule export (`zorgpad/ijw/data/Regels iStandaarden iJw versie 3.2.csv`, vendored with its source in
`zorgpad/ijw/SOURCE.md`) lists every rule with its control level. Levels 2-4 are the message content
rules the official XSLT checks ("bericht inhoud (xslt)"), the cross-message rules
("berichtoverstijgend") and the rules against an external source ("externe bron"). For each, this
module finds the implementation in the registries (level 2: `zorgpad.ijw.rules`; levels 3-4:
`zorgpad.control.rules`), or takes it from the declared lists below: rules kept as guards on what
zorgpad itself sends, and rules that do not apply to a municipality's system, each with its reason.
`render_markdown` writes the table in docs/ijw-coverage.md (`python -m zorgpad.app.ijw_coverage`).
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from importlib import resources

from zorgpad.control.engine import builtin_rules
from zorgpad.ijw.rules import all_rules

LEVELS = {
    "bericht inhoud (xslt)": "2",
    "berichtoverstijgend": "3",
    "externe bron": "4",
}

# Rules on what the municipality sends, kept by the code that writes those messages (tested there).
GUARDS: dict[str, str] = {
    "TR332": "guard: `zorgpad answer` numbers new allocations per gemeente above every stored number "
    "(`access.answer._Numbers`)",
    "TR337": "by construction: `control.jw325` copies DeclaratieIdentificatie from the JW323's "
    "BerichtIdentificatie",
    "TR371": "by construction: `control.jw325` copies XsdVersieDeclaratie from the JW323's XsdVersie",
    "TR376": "by construction: `control.jw325` copies DeclaratieNummer from the JW323",
    "TR355": "guard: `access.guards.jw319_problems`, checked before `zorgpad answer` writes a JW319 "
    "(tests/access/test_guards.py)",
    "TR359": "guard: `access.guards.jw319_problems` (tests/access/test_guards.py)",
    "TR360": "guard: `access.guards.jw319_problems` (tests/access/test_guards.py)",
    "TR365": "guard: `access.guards.jw319_problems` (tests/access/test_guards.py)",
    "TR379": "guard: `access.guards.jw301_problems`, checked before `zorgpad answer` writes a JW301; an "
    "allocation sent again goes without its ReferentieAanbieder (tests/access/test_guards.py)",
    "TR411": "guard: `access.guards.jw301_problems` (tests/access/test_guards.py)",
    "TR412": "guard: `access.guards.jw301_problems` (tests/access/test_guards.py)",
    "TR375": "guard: `access.guards.jw301_problems` (tests/access/test_guards.py)",
    "TR385": "guard: `access.guards.jw301_problems`; `zorgpad answer` never removes an allocation "
    "(tests/access/test_guards.py)",
    "TR366": "by construction: `control.jw325` returns only prestaties of the answered JW323",
    "TR367": "by construction: `control.jw325` copies the values of each returned prestatie from the JW323",
}

# Rules that do not apply to what a municipality's system receives or sends, with the reason.
NOT_APPLICABLE: dict[str, str] = {}

# Rules that apply but are not implemented yet (issue 20); shown as open in the table, with what is
# missing. The coverage test keeps this list honest: a rule implemented since must leave it.
OPEN: dict[str, str] = {}


@dataclass(frozen=True)
class CoverageRow:
    code: str
    kind: str
    level: str
    retourcode: str
    title: str
    where: str
    status: str  # "geïmplementeerd", "bewaking", "niet van toepassing", "open"


def export_rules() -> list[dict[str, str]]:
    """The rows of the vendored rule export with a control level of 2, 3 or 4."""
    source = resources.files("zorgpad.ijw") / "data" / "Regels iStandaarden iJw versie 3.2.csv"
    text = source.read_text(encoding="utf-8-sig")
    return [row for row in csv.DictReader(io.StringIO(text)) if row["Controleniveau"] in LEVELS]


def _implementations() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    level2: dict[str, set[str]] = {}
    for rule in all_rules():
        level2.setdefault(rule.code, set()).update(rule.messages)
    for code, messages in level2.items():
        found.setdefault(code, []).append(f"level 2: `zorgpad.ijw.rules` ({', '.join(sorted(messages))})")
    for control in builtin_rules():
        module = control.function.__module__.removeprefix("zorgpad.")
        found.setdefault(control.code, []).append(
            f"level 3-4: `{module}` (object {control.object}, retourcode {control.retourcode or '-'})"
        )
    return found


def coverage() -> list[CoverageRow]:
    """One row per rule of levels 2-4, in the export's order of codes."""
    implemented = _implementations()
    rows = []
    for rule in export_rules():
        code = rule["Regelcode"]
        where = list(implemented.get(code, []))
        if code in GUARDS:
            where.append(GUARDS[code])
        if where:
            status = "geïmplementeerd" if code in implemented else "bewaking"
        elif code in NOT_APPLICABLE:
            where, status = [NOT_APPLICABLE[code]], "niet van toepassing"
        elif code in OPEN:
            where, status = [OPEN[code]], "open"
        else:
            where, status = [], ""
        rows.append(
            CoverageRow(
                code=code,
                kind=rule["Type"],
                level=LEVELS[rule["Controleniveau"]],
                retourcode=rule["Retourcode"],
                title=rule["Titel"].removeprefix(f"{code}: ").strip(),
                where="; ".join(where),
                status=status,
            )
        )
    return sorted(rows, key=lambda row: (row.level, row.code))


def render_markdown(rows: list[CoverageRow]) -> str:
    """The coverage table as the Markdown page docs/ijw-coverage.md."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    lines = [
        "# iJw 3.2 rules of levels 2-4 in zorgpad",
        "",
        "Generated by `python -m zorgpad.app.ijw_coverage` from the vendored rule export "
        "(`src/zorgpad/ijw/data/Regels iStandaarden iJw versie 3.2.csv`, source in "
        "`src/zorgpad/ijw/SOURCE.md`) and zorgpad's rule registries; `tests/test_ijw_coverage.py` fails "
        "when a rule is neither implemented nor explained, or when this page is out of date.",
        "",
        "Level 2 is the message content the official XSLT checks, level 3 the cross-message rules, "
        "level 4 the rules against an external source.",
        "",
        "Totals: " + ", ".join(f"{status or 'zonder uitleg'} {n}" for status, n in sorted(counts.items())),
        "",
        "| code | level | retourcode | rule (export title) | status | where / why |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        title = row.title.replace("|", "/").replace("\n", " ")
        where = row.where.replace("|", "/")
        cells = (row.code, row.level, row.retourcode or "-", title, row.status, where)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.write(render_markdown(coverage()))


if __name__ == "__main__":
    main()
