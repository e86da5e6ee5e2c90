"""The answers, one file each, in the outbox folder a message hub picks up from.

A file is named `<type>_<receiver>_<identificatie>.xml` (e.g. `JW325_99000011_A1B2C3D4E5F6.xml`):
the answer type, the code of the party it goes to (the heen message's sender) and the answer's own
Identificatie. It is written under a hidden temporary name, fsynced and renamed, so a hub never sees
half a file. Writing the same answer again replaces it with the same content.
"""

from __future__ import annotations

import re
from pathlib import Path

from zorgpad.service.spool import write_durably

_SAFE = re.compile(r"[^A-Za-z0-9]")


def outbox_name(answer_type: str, receiver: str | None, identificatie: str) -> str:
    party = _SAFE.sub("", receiver or "") or "onbekend"
    return f"{answer_type}_{party}_{_SAFE.sub('', identificatie)}.xml"


class Outbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, data: bytes, *, sync: bool = True) -> Path:
        target = self.folder / name
        write_durably(target, data, sync=sync)
        return target

    def read(self, name: str) -> bytes | None:
        try:
            return (self.folder / Path(name).name).read_bytes()
        except OSError:
            return None
