"""Every path through a triage tree, with one example answer per step.

Used for the access-team documentation (each outcome with the criteria that lead to it) and by the
tests that prove every branch is reachable and reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgpad.catalog.checks_triage import Answers, answer_space, condition_set
from zorgpad.catalog.lookup import Catalog
from zorgpad.triage.engine import Answer, describe_condition, tree_of


@dataclass(frozen=True)
class TreePath:
    """One root-to-outcome path: (node, branch index) per step, the criteria, and example answers."""

    steps: tuple[tuple[str, int], ...]
    criteria: tuple[str, ...]
    answers: tuple[tuple[str, Answer], ...]
    outcome: str


def all_paths(catalog: Catalog) -> list[TreePath]:
    tree = tree_of(catalog)
    domains = tuple(d.code for d in catalog.data.care_need_domains)
    questions = {q.id: q for q in tree.questions}
    nodes = {n.id: n for n in tree.nodes}
    found: list[TreePath] = []

    def walk(node_id: str, allowed: dict[str, Answers], prefix: TreePath) -> None:
        node = nodes[node_id]
        question = questions[node.question]
        here = allowed.get(question.id, answer_space(question, domains))
        for j, branch in enumerate(node.branches):
            holds = condition_set(question, branch.when, here)
            if not holds:
                continue
            example = min(holds, key=lambda a: (str(type(a)), a))
            text = f"{question.text} — {describe_condition(question, branch.when)}"
            step = TreePath(
                (*prefix.steps, (node_id, j)),
                (*prefix.criteria, text),
                (*prefix.answers, (question.id, example)),
                branch.outcome or "",
            )
            if branch.outcome is not None:
                found.append(step)
            elif branch.next is not None:
                walk(branch.next, {**allowed, question.id: holds}, step)

    walk(tree.start, {}, TreePath((), (), (), ""))
    return found
