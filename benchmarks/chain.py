"""Benchmark of the cross-message rules for starts, stops and requests over a national-scale year:
1 M allocations, 1 M starts, 0.8 M stops, 0.3 M requests (half JW315 products, half JW317 with two
products each), generated directly as tables in the store's schema (Arrow -> DuckDB, no XML).

    .venv/bin/python benchmarks/chain.py [--allocations 1000000] [--repeat 3]

Times, each in its own subprocess: (1) a bare DuckDB join over the same tables (each start and stop
to its allocation, each stop to its start, each request to the earlier requests of its client), (2)
`check` with only the rules on starts, stops and requests (findings table included). Both run
`--repeat` times, alternating; the ratio is of the fastest runs (and the medians for the spread).
Targets: <= 5x the bare join, < 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from zorgpad.store.schema import TABLES

CHAIN_RULES = (
    "TR019",
    "TR063",
    "TR071",
    "TR074",
    "TR326",
    "TR382",
    "TR413",
    "TR414",
    "TR415",
    "TR347",
    "TR349",
    "TR350",
    "TR351",
    "TR357",
    "TR373",
    "TR374",
)

BARE = """
WITH s AS (
    SELECT s.*, a.ingangsdatum FROM starts s JOIN allocations a
      ON s.gemeente = a.gemeente AND s.aanbieder = a.aanbieder AND s.toewijzing_nummer = a.toewijzing_nummer
), p AS (
    SELECT p.*, s.begindatum AS start_begin FROM stops p LEFT JOIN starts s
      ON p.gemeente = s.gemeente AND p.aanbieder = s.aanbieder AND p.client_key = s.client_key
     AND p.toewijzing_nummer = s.toewijzing_nummer AND p.begindatum = s.begindatum
), r AS (
    SELECT r.client_key, count(*) AS n FROM allocation_requests r JOIN allocation_requests e
      ON r.gemeente = e.gemeente AND r.aanbieder = e.aanbieder AND r.client_key = e.client_key
     AND e.dagtekening < r.dagtekening
    GROUP BY r.client_key
), w AS (
    SELECT w.message_id, count(*) AS n FROM change_requests w JOIN allocations a
      ON w.gemeente = a.gemeente AND w.aanbieder = a.aanbieder AND w.client_key = a.client_key
    GROUP BY w.message_id
)
SELECT (SELECT count(*) FROM s WHERE begindatum < ingangsdatum),
       (SELECT count(*) FROM p WHERE start_begin IS NULL),
       (SELECT sum(n) FROM r), (SELECT sum(n) FROM w)
"""


def _table(name: str, columns: dict[str, object]) -> pa.Table:
    spec = TABLES[name]
    n = len(next(iter(columns.values())))  # type: ignore[arg-type]
    arrays = [
        pa.array(columns[f.name], f.type) if f.name in columns else pa.nulls(n, f.type)
        for f in spec.arrow_schema
    ]
    return pa.Table.from_arrays(arrays, schema=spec.arrow_schema)


def _client_keys(client: np.ndarray) -> np.ndarray:
    """32 hex digits, like the store's pseudonyms (string length matters to DuckDB)."""
    mixed = (client.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    return np.char.add(
        np.char.mod("%016x", mixed), np.char.mod("%016x", mixed ^ np.uint64(0xD6E8FEB86659FD93))
    )


def generate(path: Path, n_alloc: int) -> None:
    rng = np.random.default_rng(7)
    providers = np.array([f"{99000000 + i:08d}" for i in range(400)])
    gemeenten = np.array([f"{200 + i:04d}" for i in range(342)])
    provider = providers[rng.integers(0, len(providers), n_alloc)]
    gemeente = gemeenten[rng.integers(0, len(gemeenten), n_alloc)]
    client = rng.integers(0, int(n_alloc * 0.7), n_alloc)  # some clients have several allocations
    keys = _client_keys(client)
    number = np.arange(n_alloc) + 100000
    start = np.datetime64("2025-01-01") + rng.integers(0, 300, n_alloc).astype("timedelta64[D]")
    day = start - np.timedelta64(10, "D")
    alloc_msg = np.char.add("a", np.arange(n_alloc).astype(str))
    tables: dict[str, pa.Table] = {}
    tables["allocations"] = _table(
        "allocations",
        {
            "message_id": alloc_msg,
            "position": np.zeros(n_alloc, np.int64),
            "gemeente": gemeente,
            "aanbieder": provider,
            "client_key": keys,
            "dagtekening": day,
            "toewijzing_nummer": number,
            "product_categorie": np.full(n_alloc, "45"),
            "product_code": np.full(n_alloc, "45A48"),
            "toewijzingsdatum": day,
            "ingangsdatum": start,
            "einddatum": start + np.timedelta64(330, "D"),
            "volume": np.full(n_alloc, 10),
            "eenheid": np.full(n_alloc, "04"),
            "frequentie": np.full(n_alloc, "2"),
        },
    )
    # One start per allocation (1 % sent twice), a stop for 80 % of them (2 % with another Begindatum).
    n_start = n_alloc
    pick = np.arange(n_start)
    pick[: n_start // 100] = rng.integers(0, n_alloc, n_start // 100)
    s_day = start[pick] + np.timedelta64(3, "D")
    tables["starts"] = _table(
        "starts",
        {
            "message_id": np.char.add("s", np.arange(n_start).astype(str)),
            "position": np.zeros(n_start, np.int64),
            "gemeente": gemeente[pick],
            "aanbieder": provider[pick],
            "client_key": keys[pick],
            "dagtekening": s_day,
            "toewijzing_nummer": number[pick],
            "product_categorie": np.full(n_start, "45"),
            "product_code": np.full(n_start, "45A48"),
            "toewijzing_ingangsdatum": start[pick],
            "begindatum": start[pick],
            "status_aanlevering": np.full(n_start, "1"),
        },
    )
    n_stop = n_alloc * 8 // 10
    stop = rng.choice(n_alloc, n_stop, replace=False)
    begin = start[stop].copy()
    begin[: n_stop // 50] += np.timedelta64(1, "D")
    tables["stops"] = _table(
        "stops",
        {
            "message_id": np.char.add("p", np.arange(n_stop).astype(str)),
            "position": np.zeros(n_stop, np.int64),
            "gemeente": gemeente[stop],
            "aanbieder": provider[stop],
            "client_key": keys[stop],
            "dagtekening": start[stop] + np.timedelta64(200, "D"),
            "toewijzing_nummer": number[stop],
            "product_categorie": np.full(n_stop, "45"),
            "product_code": np.full(n_stop, "45A48"),
            "toewijzing_ingangsdatum": start[stop],
            "begindatum": begin,
            "status_aanlevering": np.full(n_stop, "1"),
            "reden_beeindiging": np.where(rng.random(n_stop) < 0.1, "20", "02"),
            "einddatum": start[stop] + np.timedelta64(190, "D"),
        },
    )
    n_vot = n_alloc * 15 // 100
    vot = rng.choice(n_alloc, n_vot, replace=False)
    tables["allocation_requests"] = _table(
        "allocation_requests",
        {
            "message_id": np.char.add("v", np.arange(n_vot).astype(str)),
            "position": np.zeros(n_vot, np.int64),
            "gemeente": gemeente[vot],
            "aanbieder": provider[vot],
            "client_key": keys[vot],
            "dagtekening": day[vot] - np.timedelta64(5, "D"),
            "referentie_aanbieder": np.char.add("REF", np.arange(n_vot).astype(str)),
            "product_categorie": np.full(n_vot, "45"),
            "product_code": np.full(n_vot, "45A48"),
            "toewijzing_ingangsdatum": start[vot],
            "toewijzing_einddatum": start[vot] + np.timedelta64(330, "D"),
            "volume": np.full(n_vot, 10),
            "eenheid": np.full(n_vot, "04"),
            "frequentie": np.full(n_vot, "2"),
        },
    )
    n_vow = n_alloc * 15 // 100
    vow = rng.choice(n_alloc, n_vow, replace=False)
    both = np.repeat(vow, 2)
    kind = np.tile(np.array(["te_wijzigen", "nieuw"]), n_vow)
    w_day = np.repeat(start[vow] + np.timedelta64(60, "D"), 2)
    tables["change_requests"] = _table(
        "change_requests",
        {
            "message_id": np.repeat(np.char.add("w", np.arange(n_vow).astype(str)), 2),
            "position": np.tile(np.array([0, 1]), n_vow),
            "gemeente": gemeente[both],
            "aanbieder": provider[both],
            "client_key": keys[both],
            "dagtekening": w_day,
            "referentie_aanbieder": np.repeat(np.char.add("WREF", np.arange(n_vow).astype(str)), 2),
            "reden_verzoek": np.full(2 * n_vow, "1"),
            "kind": kind,
            "toewijzing_nummer": np.where(kind == "te_wijzigen", number[both], None),
            "product_categorie": np.full(2 * n_vow, "45"),
            "product_code": np.full(2 * n_vow, "45A04"),
            "gewenste_ingangsdatum": w_day + np.timedelta64(10, "D"),
            "einddatum": np.repeat(start[vow], 2) + np.timedelta64(330, "D"),
            "volume": np.full(2 * n_vow, 12),
            "eenheid": np.full(2 * n_vow, "04"),
            "frequentie": np.full(2 * n_vow, "2"),
        },
    )
    ids = np.concatenate([t["message_id"].to_numpy(zero_copy_only=False) for t in tables.values()])
    kinds = np.concatenate(
        [
            np.full(len(t), code)
            for code, t in zip(("JW301", "JW305", "JW307", "JW315", "JW317"), tables.values(), strict=True)
        ]
    )
    unique, first = np.unique(ids, return_index=True)
    tables["messages"] = _table(
        "messages",
        {"message_id": unique, "message_type": kinds[first], "valid": np.ones(len(unique), dtype=bool)},
    )
    con = duckdb.connect(str(path))
    for name, spec in TABLES.items():
        con.register("_src", tables.get(name, spec.arrow_schema.empty_table()))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _src")
        con.unregister("_src")
    con.close()


def _child(mode: str, db: str) -> None:
    import ibis.backends.duckdb  # noqa: F401  (imports are not timed, as the bare join's are not)
    import pandas  # noqa: F401

    from zorgpad.control.cli_support import open_inputs
    from zorgpad.control.engine import builtin_rules
    from zorgpad.control.registry import RuleSet
    from zorgpad.control.run import check

    started = time.perf_counter()
    cpu_started = time.process_time()
    if mode == "bare":
        con = duckdb.connect(db, read_only=True)
        rows = len(con.execute(BARE).fetchall())
        con.close()
    else:
        rules = RuleSet()
        for rule in builtin_rules():
            if rule.code in CHAIN_RULES:
                rules.add(rule)
        store, tables = open_inputs(Path(db))
        with store:
            rows = check(store.backend, tables, None, rules).findings.num_rows
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu_started,
                "rows": rows,
            }
        )
    )


def _measure(mode: str, db: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(db)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--allocations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "chain.duckdb"
        started = time.perf_counter()
        generate(db, args.allocations)
        seconds = time.perf_counter() - started
        print(
            f"gegenereerd: {args.allocations} toewijzingen met starts, stops en verzoeken in {seconds:.1f} s"
        )
        bares, fulls = [], []
        for _ in range(args.repeat):
            bares.append(_measure("bare", db))
            fulls.append(_measure("check", db))
            print(f"  kale join {bares[-1]['seconds']:.2f} s, check {fulls[-1]['seconds']:.2f} s", flush=True)
    bare, full = min(bares, key=lambda r: r["seconds"]), min(fulls, key=lambda r: r["seconds"])
    print(f"kale join: {bare['seconds']:.2f} s (cpu {bare['cpu_seconds']:.2f} s)")
    print(
        f"check (regels op starts, stops, verzoeken): {full['seconds']:.2f} s "
        f"(cpu {full['cpu_seconds']:.2f} s), {int(full['rows'])} bevindingen"
    )
    spread = statistics.median(f["seconds"] for f in fulls) / statistics.median(b["seconds"] for b in bares)
    cpu = full["cpu_seconds"] / bare["cpu_seconds"]
    print(
        f"verhouding: {full['seconds'] / bare['seconds']:.1f}x (cpu {cpu:.1f}x; mediaan {spread:.1f}x; "
        f"snelste van {args.repeat}; doel <= 5x, < 60 s); {dt.date.today().isoformat()}"
    )


if __name__ == "__main__":
    main()
