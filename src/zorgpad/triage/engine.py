"""The triage engine: from answers to an outcome, keeping every step and the reason it was taken.

Answers are a mapping of question id to value (text, whole number or yes/no). Only the questions on
the path taken are needed; a missing or invalid answer is a Dutch `UserError` that names the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zorgpad.catalog.checks_triage import answer_space, condition_set
from zorgpad.catalog.lookup import Catalog
from zorgpad.catalog.triage_model import (
    TriageBranch,
    TriageCondition,
    TriageOutcome,
    TriageQuestion,
    TriageTree,
)
from zorgpad.errors import UserError

Answer = str | int


@dataclass(frozen=True)
class Step:
    """One question on the path: the answer given and the branch it selected."""

    node: str
    question: TriageQuestion
    answer: Answer
    branch: TriageBranch

    def criterion(self) -> str:
        return describe_condition(self.question, self.branch.when)

    def explain(self) -> str:
        return (
            f"{self.question.text} Antwoord: {self.answer} (criterium: {self.criterion()}). {self.branch.why}"
        )


@dataclass(frozen=True)
class TriageResult:
    steps: tuple[Step, ...]
    outcome: TriageOutcome

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(step.node for step in self.steps)


def tree_of(catalog: Catalog) -> TriageTree:
    tree = catalog.triage
    if tree is None:
        raise UserError(
            "TRIAGE-GEEN-BOOM",
            f"Catalogus {catalog.name} heeft geen triagebeslisboom (veld 'triage'); zie docs/catalog.md.",
        )
    return tree


def describe_condition(question: TriageQuestion, when: TriageCondition) -> str:
    """The condition in plain Dutch: '2 t/m 3 leefgebieden', '4 of meer trajecten', 'ja'."""
    if question.kind != "getal":
        return " of ".join(when.values)
    low = question.min if when.min is None else when.min
    high = question.max if when.max is None else when.max

    def unit(count: int | None) -> str:
        word = question.unit_for(count if count is not None else 2)
        return f" {word}" if word else ""

    if low == high:
        return f"precies {low}{unit(low)}"
    if when.max is None or high == question.max:
        return f"{low} of meer{unit(2)}"
    if when.min is None or low == question.min:
        return f"hooguit {high}{unit(high)}"
    return f"{low} t/m {high}{unit(high)}"


def parse_answer(question: TriageQuestion, raw: object, domains: tuple[str, ...]) -> Answer:
    """Read one answer; a Dutch `UserError` (TRIAGE-ANTWOORD-ONGELDIG) says what is allowed."""
    space = answer_space(question, domains)
    if question.kind == "getal":
        value: Answer | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            value = int(raw.strip())
        if value is None or value not in space:
            raise UserError(
                "TRIAGE-ANTWOORD-ONGELDIG",
                f"Vraag '{question.id}' ({question.text}) vraagt een geheel getal van {question.min} t/m "
                f"{question.max}; gegeven: {raw!r}.",
                question.id,
            )
        return value
    text = {True: "ja", False: "nee"}.get(raw, raw) if isinstance(raw, bool) else raw
    answer = str(text).strip().lower() if text is not None else ""
    if answer not in space:
        allowed = ", ".join(sorted(str(a) for a in space))
        raise UserError(
            "TRIAGE-ANTWOORD-ONGELDIG",
            f"Vraag '{question.id}' ({question.text}): '{raw}' is geen geldig antwoord. Kies uit: {allowed}.",
            question.id,
        )
    return answer


def run_triage(catalog: Catalog, answers: Mapping[str, object]) -> TriageResult:
    """Follow the tree from its start with `answers` until an outcome; every step is kept."""
    tree = tree_of(catalog)
    domains = tuple(d.code for d in catalog.data.care_need_domains)
    questions = {q.id: q for q in tree.questions}
    nodes = {n.id: n for n in tree.nodes}
    outcomes = {o.id: o for o in tree.outcomes}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise UserError(
            "TRIAGE-VRAAG-ONBEKEND",
            f"Onbekende vraag: {', '.join(unknown)}. De vragen zijn: {', '.join(questions)}.",
        )
    steps: list[Step] = []
    node = nodes[tree.start]
    while True:
        question = questions[node.question]
        if question.id not in answers:
            hint = f" {question.help}" if question.help else ""
            raise UserError(
                "TRIAGE-ANTWOORD-ONTBREEKT",
                f"Beantwoord vraag '{question.id}': {question.text}{hint}",
                question.id,
            )
        answer = parse_answer(question, answers[question.id], domains)
        space = answer_space(question, domains)
        # The catalogue checks guarantee exactly one branch holds for every possible answer.
        branch = next(b for b in node.branches if answer in condition_set(question, b.when, space))
        steps.append(Step(node.id, question, answer, branch))
        if branch.outcome is not None:
            return TriageResult(tuple(steps), outcomes[branch.outcome])
        assert branch.next is not None
        node = nodes[branch.next]
