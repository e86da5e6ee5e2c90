"""Benchmark of the control engine: N claim lines against N/5 allocations, generated directly as
tables in the store's schema (Arrow -> DuckDB, no XML).

    .venv/bin/python benchmarks/control.py [--lines 5000000]

The store keeps summaries of the claim lines up to date at ingest (`zorgpad.store.summaries`); here
they are made once for the whole generated store, and that time is printed apart.

Times, each in its own subprocess (peak RSS from the OS): (1) a bare DuckDB join of claim lines to
allocations plus an aggregate, (2) `check` = all iJw rules (rules + findings table, no JW325 XML).
Both run `--repeat` times, alternating, so a busy spell on this shared machine hits both; the ratio is
of the fastest runs (and, for the spread, of the medians). Prints wall time, CPU time, peak memory.
The data are what level 2 lets through: one debet per allocation, product and month in a declaration
(TR416); 1 % of the debets is credited and declared again a month later.
Targets: < 60 s, < 8 GB, <= 5x the bare join.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from zorgpad.store import Store
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


MONTHS = 12
FIRST_MONTH, LAST_MONTH = 3, 10  # claimed months; every allocation runs from Jan/Feb for 330 days
CORRECTED = 0.01  # share of debets credited and declared again in the next month's declaration


def _client_keys(client: np.ndarray) -> np.ndarray:
    """Client keys shaped like the store's pseudonyms: 32 hex digits (a keyed hash of the BSN), one client
    per allocation. Their length matters: DuckDB keeps strings of up to 12 bytes inline."""
    mixed = (client.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    high = np.char.mod("%016x", mixed)
    low = np.char.mod("%016x", mixed ^ np.uint64(0xD6E8FEB86659FD93))
    return np.char.add(high, low)


def _month_bounds(month: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts = np.arange("2025-01", "2026-02", dtype="datetime64[M]").astype("datetime64[D]")
    return starts[month - 1], starts[month] - np.timedelta64(1, "D")


def _claims(
    rng: np.random.Generator,
    lines: int,
    n_alloc: int,
    a_provider: np.ndarray,
    a_gemeente: np.ndarray,
    a_code: np.ndarray,
) -> tuple[pa.Table, np.ndarray, np.ndarray, np.ndarray]:
    """Claim lines as level 2 lets them through: at most one debet per allocation, product and month
    in a declaration (TR416); one declaration per aanbieder x gemeente x month. A small share of
    debets is credited in the next month's declaration and declared again there (credit first, OP366)."""
    months = LAST_MONTH - FIRST_MONTH + 1
    n_base = round(lines / (1 + 2 * CORRECTED))
    n_fix = (lines - n_base) // 2
    n_base = lines - 2 * n_fix
    slot = rng.choice(n_alloc * months, n_base, replace=False)
    pick = slot // months
    month = FIRST_MONTH + slot % months
    volume = rng.integers(1, 11, n_base)
    fixed = rng.choice(n_base, n_fix, replace=False)
    # Debets, then the credits of the corrected ones, then their new debets (one month later).
    pick_all = np.concatenate([pick, pick[fixed], pick[fixed]])
    period = np.concatenate([month, month[fixed], month[fixed]])
    decl_month = np.concatenate([month, month[fixed] + 1, month[fixed] + 1])
    vol = np.concatenate([volume, volume[fixed], rng.integers(1, 11, n_fix)])
    credit = np.concatenate([np.zeros(n_base, bool), np.ones(n_fix, bool), np.zeros(n_fix, bool)])
    refs = np.char.add("R", np.arange(lines).astype(str))
    vorig = np.full(lines, None, dtype=object)
    vorig[n_base : n_base + n_fix] = refs[fixed]
    tariff = 7800
    provider = np.searchsorted(np.unique(a_provider), a_provider[pick_all])
    gemeente = np.searchsorted(np.unique(a_gemeente), a_gemeente[pick_all])
    decl_key = (provider * 100 + gemeente) * 100 + decl_month
    _, decl_index = np.unique(decl_key, return_inverse=True)
    decl_msg = np.char.add("d", decl_index.astype(str))
    begin, end = _month_bounds(period)
    d_begin, d_end = _month_bounds(decl_month)
    decl_day = d_end + np.timedelta64(5, "D")
    amount = vol * tariff
    table = _table(
        "claim_lines",
        {
            "message_id": decl_msg,
            "position": np.arange(lines),
            "gemeente": a_gemeente[pick_all],
            "aanbieder": a_provider[pick_all],
            "dagtekening": decl_day,
            "declaratie_nummer": decl_msg,
            "declaratie_periode_begin": d_begin,
            "declaratie_periode_eind": d_end,
            "declaratie_dagtekening": decl_day,
            "client_key": _client_keys(pick_all),
            "referentie_nummer": refs,
            "vorig_referentie_nummer": vorig,
            "toewijzing_nummer": pick_all + 100000,
            "product_categorie": np.array([c[:2] for c in a_code])[pick_all],
            "product_code": a_code[pick_all],
            "product_periode_begin": begin,
            "product_periode_eind": end,
            "geleverd_volume": vol,
            "eenheid": np.full(lines, "04"),
            "product_tarief": np.full(lines, tariff),
            "ingediend_bedrag": amount,
            "debet_credit": np.where(credit, "C", "D"),
            "signed_bedrag": np.where(credit, -amount, amount),
        },
    )
    return table, decl_index, decl_msg, decl_month


def generate(path: Path, lines: int) -> float:
    """Write the benchmark store; returns the seconds the store took to summarise it (as an ingest
    keeps its summaries up to date batch by batch, here all at once)."""
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
            "client_key": _client_keys(np.arange(n_alloc)),
            "dagtekening": start - np.timedelta64(10, "D"),
            "toewijzing_nummer": np.arange(n_alloc) + 100000,
            "product_categorie": np.array([c[:2] for c in a_code]),
            "product_code": a_code,
            "toewijzingsdatum": start - np.timedelta64(10, "D"),
            "ingangsdatum": start,
            "einddatum": start + np.timedelta64(330, "D"),
            "volume": np.full(n_alloc, 10),
            "eenheid": np.full(n_alloc, "04"),
            "frequentie": np.full(n_alloc, "4"),
        },
    )
    claim_lines, decl_index, decl_msg, decl_month = _claims(
        rng, lines, n_alloc, a_provider, a_gemeente, a_code
    )
    begin, end = _month_bounds(decl_month)
    decl_day = end + np.timedelta64(5, "D")
    first = np.unique(decl_index, return_index=True)[1]
    declarations = _table(
        "declarations",
        {
            "message_id": decl_msg[first],
            "gemeente": claim_lines["gemeente"].to_numpy(zero_copy_only=False)[first],
            "aanbieder": claim_lines["aanbieder"].to_numpy(zero_copy_only=False)[first],
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
    started = time.perf_counter()
    Store.open(path, create=True).close()  # a store without summaries gets them when opened to write
    return time.perf_counter() - started


def _child(mode: str, db: str) -> None:
    # Imports are not timed, as the bare join's `import duckdb` is not: the work on the data is compared.
    import ibis.backends.duckdb  # noqa: F401  (else imported on the store's first open, inside the timing)
    import pandas  # noqa: F401  (Ibis loads it on its first result: start-up, like the imports here)

    from zorgpad.control.cli_support import open_inputs
    from zorgpad.control.run import check

    started = time.perf_counter()
    cpu_started = time.process_time()
    if mode == "bare":
        con = duckdb.connect(db, read_only=True)
        rows = len(con.execute(BARE).fetchall())
        con.close()  # as the check closes its store: both are timed from open to close
    else:
        store, tables = open_inputs(Path(db))
        with store:
            rows = check(store.backend, tables).findings.num_rows
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = _peak_rss()
    print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "peak_bytes": peak, "rows": rows}))


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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "bench.duckdb"
        started = time.perf_counter()
        summarised = generate(db, args.lines)
        print(
            f"gegenereerd: {args.lines} prestaties, {args.lines // 5} toewijzingen "
            f"in {time.perf_counter() - started:.1f} s (waarvan samenvattingen voor de controle: "
            f"{summarised:.1f} s)"
        )
        bares, fulls = [], []
        for _ in range(args.repeat):
            bares.append(_measure("bare", db))
            fulls.append(_measure("check", db))
    bare, full = _fastest(bares), _fastest(fulls)
    print(
        f"kale join + aggregatie: {bare['seconds']:.2f} s (cpu {bare['cpu_seconds']:.2f} s), "
        f"piekgeheugen {bare['peak_bytes'] / 2**30:.2f} GiB"
    )
    print(
        f"check (alle iJw-regels): {full['seconds']:.2f} s (cpu {full['cpu_seconds']:.2f} s), "
        f"piekgeheugen {max(f['peak_bytes'] for f in fulls) / 2**30:.2f} GiB, "
        f"{int(full['rows'])} bevindingen"
    )
    spread = statistics.median(f["seconds"] for f in fulls) / statistics.median(b["seconds"] for b in bares)
    print(
        f"verhouding: {full['seconds'] / bare['seconds']:.1f}x "
        f"(cpu {full['cpu_seconds'] / bare['cpu_seconds']:.1f}x; mediaan {spread:.1f}x; "
        f"snelste van {args.repeat}; doel <= 5x); {dt.date.today().isoformat()}"
    )


def _fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    return min(runs, key=lambda run: run["seconds"])


if __name__ == "__main__":
    main()
