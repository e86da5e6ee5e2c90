"""A declaration in the making: rendered Prestaties of one provider, municipality and month.

A municipality's clients are simulated one by one; each claim line is rendered at once and appended
to the declaration of its provider and month, with the running total (the header needs it before the
first line). A declaration keeps at most FLUSH_AT rendered lines in memory and spills the rest to a
file under `.spool`, so memory never holds a year's claim lines, whatever the scale. A client's lines
arrive together (all of one client's care is simulated before the next client's), so one Client
element stays open while the BSN repeats.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from zorgpad.synth.claims_xml import (
    CLIENT_CLOSE,
    CLIENT_OPEN,
    CLIENT_PRESTATIES,
    DECLARATION_TAIL,
    break_first,
)

FLUSH_AT = 512
_FRESH_REF = "<ijw:ReferentieNummer>P"
_BROKEN_REF = "<ijw:ReferentieNummer>F"


class Declaration:
    """One JW323 being filled; `broken` is the rule of a malformed first attempt written before it."""

    __slots__ = (
        "_bsn",
        "_folder",
        "_parts",
        "_spill",
        "_spilled",
        "broken",
        "broken_ident",
        "broken_name",
        "count",
        "group",
        "ident",
        "month",
        "name",
        "provider",
        "sessions",
        "total",
    )  # fmt: skip

    def __init__(
        self,
        folder: Path,
        provider: str,
        month: int,
        ident: str,
        name: str,
        broken: tuple[str, str, str] | None,
    ) -> None:
        self.provider, self.month, self.ident, self.name = provider, month, ident, name
        self.broken: str | None = broken[0] if broken is not None else None
        self.broken_ident = broken[1] if broken is not None else ""
        self.broken_name = broken[2] if broken is not None else ""
        self.total = 0  # Σ debet − Σ credit, eurocents
        self.count = 0
        self.sessions: Any = None  # the month's delivery records (sessions.Sessions), made on first use
        self.group: list[tuple[str, str, int]] = []  # (bsn, ReferentieNummer, hours) of a group in the making
        self._bsn = ""
        self._parts: list[str] = []
        self._spill: IO[str] | None = None
        self._folder = folder
        self._spilled = False

    def add(self, bsn: str, text: str, signed: int) -> None:
        if bsn != self._bsn:
            if self._bsn:
                self._parts.append(CLIENT_CLOSE)
            self._parts.append(f"{CLIENT_OPEN}{bsn}{CLIENT_PRESTATIES}")
            self._bsn = bsn
        self._parts.append(text)
        self.total += signed
        self.count += 1
        if len(self._parts) >= FLUSH_AT:
            self._flush()

    def _flush(self) -> None:
        if self._spill is None:
            self._spill = (self._folder / f"{self.provider}_{self.month:02d}.part").open(
                "w", encoding="utf-8", buffering=1 << 16
            )
            self._spilled = True
        self._spill.write("".join(self._parts))
        self._parts.clear()

    def write(self, folder_fd: int | Path, head: str, broken_head: str) -> None:
        """Write the broken first attempt (when any) and the declaration itself; free the spool."""
        if self._bsn:
            self._parts.append(CLIENT_CLOSE)
        rest = "".join(self._parts)
        self._parts.clear()
        spill_path = self._folder / f"{self.provider}_{self.month:02d}.part"
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        if self.broken is not None:
            self._write_broken(folder_fd, broken_head, spill_path, rest)
        with _open(folder_fd, self.name.rsplit("/", 1)[1]) as handle:
            handle.write(head.encode())
            if self._spilled:
                with spill_path.open("rb") as spill:
                    shutil.copyfileobj(spill, handle, 1 << 20)
            handle.write(rest.encode())
            handle.write(DECLARATION_TAIL.encode())
        if self._spilled:
            spill_path.unlink()

    def _write_broken(self, folder_fd: int | Path, head: str, spill_path: Path, rest: str) -> None:
        """The malformed copy, streamed from the spill in 1 MB chunks: memory does not grow with the scale."""
        assert self.broken is not None
        with _open(folder_fd, self.broken_name.rsplit("/", 1)[1]) as handle:
            handle.write(head.encode())
            first = True
            carry = ""
            for chunk, final in self._chunks(spill_path, rest):
                # Renaming P -> F needs whole tags: keep the tail of a chunk for the next one.
                text = carry + chunk
                if final:
                    carry = ""
                else:
                    cut = max(0, len(text) - len(_FRESH_REF))
                    text, carry = text[:cut], text[cut:]
                text = text.replace(_FRESH_REF, _BROKEN_REF)
                if first:
                    text = break_first(text, self.broken)
                    first = False
                handle.write(text.encode())
            handle.write(DECLARATION_TAIL.encode())

    def _chunks(self, spill_path: Path, rest: str) -> Iterator[tuple[str, bool]]:
        """The spilled text in chunks, then what is still in memory (marked final)."""
        if self._spilled:
            with spill_path.open(encoding="utf-8") as spill:
                while chunk := spill.read(1 << 20):
                    yield chunk, False
        yield rest, True


def _open(folder: int | Path, name: str) -> IO[bytes]:
    if isinstance(folder, Path):
        return (folder / name).open("wb")
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=folder)
    return os.fdopen(fd, "wb", buffering=1 << 16)
