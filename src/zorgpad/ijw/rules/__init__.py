"""Level-2 rules of iJw 3.2: every TR, CD and CS rule the standard checks inside one message.

A rule is data plus a small pure function over the parsed message (`RuleContext`). Rules register
themselves with `@level2_rule(...)` in the modules of this package; `run_level2` runs every rule that
applies to the message type and returns all findings, in document order. Each rule must run in time
linear in the size of the message.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar, cast

from lxml import etree

from zorgpad.ijw.findings import Finding
from zorgpad.ijw.messages import NS_BASIS
from zorgpad.ijw.reader import Document
from zorgpad.ijw.rules.locate import Locator

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class RuleContext:
    """What a rule sees: the parsed message, namespace helpers and the passes the rules share.

    `schema_valid` says that the message passed its XSD, so that a shared pass may rely on the
    element order the schema prescribes; without it the passes read by element name only.
    """

    document: Document
    schema_valid: bool = False
    _shared: dict[Callable[[RuleContext], object], object] = field(
        default_factory=dict, init=False, repr=False
    )

    def shared(self, build: Callable[[RuleContext], T]) -> T:
        """`build(self)`, computed once per context: one pass over the message that several rules read."""
        try:
            return cast(T, self._shared[build])
        except KeyError:
            value = build(self)
            self._shared[build] = value
            return value

    @property
    def locator(self) -> Locator:
        """The locator every rule of this run shares (elements are numbered on first failure)."""
        return self.shared(_new_locator)

    @property
    def root(self) -> etree._Element:
        return self.document.root

    @property
    def ns(self) -> dict[str, str]:
        """Prefixes for iterfind/xpath: ``m`` is the message namespace, ``ijw`` the base schema."""
        return {"m": self.document.message_type.namespace, "ijw": NS_BASIS}

    def xpath_of(self, element: etree._Element) -> str:
        """A readable location such as ``/Bericht/Client/Prestaties/Prestatie[2]`` (no prefixes)."""
        return self.locator.xpath(element)


def _new_locator(context: RuleContext) -> Locator:
    return Locator()


Check = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class Level2Rule:
    """One level-2 rule: its code, retourcode, the message types it applies to, a Dutch title."""

    code: str
    retourcode: str
    messages: frozenset[str]
    title_nl: str
    check: Check


_REGISTRY: dict[tuple[str, str], Level2Rule] = {}


def level2_rule(
    code: str, messages: Iterable[str], title_nl: str, retourcode: str = "0001"
) -> Callable[[Check], Check]:
    """Register a check function as (part of) rule `code` for the given message types.

    The same code may be registered more than once for different message types (e.g. TR101).
    """

    def decorate(check: Check) -> Check:
        for message in messages:
            key = (code, message)
            if key in _REGISTRY:
                raise ValueError(f"rule {code} registered twice for {message}")
            _REGISTRY[key] = Level2Rule(code, retourcode, frozenset({message}), title_nl, check)
        _rules_for.cache_clear()  # a rule registered later (a region's own) is run from now on
        return check

    return decorate


@cache
def _load_rule_modules() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def all_rules() -> tuple[Level2Rule, ...]:
    """Every registered level-2 rule, one entry per (code, message type)."""
    _load_rule_modules()
    return tuple(_REGISTRY[key] for key in sorted(_REGISTRY))


def rules_for(message_code: str) -> Iterator[Level2Rule]:
    yield from _rules_for(message_code)


@cache
def _rules_for(message_code: str) -> tuple[Level2Rule, ...]:
    return tuple(rule for rule in all_rules() if message_code in rule.messages)


def run_level2(document: Document, *, schema_valid: bool = False) -> tuple[Finding, ...]:
    """All level-2 findings for one message, ordered by location.

    The rules are meant for a message that passed its XSD (IV028); pass ``schema_valid=True`` when
    it did, so that the shared passes can read elements by their schema position.
    """
    context = RuleContext(document, schema_valid)
    findings: list[Finding] = []
    for rule in _rules_for(document.message_type.code):
        findings.extend(rule.check(context))
    return tuple(sorted(set(findings), key=lambda f: (f.xpath, f.rule)))
