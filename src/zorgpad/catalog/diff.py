"""Compare two catalogue versions: products added, removed and changed, tariff changes in %.

Tariffs are compared per product and staff level on one date (default: the new version's `valid_from`);
a version without a tariff on that date contributes its latest tariff period. A blended tariff in the
old version is compared with every staff level of the new one, so abolishing a blended tariff shows
as one change per level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from zorgpad.catalog.lookup import Catalog
from zorgpad.catalog.model import Product, Tariff
from zorgpad.catalog.tariffs import tariff_on

BLENDED = "mix"
_IGNORED = {"code", "tariffs"}


@dataclass(frozen=True)
class TariffChange:
    product: str
    level: str
    old: int | None
    new: int | None

    @property
    def percent(self) -> float | None:
        if self.old is None or self.new is None or self.old == 0:
            return None
        return round((self.new - self.old) / self.old * 100, 1)


@dataclass(frozen=True)
class FieldChange:
    product: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class CatalogDiff:
    old: str
    new: str
    on: dt.date
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    field_changes: tuple[FieldChange, ...] = ()
    tariff_changes: tuple[TariffChange, ...] = field(default=())
    contracts_added: tuple[str, ...] = ()
    contracts_removed: tuple[str, ...] = ()
    contracts_changed: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.field_changes
            or self.tariff_changes
            or self.contracts_added
            or self.contracts_removed
            or self.contracts_changed
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["on"] = self.on.isoformat()
        data["tariff_changes"] = [{**asdict(t), "percent": t.percent} for t in self.tariff_changes]
        return data


def _tariff_for_comparison(product: Product, on: dt.date) -> Tariff | None:
    found = tariff_on(product.tariffs, on)
    if found is not None:
        return found
    return max(product.tariffs, key=lambda t: t.valid_from) if product.tariffs else None


def _levels(tariff: Tariff | None) -> dict[str, int]:
    if tariff is None:
        return {}
    amounts = dict(tariff.by_level)
    if tariff.blended is not None:
        amounts[BLENDED] = tariff.blended
    return amounts


def _tariff_changes(code: str, old: Tariff | None, new: Tariff | None) -> list[TariffChange]:
    before, after = _levels(old), _levels(new)
    changes: list[TariffChange] = []
    for level in sorted(set(before) | set(after)):
        old_amount = before.get(level, before.get(BLENDED) if level != BLENDED else None)
        new_amount = after.get(level)
        if old_amount != new_amount:
            changes.append(TariffChange(code, level, old_amount, new_amount))
    return changes


def _json_value(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _field_changes(old: Product, new: Product) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for name in type(old).model_fields:
        if name in _IGNORED:
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(FieldChange(old.code, name, _to_plain(before), _to_plain(after)))
    return changes


def _to_plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return _json_value(value)


def diff_catalogs(old: Catalog, new: Catalog, on: dt.date | None = None) -> CatalogDiff:
    day = on or new.valid_from
    old_codes = {p.code: p for p in old.products}
    new_codes = {p.code: p for p in new.products}
    fields: list[FieldChange] = []
    tariffs: list[TariffChange] = []
    for code in sorted(set(old_codes) & set(new_codes)):
        fields.extend(_field_changes(old_codes[code], new_codes[code]))
        tariffs.extend(
            _tariff_changes(
                code,
                _tariff_for_comparison(old_codes[code], day),
                _tariff_for_comparison(new_codes[code], day),
            )
        )
    old_contracts = {c.id: c for c in old.contracts}
    new_contracts = {c.id: c for c in new.contracts}
    return CatalogDiff(
        old=f"{old.name}",
        new=f"{new.name}",
        on=day,
        added=tuple(sorted(set(new_codes) - set(old_codes))),
        removed=tuple(sorted(set(old_codes) - set(new_codes))),
        field_changes=tuple(fields),
        tariff_changes=tuple(tariffs),
        contracts_added=tuple(sorted(set(new_contracts) - set(old_contracts))),
        contracts_removed=tuple(sorted(set(old_contracts) - set(new_contracts))),
        contracts_changed=tuple(
            sorted(
                cid
                for cid in set(old_contracts) & set(new_contracts)
                if old_contracts[cid] != new_contracts[cid]
            )
        ),
    )
