"""The board report's sentences per knelpunt read right whatever the figures are."""

from __future__ import annotations

import pyarrow as pa

from zorgpad.report.figures import Results, _read_durations, _read_group


def _results(**tables: list[dict[str, object]]) -> Results:
    return Results(tables={key.replace("_", "-"): pa.Table.from_pylist(rows) for key, rows in tables.items()})


def test_group_reading_without_declared_hours_has_no_dash() -> None:
    text = _read_group(
        _results(groep_individueel_per_aanbieder=[
            {"aanbieder": "99000011", "aandeel_groep_gedeclareerd": None, "aandeel_groep_geleverd": 40.0}
        ])
    )  # fmt: skip
    assert "declareerde –" not in text and "declareerde geen behandeluren" in text
    assert "40,0 %" in text


def test_group_reading_with_declared_hours() -> None:
    text = _read_group(
        _results(groep_individueel_per_aanbieder=[
            {"aanbieder": "99000011", "aandeel_groep_gedeclareerd": 5.0, "aandeel_groep_geleverd": 40.0}
        ])
    )  # fmt: skip
    assert "declareerde 5,0 % van de behandeluren als groep" in text


def test_durations_reading_explains_trajectories_beyond_the_maximum_next_to_zp104() -> None:
    durations = [{"soort_hulp": "jeugd-ggz", "gemiddelde_dagen": 200.0, "trajecten": 10}]
    many = _read_durations(
        _results(trajectduur_ggz_jo=durations, trajectduur_per_product=[{"boven_maximum": 75}])
    )
    assert "75 trajecten duurden langer" in many and "per toewijzing" in many and "ZP104" in many
    one = _read_durations(
        _results(trajectduur_ggz_jo=durations, trajectduur_per_product=[{"boven_maximum": 1}])
    )
    assert "1 traject duurde langer" in one
    none = _read_durations(
        _results(trajectduur_ggz_jo=durations, trajectduur_per_product=[{"boven_maximum": 0}])
    )
    assert "Geen traject duurde langer" in none
