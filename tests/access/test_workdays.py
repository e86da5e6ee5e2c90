"""Working days and deadlines across Dutch public holidays (Algemene termijnenwet)."""

from __future__ import annotations

import datetime as dt

import pytest

from zorgpad.access.workdays import (
    add_weeks,
    add_working_days,
    is_working_day,
    public_holidays,
    working_days_between,
)

D = dt.date


def test_atw_holidays_2026() -> None:
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1), D(2026, 4, 6), D(2026, 4, 27), D(2026, 5, 5), D(2026, 5, 14), D(2026, 5, 25),
        D(2026, 12, 25), D(2026, 12, 26),
    ]  # fmt: skip


def test_good_friday_is_a_working_day_and_5_may_counts_every_year() -> None:
    assert is_working_day(D(2026, 4, 3))  # Goede Vrijdag: not in the Atw
    assert not is_working_day(D(2026, 5, 5))  # no lustrum year, still a holiday under the Atw
    assert not is_working_day(D(2027, 5, 5))


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (D(2026, 4, 2), D(2026, 4, 10), "tweede paasdag 6 april telt niet, Goede Vrijdag wel"),
        (D(2026, 4, 23), D(2026, 5, 1), "Koningsdag maandag 27 april"),
        (D(2026, 4, 30), D(2026, 5, 8), "5 mei (dinsdag)"),
        (D(2026, 5, 11), D(2026, 5, 19), "Hemelvaartsdag donderdag 14 mei"),
        (D(2026, 5, 20), D(2026, 5, 28), "tweede pinksterdag 25 mei"),
        (D(2026, 12, 23), D(2026, 12, 31), "eerste en tweede kerstdag"),
        (D(2026, 12, 28), D(2027, 1, 5), "nieuwjaarsdag"),
        (D(2025, 4, 24), D(2025, 5, 1), "Koningsdag op zaterdag 26 april 2025: geen extra vrije dag"),
        (D(2025, 4, 29), D(2025, 5, 7), "5 mei 2025 (maandag)"),
        (D(2026, 3, 6), D(2026, 3, 13), "gewone week: vrijdag + 5 werkdagen"),
    ],
)
def test_five_working_days(received: dt.date, due: dt.date, why: str) -> None:
    assert add_working_days(received, 5) == due, why
    assert working_days_between(received, due) == 5


def test_eight_weeks_move_to_next_working_day() -> None:
    assert add_weeks(D(2026, 3, 2), 8) == D(2026, 4, 27 + 1)  # ends on Koningsdag -> Tuesday
    assert add_weeks(D(2026, 2, 9), 8) == D(2026, 4, 7)  # ends on tweede paasdag -> Tuesday
    assert add_weeks(D(2026, 2, 10), 8) == D(2026, 4, 7)  # a plain Tuesday
    assert add_weeks(D(2026, 3, 10), 8) == D(2026, 5, 6)  # ends on 5 May -> 6 May
    assert add_weeks(D(2026, 3, 21), 8) == D(2026, 5, 18)  # Saturday -> Monday


def test_working_days_between_is_signed() -> None:
    assert working_days_between(D(2026, 4, 10), D(2026, 4, 2)) == -5


def test_working_days_between_counts_every_day_off() -> None:
    """Against the definition, day by day, for every start in two years and ends up to 400 days on."""
    first = D(2025, 1, 1)
    for offset in range(0, 730, 3):
        start = first + dt.timedelta(days=offset)
        for length in (0, 1, 2, 5, 6, 7, 8, 13, 14, 31, 45, 61, 100, 365, 400):
            end = start + dt.timedelta(days=length)
            by_day = sum(is_working_day(start + dt.timedelta(days=n)) for n in range(1, length + 1))
            assert working_days_between(start, end) == by_day, (start, end)
            assert working_days_between(end, start) == -by_day
