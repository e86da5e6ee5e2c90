"""Storage faults: disk full, read-only store, locked store (issue 17, item 6).

Each gives a coded Dutch message with its cause and exit code 2, never a traceback; a failed
checkpoint is an error, and the data of the committed batches survive in the log for the next run.
Disk full is a real small tmpfs when the tests run as root, otherwise a file-size limit (RLIMIT_FSIZE)
on the child process, which DuckDB meets as a failed write just the same.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from store.store_data import copy_examples, declaration
from store.store_tables import snapshot

from .conftest import TEST_KEY

ZORGPAD = str(Path(sys.executable).with_name("zorgpad"))


def _zorgpad(args: list[str], limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def restrict() -> None:
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "ZORGPAD_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"}
    result = subprocess.run(
        [ZORGPAD, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        preexec_fn=restrict,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    copy_examples(folder / "voorbeelden", fixed=True)
    (folder / "declaraties").mkdir()
    for n in range(60):
        data = declaration(f"71{n:04d}", 20, 10, first_bsn=20 * n)
        (folder / "declaraties" / f"declaratie{n:03d}.xml").write_bytes(data)
    return folder


def _as_root() -> bool:
    return os.geteuid() == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mount tmpfs folders of a given size (as root); unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        folder = tmp_path / f"schijf{len(mounted)}"
        folder.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _full_store_size(inbox: Path, tmp_path: Path) -> tuple[int, dict[str, list[tuple[object, ...]]]]:
    db = tmp_path / "ruim.duckdb"
    assert _zorgpad(["ingest", str(inbox), "--db", str(db)]).returncode == 0
    return db.stat().st_size, snapshot(db)


@pytest.mark.slow
def test_disk_full_at_commit_and_at_checkpoint(
    inbox: Path, tmp_path: Path, small_disk: Callable[[str], Path]
) -> None:
    size, complete = _full_store_size(inbox, tmp_path)
    for fraction in (0.1, 0.75):  # 0.1: the log itself does not fit; 0.75: the log fits, the checkpoint not
        if _as_root():
            folder = small_disk(f"{int(size * fraction)}")
            db, limit = folder / "zorg.duckdb", None
        else:
            folder = tmp_path / f"grens{fraction}"
            folder.mkdir()
            db, limit = folder / "zorg.duckdb", int(size * fraction)
        result = _zorgpad(["ingest", str(inbox), "--db", str(db)], limit)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "[DB-SCHIJF-VOL]" in result.stderr
        assert "no transaction is active" not in result.stderr
        if fraction == 0.75:
            assert "checkpoint" in result.stderr and "logbestand" in result.stderr
            if _as_root():
                subprocess.run(["mount", "-o", f"remount,size={size * 4}", str(folder)], check=True)
            again = _zorgpad(["ingest", str(inbox), "--db", str(db)])
            assert again.returncode == 0, again.stderr
            assert snapshot(db) == complete  # nothing lost, nothing twice


@pytest.mark.slow
def test_read_only_store_is_exit_2_in_dutch(
    inbox: Path, tmp_path: Path, small_disk: Callable[[str], Path]
) -> None:
    folder = small_disk("64m") if _as_root() else tmp_path / "alleen-lezen"
    folder.mkdir(exist_ok=True)
    db = folder / "zorg.duckdb"
    assert _zorgpad(["ingest", str(inbox / "voorbeelden"), "--db", str(db)]).returncode == 0
    if _as_root():
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        db.chmod(0o444)
        folder.chmod(0o555)
    try:
        result = _zorgpad(["ingest", str(inbox), "--db", str(db)])
    finally:
        if not _as_root():
            folder.chmod(0o755)
    assert result.returncode == 2
    assert "alleen-lezen" in result.stderr and "[DB-" in result.stderr


@pytest.mark.slow
def test_locked_store_is_exit_2_in_dutch(inbox: Path, tmp_path: Path) -> None:
    db = tmp_path / "zorg.duckdb"
    assert _zorgpad(["ingest", str(inbox / "voorbeelden"), "--db", str(db)]).returncode == 0
    holder = duckdb.connect(str(db))  # another process's writer holds the file lock
    try:
        result = _zorgpad(["ingest", str(inbox), "--db", str(db)])
    finally:
        holder.close()
    assert result.returncode == 2
    # The lock's cause, in Dutch, and what to do (a served store: ingest and check go through the server).
    assert "[DB-IN-GEBRUIK]" in result.stderr
    assert "Een ander proces gebruikt deze database" in result.stderr
