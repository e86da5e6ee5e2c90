"""BSN pseudonyms: `client_key` = HMAC-SHA256(key, BSN), first 16 bytes, hex.

The key comes from `ZORGPAD_PSEUDONYM_KEY` (its UTF-8 bytes, at least 16) or, when that is unset,
from a random key generated once and kept beside the database file (`<db>.pseudonym-key`, mode 0600).
The store records a fingerprint of the key, so a run with a different key is refused instead of
silently splitting one client into two pseudonyms.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from zorgpad.errors import UserError, os_reason_nl

KEY_ENV = "ZORGPAD_PSEUDONYM_KEY"
KEY_SUFFIX = ".pseudonym-key"
MIN_KEY_BYTES = 16


class Pseudonymizer:
    """Maps a BSN to its client_key; remembers the BSNs it has seen for `clients_clear`."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[str, str] = {}

    def key_of(self, bsn: str) -> str:
        known = self._cache.get(bsn)
        if known is None:
            known = hmac.new(self._key, bsn.encode(), hashlib.sha256).hexdigest()[:32]
            self._cache[bsn] = known
        return known

    def __len__(self) -> int:
        """How many BSNs were pseudonymised since the last `forget` (`seen` keeps their order)."""
        return len(self._cache)

    def fingerprint(self) -> str:
        """A value that identifies the key without revealing it."""
        return hmac.new(self._key, b"zorgpad-pseudonym-fingerprint", hashlib.sha256).hexdigest()[:16]

    def seen(self) -> dict[str, str]:
        """client_key -> BSN for every BSN pseudonymised so far, in the order they were first seen."""
        return {key: bsn for bsn, key in self._cache.items()}

    def forget(self) -> None:
        self._cache.clear()


def key_file_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEY_SUFFIX)


def load_key(db_path: Path) -> bytes:
    """The configured key, or the one kept beside the database (generated on first use)."""
    configured = os.environ.get(KEY_ENV)
    if configured is not None:
        key = configured.encode()
        if len(key) < MIN_KEY_BYTES:
            raise UserError(
                "PSEUDONIEM-SLEUTEL-KORT",
                f"De sleutel in {KEY_ENV} is te kort: gebruik minstens {MIN_KEY_BYTES} tekens "
                "(bij voorkeur een lange willekeurige tekenreeks).",
                KEY_ENV,
            )
        return key
    return _stored_key(key_file_for(db_path))


def _stored_key(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) < MIN_KEY_BYTES:
            raise ValueError("te kort")
        return key
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        # A bad file (not hex, too short, not ASCII) is a ValueError; the system's refusals are OSErrors.
        why = os_reason_nl(error) if isinstance(error, OSError) else "geen geldige sleutel in hex"
        raise UserError(
            "PSEUDONIEM-SLEUTEL-ONLEESBAAR",
            f"Het sleutelbestand voor pseudonimisering kan niet worden gelezen ({why}).",
            str(path),
        ) from None
    key = secrets.token_bytes(32)
    try:
        # O_EXCL: two processes starting at once must not each write their own key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _stored_key(path)
    except OSError as error:
        raise UserError(
            "PSEUDONIEM-SLEUTEL-SCHRIJVEN",
            f"Het sleutelbestand voor pseudonimisering kan niet worden aangemaakt: "
            f"{os_reason_nl(error, writing=True)}.",
            str(path),
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key
