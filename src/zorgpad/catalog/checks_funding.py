"""Cross-checks on task-based budgets (taakgericht) and on funding-stream shares (e.g. OZA)."""

from __future__ import annotations

from collections.abc import Iterator

from zorgpad.catalog.checks import Problem
from zorgpad.catalog.model import CatalogFile


def check_budgets(cat: CatalogFile) -> Iterator[Problem]:
    products = {p.code: p for p in cat.products}
    region = {m.cbs_code for m in cat.region.municipalities}
    seen: set[str] = set()
    for i, budget in enumerate(cat.budgets):
        base = ("budgets", i)
        if budget.id in seen:
            yield Problem("CAT-BUDGET-DUBBEL", f"Budget {budget.id} komt twee keer voor.", (*base, "id"))
        seen.add(budget.id)
        for j, code in enumerate(budget.products):
            product = products.get(code)
            if product is None or product.funding_variant != "taakgericht":
                why = "staat niet in de catalogus" if product is None else (
                    f"is {product.funding_variant}, niet taakgericht")  # fmt: skip
                yield Problem(
                    "CAT-BUDGET-PRODUCT",
                    f"Budget {budget.id}: product {code} {why}; een budget betaalt alleen taakgerichte "
                    "producten.",
                    (*base, "products", j),
                )
        for code in budget.municipality_shares:
            if code not in region:
                yield Problem(
                    "CAT-GEMEENTE-REGIO",
                    f"Budget {budget.id}: gemeente {code} hoort niet bij regio {cat.region.name}.",
                    (*base, "municipality_shares", code),
                )


def check_funding_shares(cat: CatalogFile) -> Iterator[Problem]:
    products = {p.code: p for p in cat.products}
    for i, share in enumerate(cat.funding_shares):
        base = ("funding_shares", i)
        total = sum(share.shares.values())
        if total != 100 or any(v < 0 for v in share.shares.values()):
            yield Problem(
                "CAT-FINANCIERING-AANDEEL",
                f"Financieringsaandelen {i + 1} tellen op tot {total}%, niet tot 100% (of een aandeel is "
                "negatief).",
                (*base, "shares"),
            )
        for j, code in enumerate(share.products):
            product = products.get(code)
            if product is None:
                yield Problem(
                    "CAT-FINANCIERING-AANDEEL",
                    f"Financieringsaandelen {i + 1}: product {code} staat niet in de catalogus.",
                    (*base, "products", j),
                )
                continue
            foreign = sorted(set(share.shares) - set(product.funding_streams))
            if foreign:
                yield Problem(
                    "CAT-FINANCIERING-AANDEEL",
                    f"Financieringsaandelen {i + 1}: product {code} kent geen financieringsstroom "
                    f"{', '.join(foreign)} (funding_streams: {', '.join(product.funding_streams)}).",
                    (*base, "products", j),
                )
