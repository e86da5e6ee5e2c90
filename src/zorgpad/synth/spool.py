"""Claim lines on their way to a declaration: spooled to disk per (provider, month).

A municipality's clients are simulated one by one; each claim line is appended to the spool of its
provider and declaration month, together with running totals. The JW323 emitter then streams one
spool at a time, so memory never holds a year's claim lines, whatever the scale.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FLUSH_AT = 4096


@dataclass(frozen=True)
class ClaimLine:
    """One Prestatie as written: amounts in eurocents, dates as ISO strings, `dc` is D or C."""

    bsn: str
    ref: str
    prev_ref: str
    allocation: str
    category: str
    code: str
    begin: str
    end: str
    volume: int
    unit: str
    tariff: str  # empty for unit 83 (CD087)
    amount: int
    dc: str
    kind: str  # anomaly kind or ""
    rule: str  # expected rule/retourcode or ""
    sessions: bool  # individual-session product: write delivery records

    def encode(self) -> str:
        return "\t".join(
            (
                self.bsn, self.ref, self.prev_ref, self.allocation, self.category, self.code,
                self.begin, self.end, str(self.volume), self.unit, self.tariff, str(self.amount),
                self.dc, self.kind, self.rule, "1" if self.sessions else "",
            )
        )  # fmt: skip

    @staticmethod
    def decode(line: str) -> ClaimLine:
        f = line.rstrip("\n").split("\t")
        return ClaimLine(
            f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], int(f[8]), f[9], f[10], int(f[11]),
            f[12], f[13], f[14], f[15] == "1",
        )  # fmt: skip


class Spool:
    """Buffered per-(provider, month) files with the signed total of each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._buffers: dict[tuple[str, int], list[str]] = {}
        self.totals: dict[tuple[str, int], int] = {}
        self.counts: dict[tuple[str, int], int] = {}

    def add(self, provider: str, month: int, line: ClaimLine) -> None:
        key = (provider, month)
        buffer = self._buffers.setdefault(key, [])
        buffer.append(line.encode())
        signed = line.amount if line.dc == "D" else -line.amount
        self.totals[key] = self.totals.get(key, 0) + signed
        self.counts[key] = self.counts.get(key, 0) + 1
        if len(buffer) >= FLUSH_AT:
            self._flush(key)

    def pending(self) -> list[tuple[str, int]]:
        return sorted(self.counts)

    def lines(self, provider: str, month: int) -> Iterator[ClaimLine]:
        self._flush((provider, month))
        with self._path((provider, month)).open(encoding="utf-8") as handle:
            for raw in handle:
                yield ClaimLine.decode(raw)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._buffers.clear()
        self.totals.clear()
        self.counts.clear()

    def _flush(self, key: tuple[str, int]) -> None:
        buffer = self._buffers.get(key)
        if not buffer:
            return
        with self._path(key).open("a", encoding="utf-8") as handle:
            handle.write("\n".join(buffer))
            handle.write("\n")
        buffer.clear()

    def _path(self, key: tuple[str, int]) -> Path:
        return self.folder / f"{key[0]}_{key[1]:02d}.tsv"
