"""The rule registry: every control rule declared once, as data plus a small pure function.

Built-in rules register with `@control_rule(...)` exactly as a region registers its own (pandera,
datasette): the engine only knows the registry. A rule function receives the `RuleInput` (the store's
tables and the derived context) and returns an Ibis table with one row per object it judged: the object
keys, the facts it compared (one column per declared fact) and a boolean ``hit`` column (true: the rule
is broken; false: checked and fine; null: not applicable). Rules never write.

A rule on claim lines (object ``prestatie``) may instead return a `LineCheck`: the ``hit`` expression and
the fact expressions over the judged-lines table (`RuleInput.lines`, or `RuleInput.judged` in phase 2).
The engine then evaluates every such rule in one pass over the lines, which is what keeps a full check
within a few times a bare join; the result is the same as the table form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.control.context import RuleInput

Severity = Literal["afkeur", "signaal"]
# Which object a rule judges; decides the key columns and where a finding lands in a JW325.
# "melding": a StartProduct (JW305) or StopProduct (JW307); "verzoek": a product of a JW315 or a JW317;
# "bericht": a received JW305, JW307, JW315 or JW317 as a whole (its header, or with a position one of
# its products).
ObjectKind = Literal["prestatie", "declaratie", "toewijzing", "aanbieder", "verzoek", "melding", "bericht"]
FactKind = Literal["datum", "euro", "getal", "tekst"]
# Rules in phase 2 may read the phase-1 verdicts (e.g. "the earlier debet was not rejected").
Phase = Literal[1, 2]


@dataclass(frozen=True)
class LineCheck:
    """A prestatie rule as expressions over the judged-lines table: the verdict and the facts it compared."""

    hit: ir.BooleanValue
    facts: Mapping[str, ir.Value] = field(default_factory=dict)


RuleFunction = Callable[["RuleInput"], "ir.Table | LineCheck"]
# Which lines a phase-2 rule must look at, as a condition over the lines and their phase-1 features.
# The engine judges the union of the candidates of the run's phase-2 rules; a rule that declares none
# is given every line, so a region's own phase-2 rule never misses one.
CandidateFunction = Callable[["ir.Table"], "ir.BooleanValue"]


@dataclass(frozen=True)
class Fact:
    """One fact a rule compares: its column name, how to show it, and its Dutch label."""

    name: str
    kind: FactKind
    label_nl: str


@dataclass(frozen=True)
class Rule:
    """A control rule: what it checks, its basis, its verdict codes and its Dutch texts."""

    code: str
    retourcode: str | None
    severity: Severity
    title_nl: str
    basis: str
    explain_nl: str
    comparison_nl: str
    facts: tuple[Fact, ...]
    object: ObjectKind
    function: RuleFunction
    phase: Phase = 1
    needs_policy: bool = False
    needs: tuple[str, ...] = ()
    candidates: CandidateFunction | None = None

    @property
    def rejects(self) -> bool:
        """True when a finding of this rule rejects the object in an answer message."""
        return self.severity == "afkeur" and self.retourcode is not None

    def configured(self, *, severity: Severity | None = None, retourcode: str | None = None) -> Rule:
        """A copy with a region's own severity or retourcode (the rule itself stays as published)."""
        return replace(
            self,
            severity=severity or self.severity,
            retourcode=retourcode if retourcode is not None else self.retourcode,
        )


class RuleSet:
    """An ordered collection of rules with unique codes."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> None:
        if rule.code in self._rules:
            raise ValueError(f"rule {rule.code} registered twice")
        _check_template(rule)
        self._rules[rule.code] = rule

    def replace(self, rule: Rule) -> None:
        self._rules[rule.code] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def get(self, code: str) -> Rule:
        return self._rules[code]

    def copy(self) -> RuleSet:
        other = RuleSet()
        other._rules = dict(self._rules)
        return other


REGISTRY = RuleSet()


def control_rule(
    *,
    code: str,
    retourcode: str | None,
    severity: Severity,
    title_nl: str,
    basis: str,
    explain_nl: str,
    comparison_nl: str,
    facts: tuple[Fact, ...],
    object: ObjectKind = "prestatie",
    phase: Phase = 1,
    needs_policy: bool = False,
    needs: tuple[str, ...] = (),
    candidates: CandidateFunction | None = None,
    registry: RuleSet | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function with its declaration (into REGISTRY unless another set is given)."""

    def decorate(function: RuleFunction) -> RuleFunction:
        (registry if registry is not None else REGISTRY).add(
            Rule(
                code=code,
                retourcode=retourcode,
                severity=severity,
                title_nl=title_nl,
                basis=basis,
                explain_nl=explain_nl,
                comparison_nl=comparison_nl,
                facts=facts,
                object=object,
                function=function,
                phase=phase,
                needs_policy=needs_policy,
                needs=needs,
                candidates=candidates,
            )
        )
        return function

    return decorate


def _check_template(rule: Rule) -> None:
    # A template may only name declared facts: a typo must fail at registration, not in a report.
    from zorgpad.control.rules._common import KEY_COLUMNS
    from zorgpad.control.template import placeholders

    declared = {fact.name for fact in rule.facts}
    clashing = declared & {*KEY_COLUMNS, "hit"}
    if clashing:
        raise ValueError(f"rule {rule.code}: facts may not be named like key columns {sorted(clashing)}")
    unknown = placeholders(rule.explain_nl) - declared
    if unknown:
        raise ValueError(f"rule {rule.code}: template names undeclared facts {sorted(unknown)}")
