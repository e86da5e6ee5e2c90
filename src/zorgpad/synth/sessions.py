"""Providers' delivery records (`sessies/<agb>.csv`): one 60-minute session per row.

Scheduling is arithmetic, not a search: within one provider, municipality and month, a staff member
has nine hour slots a day (08:00-16:00). A line of h hours over a period of d days takes ceil(h / d)
slots, each slot a fixed (staff member, hour) for the whole month, and puts its sessions on distinct
days of its period. Two slots never share a (staff member, hour), so outside a labelled group no staff
member sees two clients at the same date and time, and memory per month is constant.

The days of one slot are a rotation of the period's days, so its rows are one `str.join` over a slice
of precomputed ISO dates: no per-row formatting.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import IO

SESSION_COLUMNS = ("aanbieder", "medewerker", "bsn", "datum", "begintijd", "minuten", "setting")
HOURS_PER_DAY = 9  # 08:00 up to and including 16:00


class Sessions:
    """Delivery records of one provider in one municipality and month."""

    __slots__ = ("_days", "_first", "_handle", "_hour", "_prefix", "_spread", "_staff")

    def __init__(self, handle: IO[str], agb: str, municipality: str, first: date, last: date) -> None:
        self._handle = handle
        self._prefix = f"{agb},{municipality}-"
        self._first = first.toordinal()
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

    def write(self, bsn: str, begin: int, end: int, hours: int) -> None:
        """`hours` sessions of `bsn` on distinct days of [begin, end] (ordinals), rotated per line."""
        first = begin - self._first
        span = end - begin + 1
        self._spread += 1
        offset = self._spread % span
        days = self._days
        prefix = self._prefix
        done = 0
        while done < hours:
            count = hours - done if hours - done < span else span
            # The days offset, offset + 1, ... of the period, wrapping round at its end.
            at = first + offset
            if offset + count <= span:
                chosen = days[at : at + count]
            else:
                chosen = days[at : first + span] + days[first : first + offset + count - span]
            staff, hour = self.slot()
            head = f"{prefix}{staff:03d},{bsn},"
            tail = f",{hour:02d}:00,60,individueel\n"
            self._handle.write(f"{head}{(tail + head).join(chosen)}{tail}")
            done += count

    def write_group_member(self, bsn: str, hours: int, group_day: date) -> None:
        """A group member's `hours` - 1 other sessions, on other days of the month than the group's: the
        member attends the group on those days too (setting `groep`), so the month is group care as a
        whole (ZP101 rejects it; a single group session among individual ones is only a signal, ZP113)."""
        days = self._days
        span = len(days)
        offset = group_day.toordinal() - self._first
        rows = []
        staff = hour = 0
        for index in range(1, hours):
            if index % span == 0 or index == 1:
                staff, hour = self.slot()
            day = days[(offset + index) % span]
            rows.append(f"{self._prefix}{staff:03d},{bsn},{day},{hour:02d}:00,60,groep\n")
        self._handle.write("".join(rows))

    def group(self, bsns: list[str], day: date) -> None:
        """One session that several clients attend together (the ZP101 anomaly)."""
        staff, hour = self.slot()
        text = day.isoformat()
        self._handle.write(
            "".join(f"{self._prefix}{staff:03d},{bsn},{text},{hour:02d}:00,60,individueel\n" for bsn in bsns)
        )
