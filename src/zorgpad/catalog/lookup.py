"""`Catalog`: one loaded, validated catalogue version with its lookups.

Date-free facts (a product's rules, its lot, its referral policy) live here; everything that depends on
a date goes through `catalog.on(day)` (see `view.py`). Convenience methods that take a date
(`tariff`, `is_contracted`, `contract_for`) simply delegate to the view.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from zorgpad.catalog.model import (
    CareForm,
    CatalogFile,
    Complexity,
    Contract,
    Lot,
    LotPart,
    Product,
    Purchasing,
    ReferralPolicy,
    Region,
    StaffLevel,
)
from zorgpad.catalog.triage_model import TriageTree
from zorgpad.catalog.view import CatalogView
from zorgpad.errors import UserError


@dataclass(frozen=True)
class Catalog:
    """A validated catalogue version. `name` is how it was addressed (bundled name@version or a path)."""

    data: CatalogFile
    path: Path
    name: str
    content: bytes = field(repr=False, default=b"")

    # --- the file's parts -------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return self.data.version

    @property
    def published(self) -> dt.date:
        return self.data.published

    @property
    def valid_from(self) -> dt.date:
        return self.data.valid_from

    @property
    def region(self) -> Region:
        return self.data.region

    @property
    def products(self) -> tuple[Product, ...]:
        return self.data.products

    @property
    def care_forms(self) -> tuple[CareForm, ...]:
        return self.data.care_forms

    @property
    def staff_levels(self) -> tuple[StaffLevel, ...]:
        return self.data.staff_levels

    @property
    def lots(self) -> tuple[Lot, ...]:
        return self.data.lots

    @property
    def contracts(self) -> tuple[Contract, ...]:
        return self.data.contracts

    @property
    def triage(self) -> TriageTree | None:
        """The region's triage decision tree, when the catalogue has one."""
        return self.data.triage

    @cached_property
    def municipality_codes(self) -> frozenset[str]:
        return frozenset(m.cbs_code for m in self.data.region.municipalities)

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the file as read, for run receipts."""
        return hashlib.sha256(self.content).hexdigest()

    # --- lookups without a date ------------------------------------------------------------------
    @cached_property
    def _products_by_code(self) -> dict[str, Product]:
        return {p.code: p for p in self.data.products}

    @cached_property
    def _lots_by_product(self) -> dict[str, list[tuple[Lot, LotPart]]]:
        found: dict[str, list[tuple[Lot, LotPart]]] = {}
        for lot in self.data.lots:
            for part in lot.parts:
                for code in part.products:
                    found.setdefault(code, []).append((lot, part))
        return found

    def find_product(self, code: str) -> Product | None:
        return self._products_by_code.get(code)

    def product(self, code: str) -> Product:
        """A product by code regardless of date; a Dutch UserError when the code is unknown."""
        product = self.find_product(code)
        if product is None:
            raise UserError("CAT-PRODUCT-ONBEKEND", f"Product {code} staat niet in catalogus {self.name}.")
        return product

    def care_form(self, code: str) -> CareForm:
        for care_form in self.data.care_forms:
            if care_form.code == code:
                return care_form
        raise UserError("CAT-ZORGVORM-ONBEKEND", f"Zorgvorm {code} staat niet in catalogus {self.name}.")

    def lot_for(self, code: str, complexity: Complexity | None = None) -> tuple[Lot, LotPart] | None:
        """The lot (perceel) and the side of the knip a product is bought under, if lots are used.

        A product that straddles the knip (parts split by complexity) is bought on the side of the part
        that covers `complexity`, by default the product's own complexity."""
        places = self._lots_by_product.get(code)
        if not places:
            return None
        if len(places) > 1:
            product = self.find_product(code)
            level = complexity or (product.complexity if product else None)
            return next((p for p in places if level in p[1].complexity), places[0])
        return places[0]

    def purchasing(self, code: str, complexity: Complexity | None = None) -> Purchasing | None:
        """'regionaal' or 'lokaal' for a product in a lot; None when the catalogue has no lots for it."""
        found = self.lot_for(code, complexity)
        return None if found is None else found[1].purchasing

    def referral_policy(self, code: str) -> ReferralPolicy:
        """The product's own referral policy, or the region's default."""
        return self.product(code).referral or self.data.referral_policy

    def covers_municipality(self, contract: Contract, gemeente: str) -> bool:
        if gemeente not in self.municipality_codes:
            return False
        return contract.municipalities is None or gemeente in contract.municipalities

    # --- dated lookups -----------------------------------------------------------------------------
    def on(self, day: dt.date) -> CatalogView:
        return CatalogView(self, day)

    def tariff(self, code: str, day: dt.date, level: str | None = None) -> int:
        return self.on(day).tariff(code, level)

    def contract_for(self, agb: str, code: str, gemeente: str, day: dt.date) -> Contract | None:
        return self.on(day).contract_for(agb, code, gemeente)

    def is_contracted(self, agb: str, code: str, gemeente: str, day: dt.date) -> bool:
        return self.on(day).is_contracted(agb, code, gemeente)
