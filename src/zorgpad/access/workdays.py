"""Dutch working days and legal deadlines, per the Algemene termijnenwet (Atw).

Source: Algemene termijnenwet, art. 3 lid 1 (wetten.overheid.nl, BWBR0002448): the generally recognised
public holidays are Nieuwjaarsdag, tweede paasdag, tweede pinksterdag, eerste en tweede kerstdag,
Hemelvaartsdag, the day the King's birthday is celebrated (Koningsdag) and 5 mei — 5 May counts every
year under the Atw, not only in lustrum years. Saturdays and Sundays are not working days either.
Art. 1: a term that would end on a Saturday, Sunday or public holiday ends on the next working day.

The dates come from the `holidays` package (calendar NL); it lacks 5 May outside lustrum years, which
is added here, and it includes Goede Vrijdag, which the Atw does not recognise, which is removed here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

# The Atw days as the `holidays` package names them in English; Sundays (Pasen, Pinksteren) are
# weekend days anyway.
_ATW_NAMES = frozenset(
    {
        "New Year's Day",
        "Easter Monday",
        "King's Day",
        "Liberation Day",
        "Ascension Day",
        "Pentecost Monday",
        "Christmas Day",
        "Second Day of Christmas",
    }
)
_ATW_NL = {
    "New Year's Day": "Nieuwjaarsdag",
    "Easter Monday": "Tweede paasdag",
    "King's Day": "Koningsdag",
    "Liberation Day": "Bevrijdingsdag (5 mei)",
    "Ascension Day": "Hemelvaartsdag",
    "Pentecost Monday": "Tweede pinksterdag",
    "Christmas Day": "Eerste kerstdag",
    "Second Day of Christmas": "Tweede kerstdag",
}


@cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """The Atw public holidays of one year, with their Dutch names."""
    found = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day: _ATW_NL[name] for day, name in found.items() if name in _ATW_NL}
    days[dt.date(year, 5, 5)] = _ATW_NL["Liberation Day"]
    return days


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the day of receipt does not count)."""
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it (Atw art. 1)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_weeks(start: dt.date, weeks: int) -> dt.date:
    """A term of `weeks` weeks from `start`, moved to the next working day when it ends on a day off."""
    return next_working_day(start + dt.timedelta(weeks=weeks))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` lies before `start`)."""
    if end < start:
        return -working_days_between(end, start)
    # Every 7 consecutive days hold 5 weekdays; count the remainder, then take off the holidays that
    # fall on a weekday in the range. Constant work per call instead of a loop over every day (the
    # worklist asks this for every open request).
    weeks, rest = divmod((end - start).days, 7)
    tail = start + dt.timedelta(weeks=weeks)
    weekdays = weeks * 5 + sum((tail + dt.timedelta(days=n)).weekday() < 5 for n in range(1, rest + 1))
    off = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in public_holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return weekdays - off
