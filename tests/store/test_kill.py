"""A run killed with SIGKILL leaves only whole batches; running again gives the uninterrupted result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store.store_data import copy_examples, declaration
from store.store_tables import rows, snapshot
from zorgpad.store import IngestOptions, ingest

# Ingest with two-file batches and report each file on stdout, so the test can kill it mid-run.
# With `workers` > 1 and small chunks the files are parsed in worker processes.
_CHILD = """
import sys
from zorgpad.store import IngestOptions, ingest

def tell(done, total):
    print(done, flush=True)

options = IngestOptions(batch_files=2, workers=int(sys.argv[3]), chunk_files=3)
ingest(sys.argv[1], sys.argv[2], options, tell)
"""


def _folder(root: Path) -> Path:
    copy_examples(root, fixed=True)
    for n in range(16):
        (root / f"declaratie{n:02d}.xml").write_bytes(declaration(f"7000{n:02d}", 3, 10, first_bsn=n))
    return root


def _kill_after(files: int, folder: Path, db: Path, workers: int) -> None:
    command = [sys.executable, "-c", _CHILD, str(folder), str(db), str(workers)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ.copy()) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if int(line) >= files:
                child.send_signal(signal.SIGKILL)
                break
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_killed_ingest_then_rerun_equals_uninterrupted(tmp_path: Path, workers: int) -> None:
    folder = _folder(tmp_path / "in")
    reference = tmp_path / "reference.duckdb"
    ingest(folder, reference, IngestOptions(batch_files=2))
    expected = snapshot(reference)
    assert len(expected["claim_lines"]) == 16 * 30 + 5

    killed = tmp_path / "killed.duckdb"
    _kill_after(7, folder, killed, workers)
    partial = snapshot(killed)
    # Only whole batches survive: every stored declaration has all of its lines.
    per_message = {r["message_id"]: r["line_count"] for r in rows(killed, "declarations")}
    lines = rows(killed, "claim_lines")
    assert len(lines) == sum(per_message.values())
    assert len(partial["messages"]) < len(expected["messages"])

    _kill_after(19, folder, killed, workers)  # killed again, further along
    report = ingest(folder, killed, IngestOptions(batch_files=2, workers=workers, chunk_files=3))
    assert sum(c.present for c in report.counts.values()) > 0
    assert snapshot(killed) == expected
