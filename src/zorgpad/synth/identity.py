"""Synthetic persons: BSNs that pass the 11-proef, Dutch-looking names, birth dates, sex.

BSNs are derived from a running number, so they are unique within a run and never random-looking
copies of real ones: they start at 100000000 + 10 * index and get the check digit of CS002.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

_SURNAMES = (
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"),
    ("", "Yilmaz"), ("", "El Amrani"), ("", "Kaya"), ("", "Nguyen"), ("van", "Dam"),
)  # fmt: skip
_INITIALS = "ABCDEFGHIJKLMNOPRSTVWY"


def bsn_from_index(index: int) -> str:
    """A 9-digit number that passes the 11-proef (CS002), unique per index.

    The first eight digits come from the index; the ninth is the check digit. Prefixes whose check
    digit would be 10 are skipped by spacing indices seven apart and stepping forward.
    """
    base = 10_000_000 + index * 7
    while True:
        total, rest = 0, base
        for weight in range(2, 10):  # the last of the eight digits weighs 2, the first 9
            rest, digit = divmod(rest, 10)
            total += digit * weight
        check = total % 11
        if check < 10:
            return f"{base:08d}{check}"
        base += 1


def is_valid_bsn(bsn: str) -> bool:
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    return (total - int(bsn[8])) % 11 == 0


def broken_bsn(bsn: str) -> str:
    """The same number with a check digit that fails the 11-proef (for CS002 anomalies)."""
    last = int(bsn[8])
    for step in range(1, 10):
        candidate = bsn[:8] + str((last + step) % 10)
        if not is_valid_bsn(candidate):
            return candidate
    raise ValueError(bsn)


def person(rng: random.Random, on: date) -> tuple[date, str, str, str, str]:
    """(birth date, sex COD046, prefix, surname, initials) of a young person aged 0-22 on `on`.

    Ages lean toward primary-school age and adolescence [NHNIEUWS]: 8-12 years is the largest group.
    """
    age_years = min(22.9, max(0.1, rng.triangular(0.0, 23.0, 10.0)))
    birth = on - timedelta(days=int(age_years * 365.25))
    sex = "1" if rng.random() < 0.55 else "2"  # boys slightly more often [NHNIEUWS]
    prefix, surname = _SURNAMES[int(rng.random() * len(_SURNAMES))]
    initials = _INITIALS[int(rng.random() * len(_INITIALS))]
    return birth, sex, prefix, surname, initials
