"""A YAML alias bomb or deep nesting gives a coded Dutch error, quickly (issue 17, item 5).

The commands run in a child process with a 1 GB address-space limit and a time limit, so that a
regression fails the test instead of exhausting the shared machine.
"""

from __future__ import annotations

import itertools
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

ZORGPAD = [str(Path(sys.executable).with_name("zorgpad"))]  # the console script beside this Python


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    result = subprocess.run(
        [*ZORGPAD, *args], capture_output=True, text=True, timeout=120, preexec_fn=_limit, check=False
    )
    assert time.monotonic() - started < 60
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bom.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert path.stat().st_size < 400  # the probe's bomb was 365 bytes
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["catalog", "check", "{bomb}"],
        ["check", "--db", "{db}", "--catalog", "{bomb}", "--out", "{tmp}/uit"],
        ["scenario", "run", "--db", "{db}", "--catalog", "rijnmond", "--reform-file", "{bomb}",
         "--reform", "bom", "--out", "{tmp}/uit"],
    ],
)  # fmt: skip
def test_alias_bomb_is_refused_with_a_code(tmp_path: Path, bomb: Path, command: list[str]) -> None:
    db = tmp_path / "leeg.duckdb"
    args = [part.format(bomb=bomb, db=db, tmp=tmp_path) for part in command]
    result = _run(args)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "YAML-ALIAS" in output and "alias" in output


def test_deep_nesting_is_refused_without_crash(tmp_path: Path) -> None:
    deep = tmp_path / "diep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = _run(["catalog", "check", str(deep)])
    assert result.returncode not in (0, -11)  # -11: the C parser's segmentation fault
    assert "YAML-TE-DIEP" in result.stdout + result.stderr


def test_large_file_is_refused_unread(tmp_path: Path) -> None:
    from zorgpad.catalog.yamlsource import read_yaml
    from zorgpad.errors import UserError

    big = tmp_path / "groot.yaml"
    big.write_bytes(b"a: b\n" + b"#" * (6 * 1024 * 1024))
    with pytest.raises(UserError) as raised:
        read_yaml(big)
    assert raised.value.code == "YAML-TE-GROOT"
