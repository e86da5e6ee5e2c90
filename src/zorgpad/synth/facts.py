"""The facts about a region that the generator needs, independent of how a catalogue stores them.

`from_catalog.py` fills these from a zorgpad catalogue; tests may build them directly. Everything is
frozen and ordered so that a run never depends on dict or set iteration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

COMPLEXITY = {"laag": 1, "midden": 2, "hoog": 3}
OUTPUT_UNIT = "82"  # WJ756 stuks (output): one result per period (Frequentie 4) or per allocation (6)


@dataclass(frozen=True)
class ProductFacts:
    """One product as the generator uses it (only products declared per unit via iJw)."""

    code: str
    category: str
    name: str
    unit: str  # WJ756
    frequency: str  # WMO757 used in allocations: "4" per month, or "6" total within the allocation
    with_stay: bool
    domains: tuple[str, ...]
    complexity: int  # 1 laag, 2 midden, 3 hoog
    max_allocation_months: int  # min(max duration, referral policy's max allocation length)
    max_volume: tuple[int, str] | None  # (amount, per: week|maand|jaar|toewijzing)
    lighter_alternatives: tuple[str, ...]
    prior_provision: str | None  # law that pays first (Zvw, onderwijs, ...), None when none
    individual_sessions: bool  # individual care in hours: delivery records in sessies/<agb>.csv
    allowed_referrers: tuple[str, ...]
    referral_term_days: int
    weekly: bool = False  # the catalogue allows Frequentie 2 (per week) for this product
    renewable: bool = True  # False: one allocation only, never extended (crisis: a crisis ends)

    def fits(self, domain: str, complexity: int) -> bool:
        return domain in self.domains and self.complexity == complexity


@dataclass(frozen=True)
class ContractFacts:
    """Provider `agb` may deliver `code` in `municipality`; contract tariff (cents) per month 1-12."""

    agb: str
    code: str
    municipality: str
    monthly_tariffs: tuple[int, ...]


@dataclass(frozen=True)
class ProviderFacts:
    agb: str
    name: str
    must_deliver_lighter: bool


@dataclass(frozen=True)
class MunicipalityFacts:
    """A member municipality: CBS code, name, inhabitants (approximate, with source) and use rate."""

    code: str
    name: str
    inhabitants: int
    prevalence: float | None  # known share of youth with care; None: drawn per seed
    source: str


@dataclass(frozen=True)
class RegionFacts:
    """Everything the generator needs from the catalogue, in a stable order."""

    name: str
    version: str
    municipalities: tuple[MunicipalityFacts, ...]
    products: tuple[ProductFacts, ...]
    providers: tuple[ProviderFacts, ...]
    contracts: tuple[ContractFacts, ...]
    notes: tuple[str, ...] = field(default=())

    @cached_property
    def _products(self) -> dict[str, ProductFacts]:
        return {p.code: p for p in self.products}

    @cached_property
    def _tariffs(self) -> dict[tuple[str, str, str], tuple[int, ...]]:
        return {(c.agb, c.code, c.municipality): c.monthly_tariffs for c in self.contracts}

    @cached_property
    def _providers_for(self) -> dict[tuple[str, str], tuple[str, ...]]:
        found: dict[tuple[str, str], set[str]] = {}
        for c in self.contracts:
            found.setdefault((c.code, c.municipality), set()).add(c.agb)
        return {key: tuple(sorted(agbs)) for key, agbs in found.items()}

    @cached_property
    def _products_in(self) -> dict[str, tuple[ProductFacts, ...]]:
        codes: dict[str, set[str]] = {}
        for c in self.contracts:
            codes.setdefault(c.municipality, set()).add(c.code)
        return {m: tuple(p for p in self.products if p.code in found) for m, found in codes.items()}

    @cached_property
    def _lighter_codes(self) -> dict[str, tuple[str, ...]]:
        result = {}
        for agb in {c.agb for c in self.contracts}:
            own = {c.code for c in self.contracts if c.agb == agb}
            lighter = {alt for code in own for alt in self.product(code).lighter_alternatives}
            result[agb] = tuple(sorted(own & lighter))
        return result

    def product(self, code: str) -> ProductFacts:
        return self._products[code]

    def has_product(self, code: str) -> bool:
        return code in self._products

    def tariff(self, agb: str, code: str, municipality: str, month: int) -> int:
        return self._tariffs[(agb, code, municipality)][month - 1]

    def tariffs(self, agb: str, code: str, municipality: str) -> tuple[int, ...]:
        """The contract tariff (cents) for months 1-12."""
        return self._tariffs[(agb, code, municipality)]

    def is_contracted(self, agb: str, code: str, municipality: str) -> bool:
        return (agb, code, municipality) in self._tariffs

    def providers_for(self, code: str, municipality: str) -> tuple[str, ...]:
        return self._providers_for.get((code, municipality), ())

    def products_in(self, municipality: str) -> tuple[ProductFacts, ...]:
        return self._products_in.get(municipality, ())

    def lighter_codes_of(self, agb: str) -> tuple[str, ...]:
        """This provider's contracted products that are a lighter alternative of another of its products."""
        return self._lighter_codes.get(agb, ())
