"""Read a hand-computed reform case (`tests/reforms/*.yaml`) into a catalogue and store tables.

A case gives a catalogue fragment (products, lots, contracts in the catalogue's own YAML format; the
fields a case does not care about are filled with plain defaults), a few claim lines as a contract
manager reads them, which of them control rejected, the reform, and the amounts expected per line and
in total, computed by hand. This module only fills in what the store makes redundant (message ids,
month begin and end, amount = volume x tariff) and writes the tables in the store's own schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import yaml

from zorgpad.catalog.model import CatalogFile
from zorgpad.store.schema import TABLES

GEMEENTE = "0202"
AANBIEDER = "99000011"

_BASE: dict[str, Any] = {
    "format": "zorgpad-catalogus/1",
    "version": "test",
    "published": "2024-10-01",
    "valid_from": "2025-01-01",
    "region": {
        "id": "test",
        "name": "Testregio",
        "purchasing_body": "Testinkoop",
        "municipalities": [{"cbs_code": "0202", "name": "Arnhem"}, {"cbs_code": "0221", "name": "Doesburg"}],
    },
    "staff_levels": [{"code": c, "name": c} for c in ("MBO", "HBO", "WO", "WO+")],
    "referral_policy": {"allowed_referrers": ["02"], "referral_term_months": 6, "max_allocation_months": 12},
    "care_need_domains": [{"code": "psychisch", "name": "Psychisch"}],
    "care_forms": [
        {"code": "behandeling-individueel", "name": "Behandeling individueel"},
        {"code": "behandeling-groep", "name": "Behandeling groep"},
        {"code": "daghulp", "name": "Daghulp"},
    ],
}


def _product(fields: dict[str, Any]) -> dict[str, Any]:
    code = str(fields["code"])
    product: dict[str, Any] = {
        "category": code[:2],
        "care_form": "behandeling-individueel",
        "name": f"Product {code}",
        "description": {"target_group": "-", "care_need": "-", "intended_result": "-"},
        "care_track": "jeugd-ggz",
        "care_need_domains": ["psychisch"],
        "complexity": "midden",
        "funding_variant": "inspanningsgericht",
        "unit": "04",
        "frequencies": ["2", "4", "6"],
        "setting": "individueel",
        "billable_time": "direct_en_indirect",
        "qualification": {"min_staff_level": "HBO"},
    }
    product.update(fields)
    return product


def catalog(fragment: dict[str, Any]) -> CatalogFile:
    data = {**_BASE, **{k: v for k, v in fragment.items() if k != "products"}}
    data["products"] = [_product(p) for p in fragment["products"]]
    return CatalogFile.model_validate(data)


def _month(text: str) -> tuple[dt.date, dt.date]:
    year, month = (int(x) for x in str(text).split("-")[:2])
    first = dt.date(year, month, 1)
    return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def store(case: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the store's tables, holding the case's claim lines and allocations."""
    rows: dict[str, list[dict[str, Any]]] = {"claim_lines": [], "messages": [], "allocations": []}
    positions: dict[str, int] = {}
    for line in case["declaraties"]:
        gemeente, aanbieder = str(line.get("gemeente", GEMEENTE)), str(line.get("aanbieder", AANBIEDER))
        begin, end = _month(line["periode"])
        declared = str(line.get("declaratie", line["periode"]))
        message_id = _id(gemeente, aanbieder, declared)
        if message_id not in positions:
            positions[message_id] = 0
            rows["messages"].append(
                {
                    "message_id": message_id,
                    "message_type": "JW323",
                    "valid": True,
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                }
            )
        position = positions[message_id]
        positions[message_id] += 1
        volume, tariff = int(line["volume"]), int(line["tarief"])
        sign = -1 if line.get("dc", "D") == "C" else 1
        rows["claim_lines"].append(
            {
                "message_id": message_id,
                "position": position,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "client_key": _id("client", line.get("client", "A"))[:32],
                "referentie_nummer": str(line["ref"]),
                "toewijzing_nummer": int(line.get("toewijzing", 1)),
                "product_categorie": str(line["product"])[:2],
                "product_code": str(line["product"]),
                "product_periode_begin": begin,
                "product_periode_eind": end,
                "geleverd_volume": volume,
                "eenheid": str(line.get("eenheid", "04")),
                "product_tarief": tariff,
                "ingediend_bedrag": volume * tariff,
                "debet_credit": line.get("dc", "D"),
                "signed_bedrag": sign * volume * tariff,
            }
        )
    for alloc in case.get("toewijzingen", []):
        rows["allocations"].append(
            {
                "message_id": _id("JW301", alloc["toewijzing"]),
                "position": 0,
                "gemeente": str(alloc.get("gemeente", GEMEENTE)),
                "aanbieder": str(alloc.get("aanbieder", AANBIEDER)),
                "toewijzing_nummer": int(alloc["toewijzing"]),
                "ingangsdatum": dt.date.fromisoformat(str(alloc["ingang"])),
            }
        )
    if "verwijzingen" in case:
        rows["referrals"] = [_referral(n, ref) for n, ref in enumerate(case["verwijzingen"], start=1)]
    con = duckdb.connect()
    for name, found in rows.items():
        con.register("_rows", pa.Table.from_pylist(found, schema=TABLES[name].arrow_schema))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _rows")
        con.unregister("_rows")
    return con


def _referral(number: int, ref: dict[str, Any]) -> dict[str, Any]:
    """An access team's referral record: the client, the product and the complexity it recorded."""
    day = dt.date.fromisoformat(str(ref["datum"]))
    return {
        "file_id": _id("verwijzingen"),
        "row_number": number,
        "client_key": _id("client", ref.get("client", "A"))[:32],
        "gemeente": str(ref.get("gemeente", GEMEENTE)),
        "referral_date": day,
        "referrer_type": "02",
        "products": [str(ref["product"])],
        "term_end": day + dt.timedelta(days=182),
        "extra": json.dumps({"complexiteit": ref["complexiteit"]}),
    }


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data
