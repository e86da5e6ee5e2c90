"""The knip per municipality: the euros a reform moves between regional and local purchasing, what each
municipality pays under the region's cost-sharing key (verdeelsleutel) before and after, and which
local contracts are missing for care that moves to local purchasing.

- Moved: the scenario amount of a municipality's claim lines whose side of the knip changed (regional
  to local counts positive, local to regional negative). The municipalities' amounts add up to the total.
- Pays: the municipality's share of the regional side under the key in force on each line's month, plus
  its own local care (care outside every lot is its own as well). `inwoners-0-17` and
  `vaste-verdeling` share the regional total of each key period in proportion to the weights, rounded
  to the cent by largest remainder so the shares add up exactly; `gebruik`, and months no key covers,
  charge each municipality its own regional care.
- Before is the baseline catalogue with the granted amounts, after the scenario's catalogue (its keys
  too) with the scenario amounts. For a pure shift the differences add up to zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from zorgpad.catalog.contract_lines import missing_local_contracts
from zorgpad.catalog.lookup import Catalog
from zorgpad.catalog.model import CatalogFile, CostSharingKey

METHOD_NL = {
    "inwoners-0-17": "naar aantal jeugdigen (0-17 jaar)",
    "gebruik": "naar gebruik (elke gemeente betaalt haar eigen regionale zorg)",
    "vaste-verdeling": "naar een vaste verdeling",
}
NO_KEY = "geen verdeelsleutel: naar gebruik"


@dataclass(frozen=True)
class MunicipalityKnip:
    gemeente: str
    name: str
    to_local_cents: int
    to_regional_cents: int
    own_regional_before: int
    own_regional_after: int
    own_local_before: int
    own_local_after: int
    share_before: int  # its share of the regional side under the key
    share_after: int

    @property
    def moved_cents(self) -> int:
        return self.to_local_cents - self.to_regional_cents

    @property
    def pays_before(self) -> int:
        return self.share_before + self.own_local_before

    @property
    def pays_after(self) -> int:
        return self.share_after + self.own_local_after

    @property
    def difference_cents(self) -> int:
        return self.pays_after - self.pays_before

    def as_json(self) -> dict[str, object]:
        return {
            "naam": self.name, "naar_lokaal_cents": self.to_local_cents,
            "naar_regionaal_cents": self.to_regional_cents, "verschoven_cents": self.moved_cents,
            "eigen_regionaal_voor_cents": self.own_regional_before,
            "eigen_regionaal_na_cents": self.own_regional_after,
            "aandeel_regionaal_voor_cents": self.share_before, "aandeel_regionaal_na_cents": self.share_after,
            "lokaal_voor_cents": self.own_local_before, "lokaal_na_cents": self.own_local_after,
            "betaalt_voor_cents": self.pays_before, "betaalt_na_cents": self.pays_after,
            "verschil_cents": self.difference_cents,
        }  # fmt: skip


@dataclass(frozen=True)
class MissingContract:
    gemeente: str
    name: str
    product: str
    product_name: str
    moved_cents: int


@dataclass(frozen=True)
class KnipEffect:
    rows: tuple[MunicipalityKnip, ...]
    missing: tuple[MissingContract, ...]
    keys_before: tuple[str, ...]
    keys_after: tuple[str, ...]

    @property
    def moved_total_cents(self) -> int:
        return sum(r.moved_cents for r in self.rows)

    @property
    def changes_anything(self) -> bool:
        return any(r.to_local_cents or r.to_regional_cents for r in self.rows) or any(
            r.share_before != r.share_after for r in self.rows
        )

    def as_json(self) -> dict[str, object]:
        return {
            "verschoven_cents": self.moved_total_cents,
            "verdeelsleutel_voor": list(self.keys_before),
            "verdeelsleutel_na": list(self.keys_after),
            "per_gemeente": {r.gemeente: r.as_json() for r in self.rows},
            "ontbrekende_lokale_contracten": [
                {"gemeente": m.gemeente, "naam": m.name, "product": m.product, "productnaam": m.product_name,
                 "verschoven_cents": m.moved_cents}
                for m in self.missing
            ],
        }  # fmt: skip


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` cents shared in proportion to `weights`, exact to the cent (largest remainder; ties by
    code). A negative total (more credited than declared) is shared the same way, with its sign."""
    whole = sum(weights.values())
    if whole <= 0:
        return dict.fromkeys(weights, 0)
    sign, amount = (-1, -total) if total < 0 else (1, total)
    floors = {code: amount * w // whole for code, w in weights.items()}
    left = amount - sum(floors.values())
    order = sorted(weights, key=lambda code: (-(amount * weights[code] % whole), code))
    for code in order[:left]:
        floors[code] += 1
    return {code: sign * value for code, value in floors.items()}


def _key_on(keys: tuple[CostSharingKey, ...], day: dt.date) -> int | None:
    return next((i for i, key in enumerate(keys) if key.covers(day)), None)


def describe(key: CostSharingKey) -> str:
    end = f" t/m {key.valid_to:%d-%m-%Y}" if key.valid_to else ""
    return f"vanaf {key.valid_from:%d-%m-%Y}{end}: {METHOD_NL[key.method]} ({key.source})"


def _shares(
    regional: dict[tuple[str, str], int], keys: tuple[CostSharingKey, ...], codes: list[str]
) -> tuple[dict[str, int], set[int | None]]:
    """Per municipality its share of the regional side; `regional` is (gemeente, month) -> cents."""
    per_key: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (gemeente, month), cents in regional.items():
        index = _key_on(keys, dt.date.fromisoformat(f"{month}-01"))
        per_key[index][gemeente] += cents
    shares: dict[str, int] = dict.fromkeys(codes, 0)
    for index, own in per_key.items():
        key = None if index is None else keys[index]
        if key is None or key.method == "gebruik":
            for gemeente, cents in own.items():
                shares[gemeente] = shares.get(gemeente, 0) + cents
            continue
        for gemeente, cents in allocate(sum(own.values()), dict(key.weights)).items():
            shares[gemeente] = shares.get(gemeente, 0) + cents
    return shares, set(per_key)


_SIDES = """
SELECT gemeente, month, side, sum(b)::BIGINT AS before, sum(a)::BIGINT AS after FROM (
    SELECT gemeente, month, purchasing_b AS side, baseline_cents AS b, 0 AS a FROM r
    UNION ALL SELECT gemeente, month, purchasing_n, 0, scenario_cents - moved_cents FROM r
    UNION ALL SELECT gemeente, month, purchasing_t, 0, moved_cents FROM r WHERE moved_cents <> 0
) GROUP BY ALL
"""
_MOVED = """
SELECT gemeente, product_code, purchasing_b, purchasing_n, sum(scenario_cents)::BIGINT
FROM r WHERE purchasing_b IS DISTINCT FROM purchasing_n
  AND 'regionaal' IN (coalesce(purchasing_b, ''), coalesce(purchasing_n, ''))
GROUP BY ALL
"""


def knip_effect(lines: pa.Table, before: CatalogFile, after: CatalogFile) -> KnipEffect:
    """The knip per municipality for a replay result (`ScenarioResult.lines`)."""
    names = {m.cbs_code: m.name for m in before.region.municipalities}
    con = duckdb.connect()
    con.register("r", lines)
    sides = con.execute(_SIDES).fetchall()
    moved = con.execute(_MOVED).fetchall()
    last = con.execute("SELECT max(month) FROM r").fetchone()
    con.close()
    codes = sorted(set(names) | {str(row[0]) for row in sides})
    regional_b: dict[tuple[str, str], int] = defaultdict(int)
    regional_a: dict[tuple[str, str], int] = defaultdict(int)
    own = {name: dict.fromkeys(codes, 0) for name in ("rb", "ra", "lb", "la")}
    for gemeente, month, side, cents_b, cents_a in sides:
        if side == "regionaal":
            regional_b[(gemeente, month)] += cents_b
            regional_a[(gemeente, month)] += cents_a
            own["rb"][gemeente] += cents_b
            own["ra"][gemeente] += cents_a
        else:
            own["lb"][gemeente] += cents_b
            own["la"][gemeente] += cents_a
    share_b, used_b = _shares(regional_b, before.cost_sharing, codes)
    share_a, used_a = _shares(regional_a, after.cost_sharing, codes)
    to_local: dict[str, int] = defaultdict(int)
    to_regional: dict[str, int] = defaultdict(int)
    local_products: dict[tuple[str, str], int] = defaultdict(int)
    for gemeente, product, side_b, side_n, cents in moved:
        if side_b == "regionaal":
            to_local[gemeente] += cents
            if side_n == "lokaal":
                local_products[(gemeente, product)] += cents
        else:
            to_regional[gemeente] += cents
    rows = tuple(
        MunicipalityKnip(
            code, names.get(code, code), to_local[code], to_regional[code], own["rb"][code], own["ra"][code],
            own["lb"][code], own["la"][code], share_b.get(code, 0), share_a.get(code, 0),
        )
        for code in codes
    )  # fmt: skip
    day = dt.date.fromisoformat(f"{last[0]}-01") if last and last[0] else after.valid_from
    catalog = Catalog(after, Path("scenario"), "scenario")
    products = {p.code: p.name for p in after.products}
    missing = tuple(
        MissingContract(gemeente, name, product, products.get(product, product),
                        local_products[(gemeente, product)])
        for gemeente, name, product in missing_local_contracts(catalog, {p for _, p in local_products}, day)
        if local_products.get((gemeente, product), 0) != 0
    )  # fmt: skip

    def keys(used: set[int | None], catalog_keys: tuple[CostSharingKey, ...]) -> tuple[str, ...]:
        found = [describe(catalog_keys[i]) for i in sorted(i for i in used if i is not None)]
        return tuple(found + ([NO_KEY] if None in used else []))

    return KnipEffect(rows, missing, keys(used_b, before.cost_sharing), keys(used_a, after.cost_sharing))
