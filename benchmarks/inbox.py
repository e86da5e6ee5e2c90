"""Benchmark: the inbox against the batch path over the same files, in the same run.

Run: `.venv/bin/python benchmarks/inbox.py [--dropped 2000] [--posted 500] [--senders 10] [--scale 0.02]`.

It generates a synthetic region-year of Centraal Gelderland (`zorgpad synth` at `--scale`), takes
`--dropped` + `--posted` of its iJw messages (a fixed random sample) and measures, in one run:

- the batch path: `zorgpad ingest FOLDER` + `zorgpad check --catalog ...` over those files (two
  commands, as a region runs them), in messages per second;
- the inbox: `zorgpad serve --inbox ... --outbox ...` in a process of its own (already started and its
  dashboard warmed), the `--dropped` files copied into the watched folder and the `--posted` ones
  posted over HTTP by `--senders` concurrent senders; from the first arrival to the last message
  processed (validated, stored, judged, answered: the watched folder and the server's spool are
  empty, checked on disk every 0.1 s; then every posted message's status is checked), in messages
  per second;
- the dashboard overview (`/`) while the inbox is busy: p50/p95/max over requests sent one after the
  other every 0.25 s, beside the same when the server is idle (both after the dashboard's start-up
  warm-up has finished).

Targets: inbox throughput >= 0.5x the batch path's; overview p95 < 500 ms while processing. The run
also checks that the served store equals the batch store table by table
(`zorgpad.store.compare.differences`). Results go to benchmarks/results/inbox.json, the server's log
(the worker's time per batch and step) to benchmarks/results/inbox-serve.log; exit 1 when a target is
missed. On a shared machine, compare the ratio, not the absolute figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from zorgpad.app.web.auth.accounts import Accounts
from zorgpad.catalog import load_catalog
from zorgpad.store.compare import differences
from zorgpad.store.database import Store
from zorgpad.synth.anomalies import AnomalyRates
from zorgpad.synth.from_catalog import region_facts
from zorgpad.synth.run import generate

CATALOG = "centraal-gelderland"
KEY = "inbox-benchmark-pseudonym-key-0123456789"
RESULTS = Path(__file__).parent / "results" / "inbox.json"
ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))
THROUGHPUT_TARGET = 0.5
P95_TARGET_MS = 500.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_LOGGED_CLI = (
    "import logging, sys; logging.basicConfig(level=logging.INFO, format='%(asctime)s %(message)s'); "
    "sys.argv[0] = 'zorgpad'; from zorgpad.app.cli import main; main()"
)
SERVE_LOG = RESULTS.with_name("inbox-serve.log")


def _env() -> dict[str, str]:
    return {**os.environ, "ZORGPAD_PSEUDONYM_KEY": KEY, "NO_COLOR": "1"}


def _request(url: str, token: str, data: bytes | None = None, timeout: float = 120) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"}
    if data is not None:
        headers["Content-Type"] = "application/xml"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with _NO_PROXY.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _status(url: str, token: str, message_id: str) -> str:
    return str(json.loads(_request(f"{url}/api/berichten/{message_id}", token)[1])["status"])


def _sample(folder: Path, count: int, scale: float) -> list[Path]:
    with_key = {**os.environ, "ZORGPAD_PSEUDONYM_KEY": KEY}
    os.environ.update(with_key)
    generate(region_facts(load_catalog(CATALOG), 2025), folder, 2025, 2018, scale, AnomalyRates.uniform(0.02))
    files = sorted((folder / "berichten").rglob("*.xml"))
    if len(files) < count:
        raise SystemExit(f"only {len(files)} messages at scale {scale}; raise --scale")
    return random.Random(2018).sample(files, count)


def _batch(work: Path, files: list[Path]) -> dict[str, Any]:
    folder = work / "batch"
    folder.mkdir()
    for path in files:
        shutil.copyfile(path, folder / path.name)
    db = work / "batch.duckdb"
    started = time.perf_counter()
    ingest = subprocess.run(
        [ZORGPAD, "ingest", str(folder), "--db", str(db)], env=_env(), capture_output=True
    )
    ingested = time.perf_counter()
    day = dt.date.today().isoformat()
    check = subprocess.run(
        [ZORGPAD, "check", "--db", str(db), "--catalog", CATALOG, "--out", str(work / "batch-uit"),
         "--dagtekening", day],
        env=_env(), capture_output=True,
    )  # fmt: skip
    done = time.perf_counter()
    if ingest.returncode not in (0, 1) or check.returncode != 0:
        raise SystemExit(f"batch path failed: {ingest.stderr!r} {check.stderr!r}")
    return {"db": db, "ingest_s": ingested - started, "check_s": done - ingested, "total_s": done - started}


def _token(db: Path) -> str:
    with Store.open(db, create=True) as store:
        accounts = Accounts(store.connection.cursor())
        accounts.add("benchmark", "regio", password=None, gemeenten=[], aanbieders=[])
        return accounts.new_token("benchmark")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(db: Path, inbox: Path, outbox: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    log = (db.parent / "serve.log").open("wb")
    # The CLI in a Python that logs at INFO: the worker's timing per batch lands in serve.log.
    process = subprocess.Popen(
        [sys.executable, "-c", _LOGGED_CLI, "serve", "--db", str(db), "--port", str(port),
         "--catalog", CATALOG, "--inbox", str(inbox), "--outbox", str(outbox)],
        stdout=log, stderr=subprocess.STDOUT, env=_env(),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("zorgpad serve stopped; see serve.log")
        try:
            if _request(url + "/api/gezondheid", "", timeout=5)[0] == 200:
                return process, url
        except OSError:
            pass
        time.sleep(0.3)
    process.kill()
    raise SystemExit("zorgpad serve did not come up")


class Prober:
    """GET / one request after the other (0.25 s apart), recording (start time, latency)."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            began = time.perf_counter()
            status, _ = _request(self.url + "/", self.token)
            if status == 200:
                self.samples.append((began, time.perf_counter() - began))
            self.stop.wait(0.25)

    def between(self, start: float, end: float) -> list[float]:
        return [latency for began, latency in self.samples if start <= began <= end]


def _settle(url: str, token: str) -> None:
    """Wait until the dashboard's start-up warm-up is over (five quick overviews in a row), so the
    busy figures measure the inbox, not the warm-up."""
    quick = 0
    deadline = time.monotonic() + 300
    while quick < 5 and time.monotonic() < deadline:
        began = time.perf_counter()
        _request(url + "/", token)
        quick = quick + 1 if time.perf_counter() - began < 0.1 else 0
        time.sleep(0.5)


def _figures(latencies: list[float]) -> dict[str, float | int]:
    if not latencies:
        return {"n": 0}
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _inbox(work: Path, dropped: list[Path], posted: list[Path], senders: int) -> dict[str, Any]:
    db, inbox, outbox = work / "regio.duckdb", work / "in", work / "uit"
    inbox.mkdir()
    token = _token(db)
    process, url = _start(db, inbox, outbox)
    try:
        _settle(url, token)
        prober = Prober(url, token)
        prober.thread.start()
        time.sleep(5)
        idle_end = time.perf_counter()
        started = time.perf_counter()
        for path in dropped:
            shutil.copyfile(path, inbox / path.name)
        slices = [posted[i::senders] for i in range(senders)]

        def send(batch: list[Path]) -> list[str]:
            ids = []
            for path in batch:
                status, body = _request(url + "/api/berichten", token, path.read_bytes())
                if status != 202:
                    raise SystemExit(f"POST refused: {status} {body[:200]!r}")
                ids.append(json.loads(body)["id"])
            return ids

        with ThreadPoolExecutor(senders) as pool:
            ids = [i for found in pool.map(send, slices) for i in found]
        posted_s = time.perf_counter() - started
        # Done when the watched folder and the server's spool are empty: a folder file leaves the
        # folder, and any accepted message leaves the spool, only once it is processed and answered.
        # Checked on disk every 0.1 s, so the measurement costs the server nothing.
        spool = db.with_name(db.name + ".spool")
        while any(inbox.glob("*.xml")) or any(spool.glob("*.xml")):
            time.sleep(0.1)
        finished = time.perf_counter()
        prober.stop.set()
        prober.thread.join()
        pending = [i for i in ids if _status(url, token, i) == "ontvangen"]
        if pending:
            raise SystemExit(f"{len(pending)} posted messages still 'ontvangen' with an empty spool")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
        SERVE_LOG.parent.mkdir(exist_ok=True)
        shutil.copyfile(db.parent / "serve.log", SERVE_LOG)
    return {
        "db": db,
        "outbox": outbox,
        "total_s": finished - started,
        "posted_in_s": posted_s,
        "overview_idle": _figures(prober.between(0, idle_end)),
        "overview_busy": _figures(prober.between(started, finished)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dropped", type=int, default=2000)
    parser.add_argument("--posted", type=int, default=500)
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--scale", type=float, default=0.02)
    args = parser.parse_args()
    count = args.dropped + args.posted
    with tempfile.TemporaryDirectory(prefix="zorgpad-inbox-") as temporary:
        work = Path(temporary)
        files = _sample(work / "synth", count, args.scale)
        batch = _batch(work, files)
        inbox = _inbox(work, files[: args.dropped], files[args.dropped :], args.senders)
        found = differences(inbox["db"], batch["db"])
        answers = len(list(inbox["outbox"].glob("JW325_*.xml")))
        batch_answers = len(list((work / "batch-uit" / "jw325").glob("*.xml")))
    batch_rate = count / batch["total_s"]
    inbox_rate = count / inbox["total_s"]
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu (shared)",
        "messages": {"dropped": args.dropped, "posted": args.posted, "senders": args.senders},
        "batch": {k: round(v, 1) for k, v in batch.items() if k != "db"}
        | {"msg_per_s": round(batch_rate, 1)},
        "inbox": {
            "total_s": round(inbox["total_s"], 1),
            "posted_in_s": round(inbox["posted_in_s"], 1),
            "msg_per_s": round(inbox_rate, 1),
        },
        "ratio": round(inbox_rate / batch_rate, 2),
        "overview_idle": inbox["overview_idle"],
        "overview_busy": inbox["overview_busy"],
        "jw325": {"outbox": answers, "batch": batch_answers},
        "store_equal_to_batch": not found,
        "differences": found,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    busy = inbox["overview_busy"]
    ok = (
        result["ratio"] >= THROUGHPUT_TARGET
        and busy.get("n", 0) > 0
        and busy["p95_ms"] < P95_TARGET_MS
        and not found
        and answers == batch_answers
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
