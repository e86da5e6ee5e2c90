"""Picking the tariff in force on a date, blended or for one staff level."""

from __future__ import annotations

import datetime as dt

from zorgpad.catalog.model import Tariff
from zorgpad.errors import UserError


def tariff_on(tariffs: tuple[Tariff, ...], on: dt.date) -> Tariff | None:
    """The tariff period covering `on` (validation guarantees at most one)."""
    return next((t for t in tariffs if t.covers(on)), None)


def amount(tariff: Tariff, level: str | None, what: str) -> int:
    """Eurocents per unit. Without a level the blended tariff; with a level its own tariff, or the
    blended one when the period has no tariff per level (a blended tariff pays every level the same)."""
    if level is not None and level in tariff.by_level:
        return tariff.by_level[level]
    if tariff.blended is not None:
        return tariff.blended
    if level is None:
        levels = ", ".join(tariff.by_level)
        raise UserError(
            "CAT-TARIEF-NIVEAU",
            f"{what} heeft vanaf {tariff.valid_from} geen mixtarief maar een tarief per opleidingsniveau "
            f"({levels}); geef het niveau op.",
        )
    raise UserError(
        "CAT-TARIEF-NIVEAU",
        f"{what} heeft vanaf {tariff.valid_from} geen tarief voor opleidingsniveau {level}.",
    )
