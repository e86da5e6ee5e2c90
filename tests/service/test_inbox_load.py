"""The inbox under load, with the server in a process of its own: messages dropped in the watched folder
and posted over HTTP by 10 concurrent senders are all processed, every JW323 gets its JW325 in the
outbox, and the store equals a batch `zorgpad ingest` + `zorgpad check` of the same files, table by
table. Then the same with the server killed (SIGKILL) at three random moments and started again.

The first two tests are scaled down (200 dropped + 50 posted); the last runs the issue's full load,
2,000 dropped + 500 posted by 10 senders, with three SIGKILLs. `benchmarks/inbox.py` measures the
full load's speed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.conftest import KEY, Served, start_server, stop_server, zorgpad
from zorgpad.store.compare import differences
from zorgpad.store.database import Store, run

pytestmark = pytest.mark.slow

CATALOG = "centraal-gelderland"
DROPPED, POSTED, SENDERS = 200, 50, 10
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _sample(folder: Path, count: int, scale: float) -> list[Path]:
    """`count` message files of a synthetic region-year at `scale`, in a fixed random order."""
    from zorgpad.catalog import load_catalog
    from zorgpad.synth.anomalies import AnomalyRates
    from zorgpad.synth.from_catalog import region_facts
    from zorgpad.synth.run import generate

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ZORGPAD_PSEUDONYM_KEY", KEY)
        facts = region_facts(load_catalog(CATALOG), 2025)
        generate(facts, folder, 2025, 18, scale, AnomalyRates.uniform(0.03))
    files = sorted((folder / "berichten").rglob("*.xml"))
    return random.Random(18).sample(files, count)


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """DROPPED + POSTED message files of a synthetic region-year, in a fixed random order."""
    return _sample(tmp_path_factory.mktemp("synth"), DROPPED + POSTED, 0.003)


def _post(url: str, token: str, data: bytes, stop: threading.Event) -> str:
    """Post until the server accepts (202): a sender retries while the server is down."""
    while not stop.is_set():
        request = urllib.request.Request(
            url + "/api/berichten",
            data=data,
            headers={"Content-Type": "application/xml", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        try:
            with _NO_PROXY.open(request, timeout=60) as response:
                if response.status == 202:
                    return str(json.loads(response.read())["id"])
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError("sender stopped before its message was accepted")


def _status(url: str, token: str, message_id: str) -> str | None:
    request = urllib.request.Request(
        f"{url}/api/berichten/{message_id}", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with _NO_PROXY.open(request, timeout=30) as response:
            return str(json.loads(response.read())["status"])
    except (urllib.error.URLError, OSError):
        return None


def _run_inbox(
    tmp_path: Path, files: list[Path], kills: int, dropped_count: int = DROPPED
) -> tuple[Path, Path, list[str]]:
    db = tmp_path / "regio.duckdb"
    inbox, outbox = tmp_path / "in", tmp_path / "uit"
    inbox.mkdir()
    extra = ("--catalog", CATALOG, "--inbox", str(inbox), "--outbox", str(outbox))
    server: Served = start_server(db, *extra)
    port = int(server.url.rsplit(":", 1)[1])
    dropped, posted = files[:dropped_count], files[dropped_count:]
    for path in dropped:  # a plain copy: the watcher sees files being written
        shutil.copyfile(path, inbox / path.name)
    stop = threading.Event()
    slices = [posted[i::SENDERS] for i in range(SENDERS)]

    def sender(batch: list[Path]) -> list[str]:
        return [_post(server.url, server.token, path.read_bytes(), stop) for path in batch]

    rng = random.Random(1818)
    with ThreadPoolExecutor(SENDERS) as pool:
        futures = [pool.submit(sender, batch) for batch in slices]
        for _ in range(kills):
            time.sleep(rng.uniform(2.0, 12.0))
            server.process.kill()  # SIGKILL: no shutdown of any kind
            server.process.wait()
            server = start_server(db, *extra, port=port)
        ids = [message_id for future in futures for message_id in future.result(timeout=900)]
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        left = list(inbox.glob("*.xml"))
        pending = [i for i in ids if _status(server.url, server.token, i) in (None, "ontvangen")]
        if not left and not pending:
            break
        time.sleep(1)
    stop.set()
    stop_server(server)
    assert not list(inbox.glob("*.xml")), "files left in the inbox"
    assert (
        len(list((inbox / "verwerkt").glob("*.xml"))) + len(list((inbox / "fout").glob("*.xml")))
        == dropped_count
    )
    assert sorted(ids) == sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in posted)
    return db, outbox, ids


def _batch(tmp_path: Path, files: list[Path]) -> tuple[Path, Path]:
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in files:
        shutil.copyfile(path, folder / path.name)
    db = tmp_path / "batch.duckdb"
    ingested = zorgpad("ingest", str(folder), "--db", str(db))
    assert ingested.returncode in (0, 1), ingested.stderr
    out = tmp_path / "batch-uit"
    today = dt.date.today().isoformat()
    checked = zorgpad(
        "check", "--db", str(db), "--catalog", CATALOG, "--out", str(out), "--dagtekening", today
    )
    assert checked.returncode == 0, checked.stderr
    return db, out


def _assert_same_as_batch(tmp_path: Path, files: list[Path], db: Path, outbox: Path) -> None:
    batch_db, batch_out = _batch(tmp_path, files)
    assert differences(db, batch_db) == []
    # every JW323 that gets a JW325 in the batch got it in the outbox (same answer Identificatie)
    batch_answers = {p.stem.rsplit("_", 1)[1] for p in (batch_out / "jw325").glob("*.xml")}
    outbox_answers = {p.stem.rsplit("_", 1)[1] for p in outbox.glob("JW325_*.xml")}
    assert batch_answers and outbox_answers == batch_answers
    with Store.open(db, read_only=True) as store:
        counts = run(store.connection, "SELECT count(*), count(DISTINCT message_id) FROM inbox_messages")[0]
        stored = run(store.connection, "SELECT count(*), count(DISTINCT message_id) FROM messages")[0]
    assert counts == (len(files), len(files))  # nothing lost, nothing doubled
    assert stored == (len(files), len(files))


def test_every_message_is_processed_and_the_store_equals_the_batch_path(
    tmp_path: Path, messages: list[Path]
) -> None:
    db, outbox, _ = _run_inbox(tmp_path, messages, kills=0)
    _assert_same_as_batch(tmp_path, messages, db, outbox)


def test_three_sigkills_lose_nothing_and_double_nothing(tmp_path: Path, messages: list[Path]) -> None:
    db, outbox, _ = _run_inbox(tmp_path, messages, kills=3)
    _assert_same_as_batch(tmp_path, messages, db, outbox)


def test_the_full_load_with_three_sigkills(tmp_path: Path) -> None:
    """The issue's load: 2,000 messages dropped in the folder and 500 posted by 10 concurrent senders,
    the server killed three times at random moments: all processed, every JW323 answered, the store
    equal to the batch path's, table by table."""
    files = _sample(tmp_path / "synth", 2500, 0.02)
    db, outbox, _ = _run_inbox(tmp_path, files, kills=3, dropped_count=2000)
    _assert_same_as_batch(tmp_path, files, db, outbox)
