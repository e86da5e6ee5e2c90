"""Benchmark: every dashboard page answers in under 300 ms (p95 over 50 requests) on one region-year.

Run: `.venv/bin/python benchmarks/dashboard.py [--db FILE] [--scale 1.0]` (or `make bench`). Without
`--db` it generates a synthetic region-year of Centraal Gelderland (`zorgpad synth` at `--scale`) and
ingests it into a temporary store. The app is served by uvicorn on 127.0.0.1 in this process and asked
over real HTTP (httpx). For every page (every HTML route, with real codes for its path parameters), the
downloads and the API, it records the first request in the walk (`koud`: earlier pages of the walk may
have filled shared caches), then times 50 more and reports p50/p95/max, beside the same figures for
`/api/gezondheid` (a route that does no work) as baseline of the run.

First requests are also measured on a fresh app per page (a new `create_app`, served anew): `eerste`
is the page's first request sent as soon as the server has started, while the background warm-up has
just begun; `na_opwarmen` is the first request to a fresh app once its warm-up has finished (and
`opwarmen_s` how long the warm-up took). Results go to benchmarks/results/dashboard.json; exit 1 when
a page misses the target.
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.routing import APIRoute

from zorgpad.app.web import create_app
from zorgpad.app.web.auth import Principal
from zorgpad.app.web.auth.gate import AuthGate
from zorgpad.app.web.auth.session import SchemeSessions
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.app.web.routes import all_routes
from zorgpad.catalog import load_catalog
from zorgpad.store.ingest import ingest
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "dashboard.json"
CATALOG = "centraal-gelderland"
REQUESTS = 50
TARGET_P95_MS = 300.0
BASELINE = "/api/gezondheid"
ACCESS_RESULTS = ROOT / "benchmarks" / "results" / "dashboard-toegang.json"
ACCESS_RATIO = 1.2


def build_store(folder: Path, scale: float) -> Path:
    out = folder / "synth"
    out.mkdir()
    started = time.perf_counter()
    generate(region_facts(load_catalog(CATALOG), 2025), out, 2025, 1, scale, AnomalyRates())
    db = folder / "regio.duckdb"
    ingest(out, db)
    print(f"regiojaar gemaakt en ingelezen in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def serve(app: FastAPI) -> tuple[str, uvicorn.Server, threading.Thread, socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread, sock


def targets(client: httpx.Client, app_routes: list[Any]) -> list[str]:
    """Every page route with real codes, one download of each kind, and the API."""
    first = client.get("/api/indicatoren").json()[0]
    samples = {
        "slug": first["knelpunt"].replace(":", "-"),
        "id": "kosten-per-gemeente",
        "/gemeenten/{code}": client.get("/api/indicatoren/kosten-per-gemeente").json()["rijen"][0][
            "gemeente"
        ],
        "/aanbieders/{code}": client.get("/api/indicatoren/kosten-per-aanbieder").json()["rijen"][0][
            "aanbieder"
        ],
    }
    paths = []
    for route in app_routes:
        if not isinstance(route, APIRoute) or route.path in (BASELINE, "/api/openapi.json", "/favicon.ico"):
            continue
        if route.path.startswith("/scenarios/"):  # downloads of a scenario: they need one chosen
            continue
        if "GET" not in route.methods:  # forms that only post (log out)
            continue
        path = route.path
        if path in samples:
            path = path.replace("{code}", str(samples[path]))
        path = path.replace("{slug}", samples["slug"]).replace("{id}", samples["id"])
        if "{" not in path:
            paths.append(path)
    paths.append("/indicatoren/kosten-per-gemeente?van=2025-04-01&tot=2025-09-30")
    return [BASELINE, *paths]


def first_request(db: Path, path: str, *, after_warmup: bool) -> tuple[float, float | None]:
    """The first request to `path` on a fresh app (ms), and the warm-up's duration (s) when awaited."""
    app = create_app(db, CATALOG)
    url, server, thread, sock = serve(app)
    warmed = None
    try:
        if after_warmup:
            started = time.perf_counter()
            warmup = getattr(app.state, "warmup", None)
            if warmup is None:
                return float("nan"), None
            warmup.wait(timeout=600)
            warmed = time.perf_counter() - started
        with httpx.Client(base_url=url, timeout=120, headers=bearer_headers(app)) as client:
            started = time.perf_counter()
            client.get(path).raise_for_status()
            return (time.perf_counter() - started) * 1000, warmed
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def measure(client: httpx.Client, path: str) -> dict[str, Any]:
    started = time.perf_counter()
    first = client.get(path)
    cold = (time.perf_counter() - started) * 1000
    if first.status_code != 200:
        raise SystemExit(f"{path}: status {first.status_code}: {first.text[:300]}")
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(path).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "path": path,
        "cold_ms": round(cold, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
        "max_ms": round(times[-1], 1),
        "bytes": len(first.content),
    }


class _FixedPrincipal:
    """For the comparison only: every request is the whole region's, with no gate, session or token
    check in front (the app as it was before access control)."""

    def __init__(self, app: Any, principal: Principal) -> None:
        self.app = app
        self.principal = principal

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})["principal"] = self.principal
        await self.app(scope, receive, send)


def _without_access_control(db: Path) -> FastAPI:
    app = create_app(db, CATALOG, warm=False)
    app.user_middleware = [m for m in app.user_middleware if m.cls not in (AuthGate, SchemeSessions)]
    app.add_middleware(_FixedPrincipal, principal=Principal("bench", "regio"))
    return app


def _login(client: httpx.Client, name: str, password: str) -> None:
    page = client.get("/inloggen").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    answer = client.post("/inloggen", data={"gebruiker": name, "wachtwoord": password, "csrf": csrf})
    if answer.status_code != 303:
        raise SystemExit(f"inloggen als {name} mislukt: {answer.status_code}")


def access_overhead(db: Path) -> int:
    """Overview p95 with login (session cookie) and scoping (a municipality account) against the same
    page without access control, in the same run; target at most ACCESS_RATIO. The three variants are
    served side by side and asked in turn, request by request, so a busy machine weighs on all alike."""
    password = "benchmark-wachtwoord"
    running = []
    clients: dict[str, httpx.Client] = {}
    try:
        for label, who in (("zonder", None), ("regio", "bench-regio"), ("gemeente", "bench-gemeente")):
            app = _without_access_control(db) if who is None else create_app(db, CATALOG, warm=False)
            accounts = app.state.auth.accounts
            if who is not None and accounts.principal(who) is None:
                scope = [app.state.data.gemeenten[0].code] if label == "gemeente" else []
                accounts.add(who, label, password=password, gemeenten=scope)
            url, server, thread, sock = serve(app)
            running.append((server, thread, sock))
            clients[label] = httpx.Client(base_url=url, timeout=120)
            if who is not None:
                _login(clients[label], who, password)
            clients[label].get("/").raise_for_status()  # the first request fills the caches
        times: dict[str, list[float]] = {label: [] for label in clients}
        for _ in range(REQUESTS * 2):
            for label, client in clients.items():
                started = time.perf_counter()
                client.get("/").raise_for_status()
                times[label].append((time.perf_counter() - started) * 1000)
    finally:
        for client in clients.values():
            client.close()
        for server, thread, sock in running:
            server.should_exit = True
            thread.join(timeout=30)
            sock.close()
    results = {}
    for label, found in times.items():
        found.sort()
        results[label] = {
            "p50_ms": round(statistics.median(found), 1),
            "p95_ms": round(found[int(0.95 * len(found)) - 1], 1),
        }
    base = results["zonder"]["p95_ms"]
    print(f"{'overzicht /':30} {'p50':>7} {'p95':>7}  verhouding p95 ({REQUESTS * 2} verzoeken)")
    for label, row in results.items():
        print(f"{label:30} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f}  {row['p95_ms'] / base:.2f}x")
    worst = max(results["regio"]["p95_ms"], results["gemeente"]["p95_ms"]) / base
    ACCESS_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    ACCESS_RESULTS.write_text(
        json.dumps({"target_ratio": ACCESS_RATIO, "ratio": round(worst, 3), "rows": results}, indent=2),
        encoding="utf-8",
    )
    print(f"slechtste verhouding: {worst:.2f}x (doel ≤ {ACCESS_RATIO}x)")
    return 0 if worst <= ACCESS_RATIO else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, help="an existing store (default: build one)")
    parser.add_argument("--scale", type=float, default=1.0, help="synth scale when building a store")
    parser.add_argument(
        "--alleen-p95", action="store_true", help="skip the first requests on fresh apps (a shared machine)"
    )
    parser.add_argument(
        "--toegang", action="store_true", help="only the overhead of login and scoping on the overview"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or build_store(Path(folder), args.scale)
        if args.toegang:
            return access_overhead(db)
        app = create_app(db, CATALOG)
        url, server, thread, sock = serve(app)
        try:
            with httpx.Client(base_url=url, timeout=120, headers=bearer_headers(app)) as client:
                rows = [measure(client, path) for path in targets(client, all_routes(app))]
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            sock.close()
        warmups = []
        for row in rows:
            if args.alleen_p95:
                row["eerste_ms"], row["na_opwarmen_ms"] = float("nan"), None
                continue
            row["eerste_ms"] = round(first_request(db, row["path"], after_warmup=False)[0], 1)
            after, warmed = first_request(db, row["path"], after_warmup=True)
            row["na_opwarmen_ms"] = None if after != after else round(after, 1)
            if warmed is not None:
                warmups.append(warmed)
    heading = f"{'pagina':62} {'eerste':>7} {'na opw.':>7} {'koud':>7} {'p50':>7} {'p95':>7} {'max':>7}"
    print(f"{heading}  (ms, {REQUESTS} verzoeken)")
    for row in rows:
        warm = "–" if row["na_opwarmen_ms"] is None else f"{row['na_opwarmen_ms']:.0f}"
        figures = (
            f"{row['eerste_ms']:7.0f} {warm:>7} {row['cold_ms']:7.0f} {row['p50_ms']:7.1f} "
            f"{row['p95_ms']:7.1f} {row['max_ms']:7.1f}"
        )
        print(f"{row['path']:62} {figures}")
    if warmups:
        median = statistics.median(warmups)
        print(f"opwarmen na de start: {median:.1f} s (mediaan over {len(warmups)} starts)")
    pages = [r for r in rows if r["path"] != BASELINE]
    missed = [r["path"] for r in pages if r["p95_ms"] >= TARGET_P95_MS]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "target_p95_ms": TARGET_P95_MS,
                "requests": REQUESTS,
                "store": str(db) if args.db else f"synth scale {args.scale}",
                "machine": platform.platform(),
                "opwarmen_s": round(statistics.median(warmups), 2) if warmups else None,
                "baseline": rows[0],
                "pages": pages,
                "missed": missed,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    worst = max(pages, key=lambda r: r["p95_ms"])
    print(f"slechtste p95: {worst['path']} {worst['p95_ms']} ms (doel < {TARGET_P95_MS:.0f} ms)")
    if missed:
        print(f"Doel gemist op: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
