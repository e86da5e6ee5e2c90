"""The triage decision tree (matched care) as part of the catalogue format, optional field `triage`.

A tree asks measurable questions (a care-need domain, a yes/no fact, a count within a range) and follows
the branch whose condition holds, until it reaches an outcome: the care-need domain, the complexity
(laag/midden/hoog), the recommended products, the expected and maximum duration and the lighter
alternatives. The path that leads to an outcome *is* the definition of that complexity level: every
condition on it is explicit and measurable. The cross-checks (unknown products, overlapping or missing
answers, unreachable branches, cycles, durations) live in `checks_triage.py`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

QuestionKind = Literal["domein", "ja_nee", "keuze", "getal"]
TriageComplexity = Literal["laag", "midden", "hoog"]
YES_NO = ("ja", "nee")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# Singular forms of units the bundled trees count in (a tree may set `unit_one` for its own).
_SINGULAR = {"leefgebieden": "leefgebied", "trajecten": "traject", "maanden": "maand", "jaren": "jaar"}


class TriageQuestion(_Frozen):
    """One question the access team answers. `domein` answers are the catalogue's care-need domains."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str
    kind: QuestionKind
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    unit: str = ""
    # The unit for exactly one ("leefgebied" beside "leefgebieden"); left out, a few known units are
    # made singular and others are used as given.
    unit_one: str = ""
    help: str = ""

    def unit_for(self, count: int) -> str:
        """The unit in the form a count takes: 1 leefgebied, 2 leefgebieden."""
        if count != 1 or not self.unit:
            return self.unit
        return self.unit_one or _SINGULAR.get(self.unit, self.unit)


class TriageCondition(_Frozen):
    """When a branch applies: one of `values` (domein, ja_nee, keuze) or `min`..`max` inclusive (getal)."""

    values: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None


class TriageBranch(_Frozen):
    """A condition on the node's question, why it matters, and where it leads (`next` or `outcome`)."""

    when: TriageCondition
    why: str
    next: str | None = None
    outcome: str | None = None


class TriageNode(_Frozen):
    id: str
    question: str
    branches: tuple[TriageBranch, ...] = Field(min_length=1)


class TriageOutcome(_Frozen):
    """An advice: recommended products for a domain and complexity, durations and lighter alternatives."""

    id: str
    domain: str
    complexity: TriageComplexity
    products: tuple[str, ...] = Field(min_length=1)
    expected_months: int = Field(gt=0)
    max_months: int = Field(gt=0)
    lighter_alternatives: tuple[str, ...] = ()
    advice: str = ""


class TriageTree(_Frozen):
    """The region's triage tree: questions, nodes from `start`, and the outcomes they lead to."""

    source: str
    start: str
    questions: tuple[TriageQuestion, ...] = Field(min_length=1)
    nodes: tuple[TriageNode, ...] = Field(min_length=1)
    outcomes: tuple[TriageOutcome, ...] = Field(min_length=1)
