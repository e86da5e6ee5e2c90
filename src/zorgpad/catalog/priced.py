"""The one priced catalogue: every version of a region flattened once into dated, municipality-aware tables.

"Which product, limit, lot, contract and tariff holds for this provider, product and municipality on this
day" is answered here and only here. `priced_catalog(versions)` flattens the catalogue versions of a region
(each valid from its `valid_from` until the next version's, the oldest also before it, the newest without
end) into small Arrow tables:

- `products`: one row per product per version window (`cat_from`/`cat_to`), with its limits (maximum
  duration and volume), referral terms, prior provision and minimum staff level;
- `tariffs`: one row per tariff period and staff level (`staff_level` empty = blended). Catalogue rows have
  no `aanbieder`/`gemeente`; a contract's own tariff has both: one row per municipality the contract covers,
  clipped to the contract's and the version's dates. A contract tariff replaces the catalogue's for that
  provider, product and municipality only;
- `contracts`: provider x product x municipality with the contract's dates;
- `lots`: product x complexity -> lot and side of the knip (`regionaal`/`lokaal`), per version window;
- `alternatives` (product -> lighter product) and `levels` (staff level order of the newest version).

The same tables are exposed to claim control and scenarios as Ibis memtables and, for Python callers (the
synth, `catalog show`, access), as lookups built from these rows — so both sides cannot disagree. A property
test (tests/catalog/test_priced.py) checks the lookups against the catalogue model's own `catalog.on(day)`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from zorgpad.catalog.bundled import version_on

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.catalog.lookup import Catalog
    from zorgpad.catalog.model import CatalogFile, Lot, LotPart, Tariff

Window = tuple[dt.date | None, dt.date | None]
__all__ = ["PricedCatalog", "Window", "combine", "flatten", "priced_catalog", "version_on", "windows"]

PRODUCTS = pa.schema(
    [
        ("product_code", pa.string()),
        ("product_categorie", pa.string()),
        ("name", pa.string()),
        ("care_form", pa.string()),
        ("care_form_name", pa.string()),
        ("setting", pa.string()),
        ("billable_time", pa.string()),
        ("unit", pa.string()),
        ("funding_variant", pa.string()),
        ("complexity", pa.string()),
        ("complexity_rank", pa.int64()),
        ("domains", pa.list_(pa.string())),
        ("max_duration_months", pa.int64()),
        ("max_volume", pa.int64()),
        ("max_volume_per", pa.string()),
        ("prior_law", pa.string()),
        ("prior_reason", pa.string()),
        ("min_staff_level", pa.string()),
        ("referral_term_months", pa.int64()),
        ("max_allocation_months", pa.int64()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        # The catalogue version's window: a line takes the product as the version valid on its date has it.
        ("cat_from", pa.date32()),
        ("cat_to", pa.date32()),
    ]
)
TARIFFS = pa.schema(
    [
        ("product_code", pa.string()),
        ("aanbieder", pa.string()),
        ("gemeente", pa.string()),
        ("contract_id", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("staff_level", pa.string()),
        ("level_rank", pa.int64()),
        ("tarief", pa.int64()),
    ]
)
CONTRACTS = pa.schema(
    [
        ("contract_id", pa.string()),
        ("aanbieder", pa.string()),
        ("product_code", pa.string()),
        ("gemeente", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("must_deliver_lighter", pa.bool_()),
        ("source", pa.string()),
    ]
)
LOTS = pa.schema(
    [
        ("product_code", pa.string()),
        ("complexity", pa.string()),
        ("lot", pa.string()),
        ("lot_name", pa.string()),
        ("purchasing", pa.string()),
        # True for the part a product is bought under by default (the one covering its own complexity).
        ("is_default", pa.bool_()),
        ("cat_from", pa.date32()),
        ("cat_to", pa.date32()),
    ]
)
ALTERNATIVES = pa.schema([("product_code", pa.string()), ("lighter_code", pa.string())])
LEVELS = pa.schema([("staff_level", pa.string()), ("level_rank", pa.int64())])

COMPLEXITY_RANK = {"laag": 1, "midden": 2, "hoog": 3}
COMPLEXITY_LEVELS = ("laag", "midden", "hoog")


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class PricedCatalog:
    """The flattened catalogue: Arrow tables, exposed as Ibis memtables and as Python lookups."""

    name: str
    version: str
    content_hash: str
    products_arrow: pa.Table
    tariffs_arrow: pa.Table
    contracts_arrow: pa.Table
    lots_arrow: pa.Table
    alternatives_arrow: pa.Table
    levels_arrow: pa.Table
    # ZP112's severity as the region's referral policy sets it (signaal unless it says afkeur).
    missing_referral: str = "signaal"

    # --- as Ibis tables (claim control, scenarios) -----------------------------------------------------
    @property
    def products(self) -> ir.Table:
        return _memtable(self.products_arrow)

    @property
    def tariffs(self) -> ir.Table:
        return _memtable(self.tariffs_arrow)

    @property
    def contracts(self) -> ir.Table:
        return _memtable(self.contracts_arrow)

    @property
    def lots(self) -> ir.Table:
        return _memtable(self.lots_arrow)

    @property
    def alternatives(self) -> ir.Table:
        return _memtable(self.alternatives_arrow)

    @property
    def levels(self) -> ir.Table:
        return _memtable(self.levels_arrow)

    # --- as Python lookups (the synth, `catalog show`, access) -----------------------------------------
    @cached_property
    def _products_by_code(self) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for row in self.products_arrow.to_pylist():
            found.setdefault(row["product_code"], []).append(row)
        return found

    @cached_property
    def _tariffs_by_code(self) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for row in self.tariffs_arrow.to_pylist():
            found.setdefault(row["product_code"], []).append(row)
        return found

    @cached_property
    def _contracts_by_key(self) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
        found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for row in self.contracts_arrow.to_pylist():
            found.setdefault((row["aanbieder"], row["product_code"], row["gemeente"]), []).append(row)
        return found

    @cached_property
    def _lots_by_code(self) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for row in self.lots_arrow.to_pylist():
            found.setdefault(row["product_code"], []).append(row)
        return found

    def product(self, code: str, day: dt.date) -> dict[str, Any] | None:
        """The product row (limits, referral terms, ...) as the version valid on `day` has it, when the
        product exists that day."""
        return next(
            (
                row
                for row in self._products_by_code.get(code, ())
                if _within(day, row["cat_from"], row["cat_to"])
                and _within(day, row["valid_from"], row["valid_to"])
            ),
            None,
        )

    def contract(self, agb: str, code: str, gemeente: str, day: dt.date) -> str | None:
        """The id of the contract under which `agb` may deliver `code` in `gemeente` on `day`, if any."""
        return next(
            (
                row["contract_id"]
                for row in self._contracts_by_key.get((agb, code, gemeente), ())
                if _within(day, row["valid_from"], row["valid_to"])
            ),
            None,
        )

    def tariffs_for(
        self, agb: str | None, code: str, gemeente: str | None, day: dt.date
    ) -> dict[str | None, int]:
        """Every tariff the region accepts for this provider, product and municipality on `day`, by staff
        level (None = blended): the provider's contract tariffs for that municipality where it has any,
        else the catalogue's."""
        rows = [
            r for r in self._tariffs_by_code.get(code, ()) if _within(day, r["valid_from"], r["valid_to"])
        ]
        own = [
            r
            for r in rows
            if r["aanbieder"] is not None and r["aanbieder"] == agb and r["gemeente"] == gemeente
        ]
        chosen = own or [r for r in rows if r["aanbieder"] is None]
        return {r["staff_level"]: r["tarief"] for r in chosen}

    def tariff(
        self, agb: str | None, code: str, gemeente: str | None, day: dt.date, level: str | None = None
    ) -> int | None:
        """Eurocents per unit on `day`: the level's own tariff, else the blended one; None when there is
        neither (no tariff that day, or only tariffs per level and no level given)."""
        found = self.tariffs_for(agb, code, gemeente, day)
        if level is not None and level in found:
            return found[level]
        return found.get(None)

    def contract_tariff(
        self, agb: str, code: str, gemeente: str, day: dt.date, level: str | None = None
    ) -> int | None:
        """The tariff the provider is paid, or None when it has no contract for this product there."""
        if self.contract(agb, code, gemeente, day) is None:
            return None
        return self.tariff(agb, code, gemeente, day, level)

    def lot(self, code: str, day: dt.date, complexity: str | None = None) -> tuple[str, str] | None:
        """(lot code, 'regionaal'/'lokaal') a product is bought under on `day`: the part covering
        `complexity`, by default the product's own; None when the version has no lot for it."""
        rows = [r for r in self._lots_by_code.get(code, ()) if _within(day, r["cat_from"], r["cat_to"])]
        if not rows:
            return None
        if complexity is None:
            match = next((r for r in rows if r["is_default"]), rows[0])
        else:  # the part covering that level, else the first listed (as `Catalog.lot_for`)
            match = next((r for r in rows if r["complexity"] == complexity), rows[0])
        return match["lot"], match["purchasing"]


def _memtable(table: pa.Table) -> ir.Table:
    import ibis  # only when a caller asks for tables, so Python lookups start without Ibis

    return ibis.memtable(table)


def priced_catalog(catalogs: Sequence[Catalog]) -> PricedCatalog:
    """All given versions of a region as one priced catalogue (one version: that version for every date)."""
    ordered = sorted(catalogs, key=lambda c: c.data.valid_from)
    if len(ordered) == 1:
        only = ordered[0]
        return flatten(only.data, name=only.name, content_hash=only.content_hash)
    return combine(
        [
            flatten(catalog.data, name=catalog.name, content_hash=catalog.content_hash, window=window)
            for catalog, window in zip(ordered, windows([c.data for c in ordered]), strict=True)
        ]
    )


def windows(versions: Sequence[CatalogFile]) -> list[Window]:
    """Each version (sorted oldest first) holds from its `valid_from` until the day before the next one's;
    the oldest also before its own start, the newest without end."""
    result: list[Window] = []
    for index, data in enumerate(versions):
        start = None if index == 0 else data.valid_from
        end = versions[index + 1].valid_from - dt.timedelta(days=1) if index + 1 < len(versions) else None
        result.append((start, end))
    return result


def combine(parts: Sequence[PricedCatalog]) -> PricedCatalog:
    """Flattened versions (oldest first, disjoint windows) as one priced catalogue."""
    if len(parts) == 1:
        return parts[0]
    newest = parts[-1]
    digest = hashlib.sha256("".join(p.content_hash for p in parts).encode()).hexdigest()
    return PricedCatalog(
        name=newest.name.partition("@")[0],
        version=" + ".join(p.version for p in parts),
        content_hash=digest,
        products_arrow=pa.concat_tables([p.products_arrow for p in parts]),
        tariffs_arrow=pa.concat_tables([p.tariffs_arrow for p in parts]),
        contracts_arrow=pa.concat_tables([p.contracts_arrow for p in parts]),
        lots_arrow=pa.concat_tables([p.lots_arrow for p in parts]),
        alternatives_arrow=pa.concat_tables([p.alternatives_arrow for p in parts])
        .group_by(["product_code", "lighter_code"])
        .aggregate([]),
        levels_arrow=newest.levels_arrow,
        missing_referral=newest.missing_referral,
    )


def clip(start: dt.date | None, end: dt.date | None, window: Window) -> Window | None:
    """The part of [start, end] inside `window` (None ends are open); None when empty."""
    low, high = window
    if low is not None and (start is None or start < low):
        start = low
    if high is not None and (end is None or end > high):
        end = high
    if start is not None and end is not None and end < start:
        return None
    return start, end


def flatten(
    data: CatalogFile, *, name: str, content_hash: str, window: Window = (None, None)
) -> PricedCatalog:
    """One catalogue version as flat tables, every date clipped to `window` (the dates it is in force)."""
    levels = {level.code: rank for rank, level in enumerate(data.staff_levels, start=1)}
    forms = {form.code: form.name.lower() for form in data.care_forms}
    products: list[dict[str, Any]] = []
    tariffs: list[dict[str, Any]] = []
    alternatives: list[dict[str, Any]] = []
    for product in data.products:
        referral = product.referral or data.referral_policy
        products.append(
            {
                "product_code": product.code,
                "product_categorie": product.category,
                "name": product.name,
                "care_form": product.care_form,
                "care_form_name": forms.get(product.care_form, product.care_form),
                "setting": product.setting,
                "billable_time": product.billable_time,
                "unit": product.unit,
                "funding_variant": product.funding_variant,
                "complexity": product.complexity,
                "complexity_rank": COMPLEXITY_RANK.get(product.complexity),
                "domains": list(product.care_need_domains),
                "max_duration_months": product.max_duration_months,
                "max_volume": product.max_volume.amount if product.max_volume else None,
                "max_volume_per": product.max_volume.per if product.max_volume else None,
                "prior_law": product.prior_provision.law if product.prior_provision else None,
                "prior_reason": product.prior_provision.reason if product.prior_provision else None,
                "min_staff_level": product.qualification.min_staff_level,
                "referral_term_months": referral.referral_term_months,
                "max_allocation_months": referral.max_allocation_months,
                "valid_from": product.valid_from,
                "valid_to": product.valid_to,
                "cat_from": window[0],
                "cat_to": window[1],
            }
        )
        tariffs.extend(_tariff_rows(product.code, product.tariffs, levels, window))
        alternatives.extend(
            {"product_code": product.code, "lighter_code": alt} for alt in product.lighter_alternatives
        )
    contracts: list[dict[str, Any]] = []
    region = tuple(m.cbs_code for m in data.region.municipalities)
    for contract in data.contracts:
        period = clip(contract.valid_from, contract.valid_to, window)
        if period is None:
            continue
        places = tuple(g for g in (contract.municipalities or region) if g in region)
        for contracted in contract.products:
            for gemeente in places:
                contracts.append(
                    {
                        "contract_id": contract.id,
                        "aanbieder": contract.provider.agb,
                        "product_code": contracted.code,
                        "gemeente": gemeente,
                        "valid_from": period[0],
                        "valid_to": period[1],
                        "must_deliver_lighter": contract.must_deliver_lighter,
                        "source": contract.source,
                    }
                )
                owner: dict[str, str | None] = {
                    "aanbieder": contract.provider.agb,
                    "gemeente": gemeente,
                    "contract_id": contract.id,
                }
                tariffs.extend(_tariff_rows(contracted.code, contracted.tariffs, levels, period, owner))
    return PricedCatalog(
        name=name,
        version=data.version,
        content_hash=content_hash,
        products_arrow=pa.Table.from_pylist(products, schema=PRODUCTS),
        tariffs_arrow=pa.Table.from_pylist(tariffs, schema=TARIFFS),
        contracts_arrow=pa.Table.from_pylist(contracts, schema=CONTRACTS),
        lots_arrow=pa.Table.from_pylist(_lot_rows(data, window), schema=LOTS),
        alternatives_arrow=pa.Table.from_pylist(alternatives, schema=ALTERNATIVES),
        levels_arrow=pa.Table.from_pylist(
            [{"staff_level": code, "level_rank": rank} for code, rank in levels.items()], schema=LEVELS
        ),
        missing_referral=data.referral_policy.missing_referral,
    )


def _lot_rows(data: CatalogFile, window: Window) -> list[dict[str, Any]]:
    """One row per product and complexity level its lot parts cover (a part without levels covers all).
    The default part is the one covering the product's own complexity, else the first listed."""
    own = {p.code: p.complexity for p in data.products}
    parts: dict[str, list[tuple[Lot, LotPart]]] = {}
    for lot in data.lots:
        for part in lot.parts:
            for code in part.products:
                parts.setdefault(code, []).append((lot, part))
    rows: list[dict[str, Any]] = []
    for code, places in parts.items():
        default = next((place for place in places if own.get(code) in place[1].complexity), places[0])
        rows.extend(
            {
                "product_code": code,
                "complexity": level,
                "lot": lot.code,
                "lot_name": lot.name,
                "purchasing": part.purchasing,
                "is_default": (lot, part) == default,
                "cat_from": window[0],
                "cat_to": window[1],
            }
            for lot, part in places
            for level in (part.complexity or COMPLEXITY_LEVELS)
        )
    return rows


def _tariff_rows(
    code: str,
    tariffs: tuple[Tariff, ...],
    levels: dict[str, int],
    window: Window,
    owner: dict[str, str | None] | None = None,
) -> list[dict[str, Any]]:
    who = owner or {"aanbieder": None, "gemeente": None, "contract_id": None}
    rows: list[dict[str, Any]] = []
    for tariff in tariffs:
        period = clip(tariff.valid_from, tariff.valid_to, window)
        if period is None:
            continue
        base = {"product_code": code, **who, "valid_from": period[0], "valid_to": period[1]}
        if tariff.blended is not None:
            rows.append({**base, "staff_level": None, "level_rank": None, "tarief": tariff.blended})
        for level, amount in tariff.by_level.items():
            rows.append({**base, "staff_level": level, "level_rank": levels.get(level), "tarief": amount})
    return rows
