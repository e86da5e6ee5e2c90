"""Contracts as rows a contract manager reads: provider x product x municipalities x period.

One `ContractLine` per contracted product of a contract, with the tariff that applies on the chosen
day (the contract tariff when the contract sets one, else the catalogue tariff), the contracted staff
levels, the side of the knip the product is bought on, and — when the contract says the provider must
also deliver lighter care — the product's lighter alternatives and whether the provider is contracted
for them. `zorgpad catalog show --contracten` and the dashboard page `/contracten` both read this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgpad.catalog.lookup import Catalog
from zorgpad.catalog.model import Contract, ContractedProduct, Tariff


@dataclass(frozen=True)
class Lighter:
    """A lighter product the provider must also deliver, and whether its contract covers it."""

    code: str
    name: str
    contracted: bool


@dataclass(frozen=True)
class ContractLine:
    contract_id: str
    agb: str
    provider: str
    lot: str | None
    purchasing: str | None
    product_code: str
    product_name: str
    municipalities: tuple[tuple[str, str], ...]  # (CBS code, name)
    whole_region: bool
    valid_from: dt.date
    valid_to: dt.date | None
    tariff: Tariff | None
    tariff_from_contract: bool
    staff_levels: tuple[str, ...]
    must_deliver_lighter: bool
    lighter: tuple[Lighter, ...]
    subcontractors: tuple[str, ...]
    source: str

    def covers(self, gemeente: str) -> bool:
        return any(code == gemeente for code, _ in self.municipalities)


def _tariff(catalog: Catalog, contracted: ContractedProduct, day: dt.date) -> tuple[Tariff | None, bool]:
    own = next((t for t in contracted.tariffs if t.covers(day)), None)
    if own is not None:
        return own, True
    product = catalog.find_product(contracted.code)
    if product is None:
        return None, False
    return next((t for t in product.tariffs if t.covers(day)), None), False


def _name(catalog: Catalog, code: str) -> str:
    found = catalog.find_product(code)
    return found.name if found else code


def _day(contract: Contract, on: dt.date | None, catalog: Catalog) -> dt.date:
    """The day a row's tariff is read on: the asked day, else the later of contract and catalogue start."""
    return on or max(contract.valid_from, catalog.valid_from)


def contract_lines(
    catalog: Catalog,
    on: dt.date | None = None,
    *,
    gemeente: str | None = None,
    aanbieder: str | None = None,
    product: str | None = None,
) -> list[ContractLine]:
    """Every contracted product (valid on `on`, when given), narrowed to a municipality, provider or
    product; ordered by provider name, contract and product code."""
    names = {m.cbs_code: m.name for m in catalog.region.municipalities}
    found: list[ContractLine] = []
    for contract in catalog.contracts:
        if on is not None and not contract.is_valid_on(on):
            continue
        if aanbieder is not None and contract.provider.agb != aanbieder:
            continue
        codes = contract.municipalities if contract.municipalities is not None else tuple(names)
        places = tuple((code, names.get(code, code)) for code in codes)
        if gemeente is not None and gemeente not in codes:
            continue
        covered = {p.code for p in contract.products}
        for contracted in contract.products:
            if product is not None and contracted.code != product:
                continue
            item = catalog.find_product(contracted.code)
            tariff, own = _tariff(catalog, contracted, _day(contract, on, catalog))
            lot = catalog.lot_for(contracted.code)
            lighter = tuple(
                Lighter(code, _name(catalog, code), code in covered)
                for code in (item.lighter_alternatives if item else ())
            )
            found.append(
                ContractLine(
                    contract_id=contract.id,
                    agb=contract.provider.agb,
                    provider=contract.provider.name,
                    lot=lot[0].code if lot else contract.lot,
                    purchasing=lot[1].purchasing if lot else None,
                    product_code=contracted.code,
                    product_name=item.name if item else contracted.code,
                    municipalities=places,
                    whole_region=contract.municipalities is None,
                    valid_from=contract.valid_from,
                    valid_to=contract.valid_to,
                    tariff=tariff,
                    tariff_from_contract=own,
                    staff_levels=contracted.staff_levels,
                    must_deliver_lighter=contract.must_deliver_lighter,
                    lighter=lighter if contract.must_deliver_lighter else (),
                    subcontractors=tuple(
                        s.name for s in contract.subcontractors if contracted.code in s.products
                    ),
                    source=contract.source,
                )
            )
    return sorted(found, key=lambda line: (line.provider, line.contract_id, line.product_code))


def missing_local_contracts(catalog: Catalog, codes: set[str], on: dt.date) -> list[tuple[str, str, str]]:
    """(CBS code, municipality name, product code) for every municipality that no local contract valid
    on `on` covers for the product: care moved to local purchasing that no one has been bought from yet.
    A local contract names its municipalities; a contract for the whole region is a regional one."""
    missing: list[tuple[str, str, str]] = []
    local = [c for c in catalog.contracts if c.municipalities is not None and c.is_valid_on(on)]
    for municipality in catalog.region.municipalities:
        for code in sorted(codes):
            if not any(
                municipality.cbs_code in (c.municipalities or ()) and any(p.code == code for p in c.products)
                for c in local
            ):
                missing.append((municipality.cbs_code, municipality.name, code))
    return missing
