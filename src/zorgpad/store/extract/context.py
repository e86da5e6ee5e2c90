"""What every extractor needs besides the XML: the message's identity and the pseudonymizer."""

from __future__ import annotations

from dataclasses import dataclass

from zorgpad.store.columns import Batch
from zorgpad.store.extract.header import Header
from zorgpad.store.pseudonym import Pseudonymizer


@dataclass(frozen=True)
class MessageContext:
    message_id: str
    message_type: str
    header: Header
    batch: Batch
    pseudonyms: Pseudonymizer

    def client_key(self, bsn: str | None) -> str | None:
        return None if bsn is None else self.pseudonyms.key_of(bsn)
