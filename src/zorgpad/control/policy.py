"""The region's catalogue as small flat tables the policy rules join against.

A catalogue is a tree of frozen models (`zorgpad.catalog`); rules run on the store's backend as
vectorised expressions, so the parts they need are flattened once into Arrow tables (a few thousand rows
at most) and used as Ibis memtables: products with their limits, tariffs (catalogue and contract),
contracts per provider x product x municipality, lighter alternatives, and the order of staff levels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from zorgpad.catalog.lookup import Catalog
    from zorgpad.catalog.model import CatalogFile, Tariff

_PRODUCTS = pa.schema(
    [
        ("product_code", pa.string()),
        ("product_categorie", pa.string()),
        ("name", pa.string()),
        ("care_form", pa.string()),
        ("care_form_name", pa.string()),
        ("setting", pa.string()),
        ("billable_time", pa.string()),
        ("unit", pa.string()),
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
_TARIFFS = pa.schema(
    [
        ("product_code", pa.string()),
        ("aanbieder", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("staff_level", pa.string()),
        ("level_rank", pa.int64()),
        ("tarief", pa.int64()),
    ]
)
_CONTRACTS = pa.schema(
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
_ALTERNATIVES = pa.schema([("product_code", pa.string()), ("lighter_code", pa.string())])
_LEVELS = pa.schema([("staff_level", pa.string()), ("level_rank", pa.int64())])

COMPLEXITY_RANK = {"laag": 1, "midden": 2, "hoog": 3}
# COD327 referrer types that refer with a referral document the access team records (huisarts, jeugdarts,
# medisch specialist; as `zorgpad.access.referral`): a referral's term runs from its date, and a client
# referred by one of them without any access record gets ZP112. The municipality (01) decides itself and
# a self-referral (06) has no document; a GI (04) or court (08) decides by its own measure.
REFERRAL_DOCUMENT_TYPES = ("02", "03", "05")
REFERRER_NAMES = {
    "01": "de gemeente",
    "02": "de huisarts",
    "03": "de jeugdarts",
    "04": "de gecertificeerde instelling",
    "05": "de medisch specialist",
    "06": "de jeugdige zelf",
    "08": "de rechter of officier van justitie",
}
# Referrer types without a referral term: the municipality's own decision and a self-referral.
NO_REFERRAL_TERM = ("01", "06")


@dataclass(frozen=True)
class PolicyTables:
    """The flattened catalogue: Arrow tables, exposed to rules as Ibis memtables."""

    name: str
    version: str
    content_hash: str
    products_arrow: pa.Table
    tariffs_arrow: pa.Table
    contracts_arrow: pa.Table
    alternatives_arrow: pa.Table
    levels_arrow: pa.Table
    # ZP112's severity as the region's referral policy sets it (signaal unless it says afkeur).
    missing_referral: str = "signaal"

    @property
    def products(self) -> ir.Table:
        return ibis.memtable(self.products_arrow)

    @property
    def tariffs(self) -> ir.Table:
        return ibis.memtable(self.tariffs_arrow)

    @property
    def contracts(self) -> ir.Table:
        return ibis.memtable(self.contracts_arrow)

    @property
    def alternatives(self) -> ir.Table:
        return ibis.memtable(self.alternatives_arrow)

    @property
    def levels(self) -> ir.Table:
        return ibis.memtable(self.levels_arrow)


def policy_from_catalog(catalog: Catalog) -> PolicyTables:
    return flatten(catalog.data, name=catalog.name, content_hash=catalog.content_hash)


def policy_from_catalogs(catalogs: Sequence[Catalog]) -> PolicyTables:
    """All versions of a region as one policy: each version holds from its `valid_from` until the next
    version's (the oldest also before, the newest without end). A claim line takes products, limits,
    tariffs and contracts from the version valid on its date; one version is `policy_from_catalog`."""
    if len(catalogs) == 1:
        return policy_from_catalog(catalogs[0])
    ordered = sorted(catalogs, key=lambda c: c.data.valid_from)
    parts = []
    for index, catalog in enumerate(ordered):
        start = None if index == 0 else catalog.data.valid_from
        end = ordered[index + 1].data.valid_from - dt.timedelta(days=1) if index + 1 < len(ordered) else None
        parts.append(
            flatten(catalog.data, name=catalog.name, content_hash=catalog.content_hash, window=(start, end))
        )
    newest = ordered[-1]
    digest = hashlib.sha256("".join(c.content_hash for c in ordered).encode()).hexdigest()
    return PolicyTables(
        name=newest.name.partition("@")[0],
        version=" + ".join(c.version for c in ordered),
        content_hash=digest,
        products_arrow=pa.concat_tables([p.products_arrow for p in parts]),
        tariffs_arrow=pa.concat_tables([p.tariffs_arrow for p in parts]),
        contracts_arrow=pa.concat_tables([p.contracts_arrow for p in parts]),
        alternatives_arrow=pa.concat_tables([p.alternatives_arrow for p in parts])
        .group_by(["product_code", "lighter_code"])
        .aggregate([]),
        levels_arrow=newest_levels(parts),
        missing_referral=parts[-1].missing_referral,
    )


def newest_levels(parts: Sequence[PolicyTables]) -> pa.Table:
    """The staff levels of the newest version (ranks by its order), once each."""
    return parts[-1].levels_arrow


def _clip(
    start: dt.date | None, end: dt.date | None, window: tuple[dt.date | None, dt.date | None]
) -> tuple[dt.date | None, dt.date | None] | None:
    """The part of [start, end] inside the version's window (None ends are open); None when empty."""
    low, high = window
    if low is not None and (start is None or start < low):
        start = low
    if high is not None and (end is None or end > high):
        end = high
    if start is not None and end is not None and end < start:
        return None
    return start, end


def flatten(
    data: CatalogFile,
    *,
    name: str,
    content_hash: str,
    window: tuple[dt.date | None, dt.date | None] = (None, None),
) -> PolicyTables:
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
        tariffs.extend(_tariff_rows(product.code, None, product.tariffs, levels, window))
        alternatives.extend(
            {"product_code": product.code, "lighter_code": alt} for alt in product.lighter_alternatives
        )
    contracts: list[dict[str, Any]] = []
    region = tuple(m.cbs_code for m in data.region.municipalities)
    for contract in data.contracts:
        for contracted in contract.products:
            tariffs.extend(
                _tariff_rows(contracted.code, contract.provider.agb, contracted.tariffs, levels, window)
            )
            period = _clip(contract.valid_from, contract.valid_to, window)
            if period is None:
                continue
            for gemeente in contract.municipalities or region:
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
    return PolicyTables(
        name=name,
        version=data.version,
        content_hash=content_hash,
        products_arrow=pa.Table.from_pylist(products, schema=_PRODUCTS),
        tariffs_arrow=pa.Table.from_pylist(tariffs, schema=_TARIFFS),
        contracts_arrow=pa.Table.from_pylist(contracts, schema=_CONTRACTS),
        alternatives_arrow=pa.Table.from_pylist(alternatives, schema=_ALTERNATIVES),
        missing_referral=data.referral_policy.missing_referral,
        levels_arrow=pa.Table.from_pylist(
            [{"staff_level": code, "level_rank": rank} for code, rank in levels.items()], schema=_LEVELS
        ),
    )


def _tariff_rows(
    code: str,
    aanbieder: str | None,
    tariffs: tuple[Tariff, ...],
    levels: dict[str, int],
    window: tuple[dt.date | None, dt.date | None] = (None, None),
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for tariff in tariffs:
        period = _clip(tariff.valid_from, tariff.valid_to, window)
        if period is None:
            continue
        base = {
            "product_code": code,
            "aanbieder": aanbieder,
            "valid_from": period[0],
            "valid_to": period[1],
        }
        if tariff.blended is not None:
            rows.append({**base, "staff_level": None, "level_rank": None, "tarief": tariff.blended})
        for level, amount in tariff.by_level.items():
            rows.append({**base, "staff_level": level, "level_rank": levels.get(level), "tarief": amount})
    return rows
