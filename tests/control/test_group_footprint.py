"""Group billing per data situation on a small synthetic region: with delivery records ZP101 finds every
labelled group; on iJw claims that carry a weekly group's footprint ZP102 finds the groups; and the
footprint injection itself does what it says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zorgpad.control.group_footprint import evaluate, group_hours, score


def test_group_hours_follow_the_weeks_of_the_month() -> None:
    assert group_hours(dt.date(2025, 9, 1)) == 10  # five Tuesdays in September 2025
    assert group_hours(dt.date(2025, 10, 1)) == 8
    assert group_hours(dt.date(2025, 7, 1)) == 4  # summer holidays: two group weeks
    s = score({("a", "p", "1"), ("a", "p", "2")}, {("a", "p", "2"), ("a", "p", "3")})
    assert (s.precision, s.recall) == (0.5, 0.5)


@pytest.mark.slow
def test_precision_and_recall_per_data_situation(tmp_path: Path) -> None:
    results = evaluate(tmp_path, scale=0.01, seed=1, groups=6)
    delivery = results["leveringsgegevens (ZP101)"]
    assert delivery.true > 0 and delivery.recall == 1.0 and delivery.precision == 1.0
    footprint = results["alleen iJw, met een realistische groepsvoetafdruk (ZP102)"]
    assert footprint.true == 6 * 4 and footprint.recall == 1.0
    assert footprint.precision is not None and footprint.precision > 0.5
