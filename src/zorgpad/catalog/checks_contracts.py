"""Cross-checks on lots (percelen, the knip) and contracts against the products and the region."""

from __future__ import annotations

from collections.abc import Iterator

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
from zorgpad.catalog.checks_triage import check_triage
from zorgpad.catalog.model import CatalogFile
from zorgpad.catalog.yamlsource import Loc


def check_lots(cat: CatalogFile) -> Iterator[Problem]:
    products = {p.code: p for p in cat.products}
    placed: dict[str, str] = {}
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
                product = products.get(code)
                if product is None:
                    yield Problem(
                        "CAT-PERCEEL-PRODUCT",
                        f"Perceel {lot.code} noemt product {code}, maar dat staat niet in de catalogus.",
                        loc,
                    )
                    continue
                here = f"perceel {lot.code}, deel {part.purchasing} (deel {j + 1})"
                if code in placed:
                    where = placed[code]
                    also = "in hetzelfde deel" if where == here else f"ook in {where}"
                    yield Problem(
                        "CAT-PERCEEL-DUBBEL",
                        f"Product {code} staat in {here} en {also}: de knip moet eenduidig zijn "
                        "(één perceel, regionaal óf lokaal).",
                        loc,
                    )
                placed[code] = here
                if part.complexity and product.complexity not in part.complexity:
                    yield Problem(
                        "CAT-PERCEEL-COMPLEXITEIT",
                        f"Perceel {lot.code} ({part.purchasing}) is voor complexiteit "
                        f"{', '.join(part.complexity)}, maar product {code} is {product.complexity}.",
                        loc,
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
    check_triage,
)
