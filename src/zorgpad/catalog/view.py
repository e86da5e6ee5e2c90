"""A catalogue seen on one date: `catalog.on(date)` -> `CatalogView`.

Every lookup here answers "what holds on this day": products valid then, the tariff period in force,
contracts running then. Missing products raise a Dutch `UserError`; the `find_...` variants return None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zorgpad.catalog.model import Contract, Product, Provider, Tariff
from zorgpad.catalog.tariffs import amount, tariff_on
from zorgpad.errors import UserError

if TYPE_CHECKING:
    from zorgpad.catalog.lookup import Catalog


@dataclass(frozen=True)
class CatalogView:
    catalog: Catalog
    day: dt.date

    @property
    def products(self) -> tuple[Product, ...]:
        return tuple(p for p in self.catalog.products if p.is_valid_on(self.day))

    def products_in(self, care_form: str) -> tuple[Product, ...]:
        return tuple(p for p in self.products if p.care_form == care_form)

    def find_product(self, code: str) -> Product | None:
        product = self.catalog.find_product(code)
        return product if product is not None and product.is_valid_on(self.day) else None

    def product(self, code: str) -> Product:
        product = self.find_product(code)
        if product is None:
            raise UserError(
                "CAT-PRODUCT-ONBEKEND",
                f"Product {code} staat op {self.day:%d-%m-%Y} niet in catalogus {self.catalog.name}.",
            )
        return product

    def tariff_entry(self, code: str) -> Tariff | None:
        """The catalogue tariff period in force for a product, or None."""
        product = self.find_product(code)
        return None if product is None else tariff_on(product.tariffs, self.day)

    def tariff(self, code: str, level: str | None = None) -> int:
        """Catalogue tariff in eurocents per unit: blended (level None) or for one staff level."""
        entry = self.tariff_entry(self.product(code).code)
        if entry is None:
            raise UserError(
                "CAT-TARIEF-ONBEKEND", f"Product {code} heeft op {self.day:%d-%m-%Y} geen tarief."
            )
        return amount(entry, level, f"Product {code}")

    def lighter_alternatives(self, code: str) -> tuple[Product, ...]:
        """The lighter products to step down to, in the order the catalogue lists them."""
        found = (self.find_product(alt) for alt in self.product(code).lighter_alternatives)
        return tuple(p for p in found if p is not None)

    @property
    def contracts(self) -> tuple[Contract, ...]:
        return tuple(c for c in self.catalog.contracts if c.is_valid_on(self.day))

    @property
    def providers(self) -> tuple[Provider, ...]:
        unique = {c.provider.agb: c.provider for c in self.contracts}
        return tuple(unique[agb] for agb in sorted(unique))

    def contract_for(self, agb: str, code: str, gemeente: str) -> Contract | None:
        """The running contract under which provider `agb` may deliver `code` in `gemeente` (CBS code)."""
        for contract in self.contracts:
            if (
                contract.provider.agb == agb
                and any(cp.code == code for cp in contract.products)
                and self.catalog.covers_municipality(contract, gemeente)
            ):
                return contract
        return None

    def is_contracted(self, agb: str, code: str, gemeente: str) -> bool:
        return self.contract_for(agb, code, gemeente) is not None

    def contract_tariff(self, agb: str, code: str, gemeente: str, level: str | None = None) -> int | None:
        """The tariff the provider is paid: its contract tariff when the contract sets one for this date,
        otherwise the catalogue tariff; None when the provider is not contracted."""
        contract = self.contract_for(agb, code, gemeente)
        if contract is None:
            return None
        contracted = next(cp for cp in contract.products if cp.code == code)
        entry = tariff_on(contracted.tariffs, self.day)
        if entry is not None:
            return amount(entry, level, f"Contract {contract.id}, product {code}")
        return self.tariff(code, level)

    def subcontracting_for(self, agb: str, code: str, gemeente: str) -> Contract | None:
        """The main contract under which `agb` delivers `code` as a subcontractor, if any."""
        for contract in self.contracts:
            if self.catalog.covers_municipality(contract, gemeente) and any(
                sub.agb == agb and code in sub.products for sub in contract.subcontractors
            ):
                return contract
        return None
