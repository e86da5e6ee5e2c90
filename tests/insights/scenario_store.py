"""Load a YAML insight scenario into a fresh store: rows go straight into the store's tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from zorgpad.catalog import load_catalog
from zorgpad.insights.findings import store_findings
from zorgpad.insights.registry import Filters, InsightContext
from zorgpad.store import TABLES, Store

SCENARIOS = Path(__file__).parent / "scenarios"


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _value(value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_date32(kind) and not isinstance(value, dt.date):
        return dt.date.fromisoformat(str(value))
    if pa.types.is_time(kind):
        return dt.time.fromisoformat(str(value))
    if pa.types.is_string(kind):
        return json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value)
    return value


def _arrow(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = TABLES[name].arrow_schema
    unknown = {key for row in rows for key in row} - set(schema.names)
    if unknown:
        raise ValueError(f"{name}: unknown columns {sorted(unknown)}")
    columns = {f.name: [_value(row.get(f.name), f.type) for row in rows] for f in schema}
    return pa.table(columns, schema=schema)


def build_store(scenario: dict[str, Any], db: Path) -> Store:
    store = Store.open(db, create=True)
    for name, rows in scenario.get("tables", {}).items():
        store.connection.register("_scenario_rows", _arrow(name, rows))
        store.connection.execute(f"INSERT INTO {name} SELECT * FROM _scenario_rows").fetchall()
        store.connection.unregister("_scenario_rows")
    if "findings" in scenario:
        store_findings(store, pa.Table.from_pylist(scenario["findings"]))
    return store


def context(scenario: dict[str, Any], store: Store) -> InsightContext:
    catalog = load_catalog(scenario["catalog"]) if scenario.get("catalog") else None
    return InsightContext(store, catalog)


def filters(given: dict[str, Any] | None) -> Filters:
    return Filters(**(given or {}))
