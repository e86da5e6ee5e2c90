"""Benchmark of the control engine: N claim lines against N/5 allocations, generated directly as
tables in the store's schema (Arrow -> DuckDB, no XML).

    .venv/bin/python benchmarks/control.py [--lines 5000000]

Times, each in its own subprocess (peak RSS from the OS): (1) a bare DuckDB join of claim lines to
allocations plus an aggregate, (2) `check` = all iJw rules (rules + findings table, no JW325 XML).
Prints time, peak memory and the ratio. Targets: < 60 s, < 8 GB, <= 5x the bare join.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from zorgpad.store.schema import TABLES

BARE = """
SELECT a.product_code, count(*) AS n, sum(c.signed_bedrag) AS bedrag,
       sum(CASE WHEN c.product_periode_begin < a.ingangsdatum THEN 1 ELSE 0 END) AS early
FROM claim_lines c JOIN allocations a
  ON c.gemeente = a.gemeente AND c.aanbieder = a.aanbieder AND c.toewijzing_nummer = a.toewijzing_nummer
GROUP BY a.product_code
"""


def _table(name: str, columns: dict[str, object]) -> pa.Table:
    spec = TABLES[name]
    n = len(next(iter(columns.values())))  # type: ignore[arg-type]
    arrays = [
        pa.array(columns[f.name], f.type) if f.name in columns else pa.nulls(n, f.type)
        for f in spec.arrow_schema
    ]
    return pa.Table.from_arrays(arrays, schema=spec.arrow_schema)


def generate(path: Path, lines: int) -> None:
    rng = np.random.default_rng(1)
    n_alloc = max(1, lines // 5)
    providers = np.array([f"{99000000 + i:08d}" for i in range(40)])
    gemeenten = np.array([f"{200 + i:04d}" for i in range(11)])
    codes = np.array(["45A48", "54B01", "54B02", "45C01", "45A01"])
    a_provider = providers[rng.integers(0, len(providers), n_alloc)]
    a_gemeente = gemeenten[rng.integers(0, len(gemeenten), n_alloc)]
    a_code = codes[rng.integers(0, len(codes), n_alloc)]
    start = np.datetime64("2025-01-01") + rng.integers(0, 60, n_alloc).astype("timedelta64[D]")
    alloc_msg = np.array([f"a{i // 50:09d}" for i in range(n_alloc)])
    allocations = _table(
        "allocations",
        {
            "message_id": alloc_msg,
            "position": np.arange(n_alloc) % 50,
            "gemeente": a_gemeente,
            "aanbieder": a_provider,
            "client_key": np.char.add("c", np.arange(n_alloc).astype(str)),
            "dagtekening": start - np.timedelta64(10, "D"),
            "toewijzing_nummer": np.arange(n_alloc) + 100000,
            "product_categorie": np.char.ljust(a_code, 2)[:, None].astype("U2")[:, 0]
            if False
            else np.array([c[:2] for c in a_code]),
            "product_code": a_code,
            "toewijzingsdatum": start - np.timedelta64(10, "D"),
            "ingangsdatum": start,
            "einddatum": start + np.timedelta64(330, "D"),
            "volume": np.full(n_alloc, 10),
            "eenheid": np.full(n_alloc, "04"),
            "frequentie": np.full(n_alloc, "4"),
        },
    )
    pick = rng.integers(0, n_alloc, lines)
    month = rng.integers(3, 11, lines)
    begin = np.array([np.datetime64(f"2025-{m:02d}-01") for m in range(1, 13)])[month - 1]
    end = np.array(
        [
            np.datetime64(f"2025-{m:02d}-01") + np.timedelta64(n - 1, "D")
            for m, n in zip(range(1, 13), (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), strict=True)
        ]
    )[month - 1]
    volume = rng.integers(1, 11, lines)
    tariff = np.full(lines, 7800)
    # One declaration per provider x gemeente x month.
    decl_key = np.char.add(np.char.add(a_provider[pick], a_gemeente[pick]), month.astype(str))
    _, decl_index = np.unique(decl_key, return_inverse=True)
    decl_msg = np.char.add("d", decl_index.astype(str))
    decl_day = end + np.timedelta64(5, "D")
    claim_lines = _table(
        "claim_lines",
        {
            "message_id": decl_msg,
            "position": np.arange(lines),
            "gemeente": a_gemeente[pick],
            "aanbieder": a_provider[pick],
            "dagtekening": decl_day,
            "declaratie_nummer": decl_msg,
            "declaratie_periode_begin": begin,
            "declaratie_periode_eind": end,
            "declaratie_dagtekening": decl_day,
            "client_key": np.char.add("c", pick.astype(str)),
            "referentie_nummer": np.char.add("R", np.arange(lines).astype(str)),
            "toewijzing_nummer": pick + 100000,
            "product_categorie": np.array([c[:2] for c in a_code])[pick],
            "product_code": a_code[pick],
            "product_periode_begin": begin,
            "product_periode_eind": end,
            "geleverd_volume": volume,
            "eenheid": np.full(lines, "04"),
            "product_tarief": tariff,
            "ingediend_bedrag": volume * tariff,
            "debet_credit": np.full(lines, "D"),
            "signed_bedrag": volume * tariff,
        },
    )
    first = np.unique(decl_index, return_index=True)[1]
    declarations = _table(
        "declarations",
        {
            "message_id": decl_msg[first],
            "gemeente": a_gemeente[pick][first],
            "aanbieder": a_provider[pick][first],
            "identificatie": decl_msg[first],
            "dagtekening": decl_day[first],
            "declaratie_nummer": decl_msg[first],
            "declaratie_periode_begin": begin[first],
            "declaratie_periode_eind": end[first],
            "declaratie_dagtekening": decl_day[first],
            "totaal_ingediend_bedrag": np.zeros(len(first), dtype=np.int64),
            "totaal_debet_credit": np.full(len(first), "D"),
            "line_count": np.zeros(len(first), dtype=np.int64),
        },
    )
    ids = np.concatenate([np.unique(alloc_msg), decl_msg[first]])
    messages = _table(
        "messages",
        {
            "message_id": ids,
            "message_type": np.array(["JW301"] * len(np.unique(alloc_msg)) + ["JW323"] * len(first)),
            "valid": np.ones(len(ids), dtype=bool),
        },
    )
    con = duckdb.connect(str(path))
    for name, spec in TABLES.items():
        data = {
            "allocations": allocations,
            "claim_lines": claim_lines,
            "declarations": declarations,
            "messages": messages,
        }.get(name, spec.arrow_schema.empty_table())
        con.register("_src", data)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _src")
        con.unregister("_src")
    con.close()


def _child(mode: str, db: str) -> None:
    started = time.perf_counter()
    if mode == "bare":
        con = duckdb.connect(db, read_only=True)
        rows = len(con.execute(BARE).fetchall())
    else:
        from zorgpad.control.cli_support import open_inputs
        from zorgpad.control.run import check

        store, tables = open_inputs(Path(db))
        with store:
            rows = check(store.backend, tables).findings.num_rows
    elapsed = time.perf_counter() - started
    peak = _peak_rss()
    print(json.dumps({"seconds": elapsed, "peak_bytes": peak, "rows": rows}))


def _peak_rss() -> int:
    # VmHWM starts afresh at exec, unlike ru_maxrss, which keeps the forking parent's peak.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _measure(mode: str, db: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(db)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "bench.duckdb"
        started = time.perf_counter()
        generate(db, args.lines)
        print(
            f"gegenereerd: {args.lines} prestaties, {args.lines // 5} toewijzingen "
            f"in {time.perf_counter() - started:.1f} s"
        )
        bare = _measure("bare", db)
        full = _measure("check", db)
    print(
        f"kale join + aggregatie: {bare['seconds']:.2f} s, piekgeheugen {bare['peak_bytes'] / 2**30:.2f} GiB"
    )
    print(
        f"check (alle iJw-regels): {full['seconds']:.2f} s, "
        f"piekgeheugen {full['peak_bytes'] / 2**30:.2f} GiB, "
        f"{int(full['rows'])} bevindingen"
    )
    print(f"verhouding: {full['seconds'] / bare['seconds']:.1f}x (doel <= 5x); {dt.date.today().isoformat()}")


if __name__ == "__main__":
    main()
