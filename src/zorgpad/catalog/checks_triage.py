"""Cross-checks on the triage tree: every question, branch and outcome must be sound and reachable.

The tree is walked from `start` carrying, per question, the answers still possible on that path. A
branch whose condition cannot hold on any path that reaches it is unreachable; answers no branch takes
are a gap; two branches that can both hold overlap. Outcomes must name products that exist and fit
their domain and complexity, with durations within the products' limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from zorgpad.catalog.checks import Problem
from zorgpad.catalog.model import CatalogFile
from zorgpad.catalog.triage_model import YES_NO, TriageCondition, TriageQuestion, TriageTree
from zorgpad.catalog.yamlsource import Loc

RANK = {"laag": 0, "midden": 1, "hoog": 2}
Answers = frozenset[str | int]
_BASE: Loc = ("triage",)


def answer_space(question: TriageQuestion, domains: tuple[str, ...]) -> Answers:
    """Every answer a question allows (empty when the question itself is malformed)."""
    if question.kind == "domein":
        return frozenset(domains)
    if question.kind == "ja_nee":
        return frozenset(YES_NO)
    if question.kind == "keuze":
        return frozenset(question.choices)
    if question.min is None or question.max is None or question.min > question.max:
        return frozenset()
    return frozenset(range(question.min, question.max + 1))


def condition_set(question: TriageQuestion, when: TriageCondition, space: Answers) -> Answers:
    """The answers (within `space`) for which the condition holds."""
    if question.kind == "getal":
        low = question.min if when.min is None else when.min
        high = question.max if when.max is None else when.max
        return frozenset(a for a in space if isinstance(a, int) and low <= a <= high)  # type: ignore[operator]
    return frozenset(when.values) & space


@dataclass
class _Walk:
    tree: TriageTree
    spaces: dict[str, Answers]
    node_index: dict[str, int]
    outcome_index: dict[str, int]
    reached_nodes: set[str] = field(default_factory=set)
    reached_outcomes: set[str] = field(default_factory=set)
    live_branches: set[tuple[int, int]] = field(default_factory=set)
    gaps: dict[int, set[str | int]] = field(default_factory=dict)
    cycles: set[int] = field(default_factory=set)
    domain_clash: set[tuple[int, str]] = field(default_factory=set)

    def visit(self, node_id: str, allowed: dict[str, Answers], stack: tuple[str, ...]) -> None:
        i = self.node_index[node_id]
        if node_id in stack:
            self.cycles.add(i)
            return
        self.reached_nodes.add(node_id)
        node = self.tree.nodes[i]
        questions = {q.id: q for q in self.tree.questions}
        question = questions.get(node.question)
        if question is None:
            return
        here = allowed.get(question.id, self.spaces[question.id])
        taken: set[str | int] = set()
        for j, branch in enumerate(node.branches):
            holds = condition_set(question, branch.when, here)
            taken |= holds
            if not holds:
                continue
            self.live_branches.add((i, j))
            narrowed = {**allowed, question.id: holds}
            if branch.next is not None and branch.next in self.node_index:
                self.visit(branch.next, narrowed, (*stack, node_id))
            elif branch.outcome is not None and branch.outcome in self.outcome_index:
                self.reached_outcomes.add(branch.outcome)
                self._check_domain(branch.outcome, narrowed, questions)
        missing = set(here) - taken
        if missing:
            self.gaps.setdefault(i, set()).update(missing)

    def _check_domain(
        self, outcome_id: str, allowed: dict[str, Answers], questions: dict[str, TriageQuestion]
    ) -> None:
        outcome = self.tree.outcomes[self.outcome_index[outcome_id]]
        for qid, answers in allowed.items():
            if questions[qid].kind == "domein" and outcome.domain not in answers:
                self.domain_clash.add((self.outcome_index[outcome_id], qid))


def check_triage(cat: CatalogFile) -> Iterator[Problem]:
    tree = cat.triage
    if tree is None:
        return
    yield from _structure(cat, tree)
    yield from _paths(cat, tree)
    yield from _outcomes(cat, tree)


def _duplicates(ids: list[str], what: str, part: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            yield Problem(
                "CAT-TRIAGE-DUBBEL", f"Triage: {what} '{ident}' komt twee keer voor.", (*_BASE, part, i)
            )
        seen.add(ident)


def _structure(cat: CatalogFile, tree: TriageTree) -> Iterator[Problem]:
    yield from _duplicates([q.id for q in tree.questions], "vraag", "questions")
    yield from _duplicates([n.id for n in tree.nodes], "knoop", "nodes")
    yield from _duplicates([o.id for o in tree.outcomes], "uitkomst", "outcomes")
    domains = tuple(d.code for d in cat.care_need_domains)
    for i, q in enumerate(tree.questions):
        loc: Loc = (*_BASE, "questions", i)
        if q.kind == "keuze" and not q.choices:
            yield Problem("CAT-TRIAGE-VRAAG", f"Triagevraag '{q.id}' is een keuzevraag zonder keuzes.", loc)
        if q.kind != "keuze" and q.choices:
            yield Problem(
                "CAT-TRIAGE-VRAAG", f"Triagevraag '{q.id}': alleen een keuzevraag heeft keuzes.", loc
            )
        if q.kind == "getal" and not answer_space(q, domains):
            yield Problem(
                "CAT-TRIAGE-VRAAG",
                f"Triagevraag '{q.id}' vraagt een getal: geef 'min' en 'max' (min niet groter dan max).",
                loc,
            )
    nodes = {n.id for n in tree.nodes}
    outcomes = {o.id for o in tree.outcomes}
    questions = {q.id: q for q in tree.questions}
    if tree.start not in nodes:
        yield Problem(
            "CAT-TRIAGE-KNOOP", f"Triage: startknoop '{tree.start}' bestaat niet.", (*_BASE, "start")
        )
    for i, node in enumerate(tree.nodes):
        base: Loc = (*_BASE, "nodes", i)
        question = questions.get(node.question)
        if question is None:
            yield Problem(
                "CAT-TRIAGE-VRAAG",
                f"Triageknoop '{node.id}' stelt vraag '{node.question}', maar die vraag bestaat niet.",
                (*base, "question"),
            )
        for j, branch in enumerate(node.branches):
            bloc: Loc = (*base, "branches", j)
            if (branch.next is None) == (branch.outcome is None):
                yield Problem(
                    "CAT-TRIAGE-TAK",
                    f"Triageknoop '{node.id}', tak {j + 1}: geef precies één van 'next' (volgende knoop) "
                    "of 'outcome' (uitkomst).",
                    bloc,
                )
            if branch.next is not None and branch.next not in nodes:
                yield Problem(
                    "CAT-TRIAGE-KNOOP",
                    f"Triageknoop '{node.id}' verwijst naar knoop '{branch.next}', die niet bestaat.",
                    (*bloc, "next"),
                )
            if branch.outcome is not None and branch.outcome not in outcomes:
                yield Problem(
                    "CAT-TRIAGE-UITKOMST",
                    f"Triageknoop '{node.id}' verwijst naar uitkomst '{branch.outcome}', die niet bestaat.",
                    (*bloc, "outcome"),
                )
            if question is not None:
                yield from _condition(question, branch.when, answer_space(question, domains), node.id, bloc)
        if question is not None:
            yield from _overlaps(question, node.id, [b.when for b in node.branches], domains, base)


def _condition(
    question: TriageQuestion, when: TriageCondition, space: Answers, node: str, loc: Loc
) -> Iterator[Problem]:
    where = (*loc, "when")
    if question.kind == "getal":
        if when.values or (when.min is None and when.max is None):
            yield Problem(
                "CAT-TRIAGE-VOORWAARDE",
                f"Triageknoop '{node}': vraag '{question.id}' vraagt een getal; gebruik 'min' en/of 'max'.",
                where,
            )
        elif when.min is not None and when.max is not None and when.min > when.max:
            yield Problem(
                "CAT-TRIAGE-VOORWAARDE",
                f"Triageknoop '{node}': 'min' ({when.min}) is groter dan 'max' ({when.max}).",
                where,
            )
        return
    if when.min is not None or when.max is not None or not when.values:
        yield Problem(
            "CAT-TRIAGE-VOORWAARDE",
            f"Triageknoop '{node}': vraag '{question.id}' heeft vaste antwoorden; gebruik 'values'.",
            where,
        )
    for k, value in enumerate(when.values):
        if value not in space:
            known = ", ".join(sorted(str(a) for a in space))
            yield Problem(
                "CAT-TRIAGE-VOORWAARDE",
                f"Triageknoop '{node}': '{value}' is geen antwoord op vraag '{question.id}'. "
                f"Mogelijk: {known}.",
                (*where, "values", k),
            )


def _overlaps(
    question: TriageQuestion, node: str, conditions: list[TriageCondition], domains: tuple[str, ...], loc: Loc
) -> Iterator[Problem]:
    space = answer_space(question, domains)
    sets = [condition_set(question, c, space) for c in conditions]
    for j, current in enumerate(sets):
        for k in range(j):
            common = current & sets[k]
            if common:
                shown = ", ".join(str(a) for a in sorted(common, key=str)[:5])
                yield Problem(
                    "CAT-TRIAGE-OVERLAP",
                    f"Triageknoop '{node}': tak {j + 1} en tak {k + 1} gelden allebei bij antwoord {shown}; "
                    "de criteria moeten elkaar uitsluiten.",
                    (*loc, "branches", j, "when"),
                )
                break


def _paths(cat: CatalogFile, tree: TriageTree) -> Iterator[Problem]:
    domains = tuple(d.code for d in cat.care_need_domains)
    walk = _Walk(
        tree,
        {q.id: answer_space(q, domains) for q in tree.questions},
        {n.id: i for i, n in enumerate(tree.nodes)},
        {o.id: i for i, o in enumerate(tree.outcomes)},
    )
    if tree.start not in walk.node_index:
        return
    walk.visit(tree.start, {}, ())
    for i in sorted(walk.cycles):
        yield Problem(
            "CAT-TRIAGE-CYCLUS",
            f"Triageknoop '{tree.nodes[i].id}' komt (via via) weer bij zichzelf uit: een beslisboom heeft "
            "geen kringen.",
            (*_BASE, "nodes", i),
        )
    for i, node in enumerate(tree.nodes):
        if node.id not in walk.reached_nodes:
            yield Problem(
                "CAT-TRIAGE-ONBEREIKBAAR",
                f"Triageknoop '{node.id}' is vanaf de start '{tree.start}' niet te bereiken.",
                (*_BASE, "nodes", i),
            )
            continue
        for j, _branch in enumerate(node.branches):
            if (i, j) not in walk.live_branches:
                yield Problem(
                    "CAT-TRIAGE-ONBEREIKBAAR",
                    f"Triageknoop '{node.id}', tak {j + 1}: deze voorwaarde kan op geen enkel pad gelden "
                    "(eerdere antwoorden sluiten haar uit).",
                    (*_BASE, "nodes", i, "branches", j, "when"),
                )
        if i in walk.gaps:
            shown = ", ".join(str(a) for a in sorted(walk.gaps[i], key=str)[:8])
            yield Problem(
                "CAT-TRIAGE-GAT",
                f"Triageknoop '{node.id}': geen tak voor antwoord {shown}; elk mogelijk antwoord moet ergens "
                "heen leiden.",
                (*_BASE, "nodes", i, "branches"),
            )
    for i, outcome in enumerate(tree.outcomes):
        if outcome.id not in walk.reached_outcomes:
            yield Problem(
                "CAT-TRIAGE-ONBEREIKBAAR",
                f"Triage-uitkomst '{outcome.id}' wordt door geen enkele tak bereikt.",
                (*_BASE, "outcomes", i),
            )
    for i, qid in sorted(walk.domain_clash):
        yield Problem(
            "CAT-TRIAGE-PASSEND",
            f"Triage-uitkomst '{tree.outcomes[i].id}' is voor domein '{tree.outcomes[i].domain}', maar het "
            f"pad ernaartoe beantwoordt vraag '{qid}' met een ander domein.",
            (*_BASE, "outcomes", i, "domain"),
        )


def _outcomes(cat: CatalogFile, tree: TriageTree) -> Iterator[Problem]:
    products = {p.code: p for p in cat.products}
    domains = {d.code for d in cat.care_need_domains}
    for i, outcome in enumerate(tree.outcomes):
        base: Loc = (*_BASE, "outcomes", i)
        if outcome.domain not in domains:
            yield Problem(
                "CAT-TRIAGE-PASSEND",
                f"Triage-uitkomst '{outcome.id}': domein '{outcome.domain}' staat niet onder "
                "care_need_domains.",
                (*base, "domain"),
            )
        if outcome.expected_months > outcome.max_months:
            yield Problem(
                "CAT-TRIAGE-DUUR",
                f"Triage-uitkomst '{outcome.id}': verwachte duur ({outcome.expected_months} mnd) is langer "
                f"dan de maximale duur ({outcome.max_months} mnd).",
                (*base, "expected_months"),
            )
        for j, code in enumerate(outcome.products):
            product = products.get(code)
            loc: Loc = (*base, "products", j)
            if product is None:
                yield Problem(
                    "CAT-TRIAGE-PRODUCT",
                    f"Triage-uitkomst '{outcome.id}' adviseert product {code}, maar dat staat niet in de "
                    "catalogus.",
                    loc,
                )
                continue
            if outcome.domain not in product.care_need_domains or product.complexity != outcome.complexity:
                yield Problem(
                    "CAT-TRIAGE-PASSEND",
                    f"Triage-uitkomst '{outcome.id}' ({outcome.domain}, {outcome.complexity}) adviseert "
                    f"{code}, maar dat product is voor {', '.join(product.care_need_domains)} en "
                    f"complexiteit {product.complexity}.",
                    loc,
                )
            limit = product.max_duration_months
            if limit is not None and outcome.max_months > limit:
                yield Problem(
                    "CAT-TRIAGE-DUUR",
                    f"Triage-uitkomst '{outcome.id}': maximale duur {outcome.max_months} mnd is langer dan "
                    f"de maximale duur van {code} ({limit} mnd).",
                    (*base, "max_months"),
                )
        for j, code in enumerate(outcome.lighter_alternatives):
            product = products.get(code)
            loc = (*base, "lighter_alternatives", j)
            if product is None:
                yield Problem(
                    "CAT-TRIAGE-PRODUCT",
                    f"Triage-uitkomst '{outcome.id}': lichter alternatief {code} staat niet in de catalogus.",
                    loc,
                )
            elif RANK[product.complexity] > RANK[outcome.complexity]:
                yield Problem(
                    "CAT-TRIAGE-PASSEND",
                    f"Triage-uitkomst '{outcome.id}' ({outcome.complexity}): alternatief {code} is zwaarder "
                    f"({product.complexity}), niet lichter.",
                    loc,
                )
