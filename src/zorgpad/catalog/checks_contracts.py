"""Cross-checks on lots (percelen, the knip) and contracts against the products and the region."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zorgpad.catalog.checks import (
    Check,
    Problem,
    check_municipalities,
    check_product_codes,
    check_product_rules,
    check_step_down,
    check_tariffs,
    check_units,
)
from zorgpad.catalog.checks_cost_sharing import check_cost_sharing
from zorgpad.catalog.checks_funding import check_budgets, check_funding_shares
from zorgpad.catalog.checks_triage import check_triage
from zorgpad.catalog.model import CatalogFile, LotPart
from zorgpad.catalog.yamlsource import Loc


@dataclass(frozen=True)
class _Placement:
    lot: str
    part: LotPart
    loc: Loc
    part_number: int

    @property
    def where(self) -> str:
        return f"perceel {self.lot}, deel {self.part.purchasing} (deel {self.part_number})"


def _straddles(places: list[_Placement]) -> bool:
    """Whether a product's parts split it by complexity: one lot, every part names its levels, and no
    level is in two parts (low complexity local, high regional, say)."""
    if len({p.lot for p in places}) != 1 or any(not p.part.complexity for p in places):
        return False
    levels = [level for p in places for level in p.part.complexity]
    return len(levels) == len(set(levels))


def check_lots(cat: CatalogFile) -> Iterator[Problem]:
    products = {p.code: p for p in cat.products}
    placed: dict[str, list[_Placement]] = {}
    seen_lots: set[str] = set()
    for i, lot in enumerate(cat.lots):
        if lot.code in seen_lots:
            yield Problem(
                "CAT-PERCEEL-DUBBEL", f"Perceel {lot.code} komt twee keer voor.", ("lots", i, "code")
            )
        seen_lots.add(lot.code)
        for j, part in enumerate(lot.parts):
            for k, code in enumerate(part.products):
                loc: Loc = ("lots", i, "parts", j, "products", k)
                if code not in products:
                    yield Problem(
                        "CAT-PERCEEL-PRODUCT",
                        f"Perceel {lot.code} noemt product {code}, maar dat staat niet in de catalogus.",
                        loc,
                    )
                    continue
                placed.setdefault(code, []).append(_Placement(lot.code, part, loc, j + 1))
    for code, places in placed.items():
        product = products[code]
        if len(places) > 1 and not _straddles(places):
            first, second = places[0], places[1]
            also = "in hetzelfde deel" if first.where == second.where else f"ook in {first.where}"
            yield Problem(
                "CAT-PERCEEL-DUBBEL",
                f"Product {code} staat in {second.where} en {also}: de knip moet eenduidig zijn. Een "
                "product mag alleen in twee delen van één perceel staan als elk deel zijn complexiteit "
                "noemt en geen complexiteit in beide delen staat.",
                second.loc,
            )
            continue
        levels = {level for p in places for level in p.part.complexity}
        if len(places) == 1 and not levels:
            continue
        if product.complexity not in levels:
            where = places[0]
            yield Problem(
                "CAT-PERCEEL-COMPLEXITEIT",
                f"Perceel {where.lot} ({where.part.purchasing}) is voor complexiteit "
                f"{', '.join(sorted(levels))}, maar product {code} is {product.complexity}.",
                where.loc,
            )


def check_contracts(cat: CatalogFile) -> Iterator[Problem]:
    products = {p.code for p in cat.products}
    region = {m.cbs_code for m in cat.region.municipalities}
    lots = {lot.code for lot in cat.lots}
    levels = {s.code for s in cat.staff_levels}
    seen: set[str] = set()
    for i, c in enumerate(cat.contracts):
        base: Loc = ("contracts", i)
        if c.id in seen:
            yield Problem("CAT-CONTRACT-DUBBEL", f"Contractnummer {c.id} komt twee keer voor.", (*base, "id"))
        seen.add(c.id)
        if c.valid_to is not None and c.valid_to < c.valid_from:
            yield Problem(
                "CAT-CONTRACT-PERIODE",
                f"Contract {c.id} eindigt ({c.valid_to}) vóór het begint ({c.valid_from}).",
                (*base, "valid_to"),
            )
        if c.lot is not None and c.lot not in lots:
            yield Problem(
                "CAT-CONTRACT-PERCEEL", f"Contract {c.id}: perceel {c.lot} bestaat niet.", (*base, "lot")
            )
        for j, cbs in enumerate(c.municipalities or ()):
            if cbs not in region:
                yield Problem(
                    "CAT-GEMEENTE-REGIO",
                    f"Contract {c.id}: gemeente {cbs} hoort niet bij regio {cat.region.name}.",
                    (*base, "municipalities", j),
                )
        contracted = {cp.code for cp in c.products}
        for j, cp in enumerate(c.products):
            if cp.code not in products:
                yield Problem(
                    "CAT-CONTRACT-PRODUCT",
                    f"Contract {c.id} ({c.provider.name}): product {cp.code} staat niet in de catalogus.",
                    (*base, "products", j, "code"),
                )
            for k, level in enumerate(cp.staff_levels):
                if level not in levels:
                    yield Problem(
                        "CAT-NIVEAU-ONBEKEND",
                        f"Contract {c.id}, product {cp.code}: opleidingsniveau '{level}' staat niet onder "
                        "staff_levels.",
                        (*base, "products", j, "staff_levels", k),
                    )
        for j, sub in enumerate(c.subcontractors):
            if sub.agb == c.provider.agb:
                yield Problem(
                    "CAT-ONDERAANNEMER",
                    f"Contract {c.id}: de hoofdaannemer kan niet zijn eigen onderaannemer zijn.",
                    (*base, "subcontractors", j, "agb"),
                )
            for k, code in enumerate(sub.products):
                if code not in contracted:
                    yield Problem(
                        "CAT-ONDERAANNEMER",
                        f"Contract {c.id}: onderaannemer {sub.name} levert {code}, maar dat product valt "
                        "niet onder het contract van de hoofdaannemer.",
                        (*base, "subcontractors", j, "products", k),
                    )


ALL_CHECKS: tuple[Check, ...] = (
    check_municipalities,
    check_product_codes,
    check_units,
    check_tariffs,
    check_product_rules,
    check_step_down,
    check_lots,
    check_contracts,
    check_cost_sharing,
    check_budgets,
    check_funding_shares,
    check_triage,
)
