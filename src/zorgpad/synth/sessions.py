"""Providers' delivery records (`sessies/<agb>.csv`): one 60-minute session per row.

Scheduling is arithmetic, not a search: within one provider, municipality and month, a staff member
has nine hour slots a day (08:00-16:00). A line of h hours over a period of d days takes ceil(h / d)
slots, each slot a fixed (staff member, hour) for the whole month, and puts its sessions on distinct
days of its period. Two slots never share a (staff member, hour), so outside a labelled group no staff
member sees two clients at the same date and time, and memory per month is constant.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import IO

SESSION_COLUMNS = ("aanbieder", "medewerker", "bsn", "datum", "begintijd", "minuten", "setting")
HOURS_PER_DAY = 9  # 08:00 up to and including 16:00


class Sessions:
    """Delivery records of one provider in one municipality and month."""

    __slots__ = ("_days", "_first", "_handle", "_hour", "_municipality", "_prefix", "_spread", "_staff")

    def __init__(self, handle: IO[str], agb: str, municipality: str, first: date, last: date) -> None:
        self._handle = handle
        self._prefix = f"{agb},{municipality}-"
        self._municipality = municipality
        self._first = first
        self._days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
        self._staff = 0
        self._hour = 0
        self._spread = 0

    def slot(self) -> tuple[int, int]:
        """A fresh (staff member, hour) for this month."""
        if self._hour == HOURS_PER_DAY:
            self._staff += 1
            self._hour = 0
        self._hour += 1
        return self._staff, 7 + self._hour

    def write(self, bsn: str, begin: date, end: date, hours: int, group_day: date | None = None) -> None:
        """`hours` sessions of `bsn` in [begin, end]; with `group_day` the first was that group session."""
        first = (begin - self._first).days
        span = (end - begin).days + 1
        skip_first = group_day is not None
        if group_day is not None:
            offset = (group_day - begin).days
        else:
            self._spread += 1
            offset = self._spread % span
        rows = []
        staff = hour = 0
        days = self._days
        for index in range(1 if skip_first else 0, hours):
            if index % span == 0 or (skip_first and index == 1):
                staff, hour = self.slot()
            day = days[first + (offset + index) % span]
            rows.append(f"{self._prefix}{staff:03d},{bsn},{day},{hour:02d}:00,60,praktijk\n")
        self._handle.write("".join(rows))

    def group(self, bsns: list[str], day: date) -> None:
        """One session that several clients attend together (the ZP101 anomaly)."""
        staff, hour = self.slot()
        text = day.isoformat()
        self._handle.write(
            "".join(f"{self._prefix}{staff:03d},{bsn},{text},{hour:02d}:00,60,praktijk\n" for bsn in bsns)
        )
