"""Access decides a request by the catalogue version in force on its requested start."""

from __future__ import annotations

import datetime as dt

from zorgpad.access.answer import version_for
from zorgpad.access.records import Request, RequestLine
from zorgpad.catalog.bundled import load_versions


def _request(start: dt.date | None, sent: dt.date) -> Request:
    line = RequestLine("nieuw", None, "54", "54B02", start, None, 10, "04", "4", None, "02")
    return Request("JW315", "m1", "p", "0202", "99000011", "c1", sent, "r1", (line,))


def test_the_requested_start_picks_the_version() -> None:
    versions = load_versions("centraal-gelderland")
    assert version_for(versions, _request(dt.date(2025, 11, 1), dt.date(2025, 10, 1))).version == "2025"
    assert version_for(versions, _request(dt.date(2026, 1, 5), dt.date(2025, 12, 20))).version == "2026"
    # without a requested start, the dagtekening decides
    assert version_for(versions, _request(None, dt.date(2026, 2, 1))).version == "2026"
    assert version_for(versions, _request(None, dt.date(2024, 2, 1))).version == "2025"  # oldest before it
