"""Every amount an indicator returns carries its unit, and no eurocent value reaches a page, a table,
a download or the board report unconverted (a synthetic region-year, every indicator)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from web.conftest import CATALOG, TestClient
from zorgpad import formatting
from zorgpad.catalog import load_catalog
from zorgpad.insights.registry import InsightContext, all_indicators, get_indicator
from zorgpad.report.build import render_html
from zorgpad.store import Store

# Column names that hold money whatever indicator returns them.
_MONEY = re.compile(r"bedrag|kosten|tarief|mediaan_peers")


def _numbers(rows: list[dict[str, Any]], column: str) -> list[float]:
    return [
        row[column]
        for row in rows
        if isinstance(row[column], int | float) and not isinstance(row[column], bool)
    ]


def _raw_texts(cents: float) -> set[str]:
    """How an amount in eurocents reads when nobody converted it: '1253000', '1.253.000'."""
    return {str(int(cents)), formatting.number(cents)}


@pytest.fixture(scope="module")
def answers(client: TestClient) -> dict[str, dict[str, Any]]:
    return {item.id: client.get(f"/api/indicatoren/{item.id}").json() for item in all_indicators()}


def test_every_measure_column_declares_its_unit_and_money_is_in_eurocents(
    answers: dict[str, dict[str, Any]],
) -> None:
    for id, body in answers.items():
        item = get_indicator(id)
        for column in body["kolommen"]:
            if column in item.dimensions or not _numbers(body["rijen"], column):
                continue
            assert item.unit_of(column) is not None, f"{id}.{column} has no unit"
            if _MONEY.search(column):
                assert item.unit_of(column) in ("eurocent", "euro"), f"{id}.{column} is money"


def test_pages_show_every_amount_in_euros(client: TestClient, answers: dict[str, dict[str, Any]]) -> None:
    checked = 0
    for id, body in answers.items():
        item = get_indicator(id)
        html = client.get(f"/indicatoren/{id}").text
        assert "eurocent" not in html, id
        cells = set(re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html))
        for column in body["kolommen"]:
            if item.unit_of(column) != "eurocent":
                continue
            for cents in _numbers(body["rijen"], column):
                if abs(cents) >= 1000:
                    assert not _raw_texts(cents) & cells, f"{id}.{column}: {cents} shown as cents"
                    checked += 1
    assert checked > 0


def test_downloads_hold_euros_under_a_heading_that_says_so(
    client: TestClient, answers: dict[str, dict[str, Any]]
) -> None:
    for id, body in answers.items():
        item = get_indicator(id)
        text = client.get(f"/indicatoren/{id}/csv").content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text), delimiter=";"))
        for column in body["kolommen"]:
            if item.unit_of(column) != "eurocent":
                continue
            # Located by heading: a download also holds a `<code>_naam` column beside each code column.
            assert f"{column} (euro)" in table[0], id
            index = table[0].index(f"{column} (euro)")
            for row, answer in zip(table[1:], body["rijen"], strict=True):
                if answer[column] is not None:
                    assert float(row[index]) == pytest.approx(answer[column] / 100), (id, column)


def test_the_board_report_shows_every_amount_in_euros(
    region_db: Path, answers: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    # A copy: the dashboard of this session holds the store open with its own settings.
    copy = tmp_path / "regio.duckdb"
    shutil.copyfile(region_db, copy)
    store = Store.open(copy, read_only=True)
    try:
        html = render_html(InsightContext(store, load_catalog(CATALOG)))
    finally:
        store.close()
    assert "eurocent" not in html
    cells = set(re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html))
    for id, body in answers.items():
        item = get_indicator(id)
        for column in body["kolommen"]:
            if item.unit_of(column) == "eurocent":
                for cents in _numbers(body["rijen"], column):
                    if abs(cents) >= 1000:
                        assert not _raw_texts(cents) & cells, f"{id}.{column}: {cents} shown as cents"
