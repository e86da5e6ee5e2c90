"""Names for the codes users meet: municipalities (CBS), providers (AGB), products, rules.

One place turns a code into the name people know it by, so the dashboard, the conclusions, the
downloads and the board report all say "Arnhem" and "Ambulante jeugdhulp licht", not "0202" or "45A48".
Without a catalogue only the codes are known; `label` then returns None and callers show the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog

# Columns that hold a code of one kind, as the indicators name them.
GEMEENTE_COLUMNS = ("gemeente",)
AANBIEDER_COLUMNS = ("aanbieder",)
PRODUCT_COLUMNS = ("product_code", "product", "van_product", "naar_product")
RULE_COLUMNS = ("regel",)


@dataclass(frozen=True)
class Names:
    """Code -> name per kind; build it once per catalogue with `Names.of(catalog)`."""

    gemeenten: dict[str, str] = field(default_factory=dict)
    aanbieders: dict[str, str] = field(default_factory=dict)
    producten: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: Catalog | None) -> Names:
        if catalog is None:
            return cls()
        providers: dict[str, str] = {}
        for contract in catalog.contracts:
            providers.setdefault(contract.provider.agb, contract.provider.name)
            for sub in contract.subcontractors:
                providers.setdefault(sub.agb, sub.name)
        return cls(
            {m.cbs_code: m.name for m in catalog.region.municipalities},
            providers,
            {p.code: p.name for p in catalog.products},
        )

    def label(self, column: str, value: object) -> str | None:
        """The name of the code `value` in a well-known column, or None when it is not known."""
        text = str(value)
        if column in GEMEENTE_COLUMNS:
            return self.gemeenten.get(text)
        if column in AANBIEDER_COLUMNS:
            return self.aanbieders.get(text)
        if column in PRODUCT_COLUMNS:
            return self.producten.get(text)
        if column in RULE_COLUMNS:
            from zorgpad.insights.rejections import rule_titles

            return rule_titles().get(text)
        return None

    def name(self, column: str, value: object) -> str:
        """The name, or the code itself when no name is known."""
        return self.label(column, value) or str(value)


# Code-list texts as the rule export spells them (no diaeresis, a closing full stop), as people write them.
_SPELLING = (
    (re.compile(r"\bbeeindigd"), "beëindigd"),
    (re.compile(r"\bBeeindigd"), "Beëindigd"),
    (re.compile(r"\bclient(en)?\b"), r"cliënt\1"),
    (re.compile(r"\bClient(en)?\b"), r"Cliënt\1"),
)


def readable(text: str) -> str:
    """A code-list description fit for a page: `Levering is volgens plan beeindigd.` ->
    `Levering is volgens plan beëindigd`."""
    cleaned = text.strip().rstrip(".").strip()
    for pattern, replacement in _SPELLING:
        cleaned = pattern.sub(replacement, cleaned)
    return cleaned
