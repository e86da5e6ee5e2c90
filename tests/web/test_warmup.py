"""The background warm-up: it fills the caches the pages read, gives way to requests and stops cleanly."""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers
from zorgpad.app.web.warmup import Activity, WarmJob, Warmup
from zorgpad.insights.registry import Filters

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

CATALOG = "centraal-gelderland"


def test_warmup_prepares_every_drilldown_and_the_pages_match(region_db: Path) -> None:
    app = create_app(region_db, CATALOG)
    with TestClient(app) as client:
        client.headers.update(bearer_headers(app))
        warmup = app.state.warmup
        assert warmup.wait(timeout=120), "the warm-up did not finish"
        site = app.state.site
        assert warmup.units > 0
        gemeente = site.data.gemeenten[0].code
        aanbieder = site.data.aanbieders[0].code
        for item in site.data.indicators():
            assert site.data.cached(item, Filters())
            if "gemeente" not in item.dimensions:
                assert site.data.cached(item, Filters(gemeente=gemeente))
            if "aanbieder" not in item.dimensions:
                assert site.data.cached(item, Filters(aanbieder=aanbieder))
        blocks = len(site.blocks)
        warmed = client.get(f"/gemeenten/{gemeente}").text
        assert len(site.blocks) == blocks, "a warmed drill-down built a block anew"
    cold_app = create_app(region_db, CATALOG, warm=False)
    with TestClient(cold_app) as cold:
        cold.headers.update(bearer_headers(cold_app))
        # The logout form's CSRF token is per response; everything else must be the same.
        assert _without_csrf(cold.get(f"/gemeenten/{gemeente}").text) == _without_csrf(warmed)


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrf" value="[^"]*"', 'name="csrf" value=""', html)


def test_without_warm_nothing_runs_in_the_background(region_db: Path) -> None:
    app = create_app(region_db, CATALOG, warm=False)
    with TestClient(app) as client:
        assert app.state.warmup is None
        assert client.get("/api/gezondheid").status_code == 200
        assert len(app.state.site.blocks) == 0


def test_warmup_waits_while_a_request_is_answered() -> None:
    activity = Activity()
    ran: list[int] = []
    warmup = Warmup([WarmJob(0, lambda: [lambda: ran.append(1)])], activity, lambda: False)
    activity.begin()
    warmup.start()
    time.sleep(0.3)
    assert ran == [] and not warmup.done
    activity.end()
    assert warmup.wait(timeout=10)
    assert ran == [1]


def test_warmup_runs_jobs_in_order_and_stops_when_full() -> None:
    ran: list[str] = []
    jobs = [
        WarmJob(20, lambda: [lambda: ran.append("b1"), lambda: ran.append("b2")]),
        WarmJob(10, lambda: [lambda: ran.append("a")]),
    ]
    warmup = Warmup(jobs, Activity(), lambda: len(ran) >= 2)
    warmup.start()
    assert warmup.wait(timeout=10)
    assert ran == ["a", "b1"]


def test_a_failing_unit_is_logged_and_the_rest_still_runs(caplog: pytest.LogCaptureFixture) -> None:
    ran: list[str] = []

    def broken() -> object:
        raise RuntimeError("kapot")

    warmup = Warmup([WarmJob(0, lambda: [broken, lambda: ran.append("daarna")])], Activity(), lambda: False)
    warmup.start()
    assert warmup.wait(timeout=10)
    assert ran == ["daarna"]
    assert "opwarmen: een onderdeel mislukte" in caplog.text


def test_cancel_stops_the_thread_after_the_current_unit() -> None:
    ran: list[int] = []
    warmup: Warmup

    def unit() -> object:
        ran.append(1)
        warmup.cancel()
        return None

    warmup = Warmup([WarmJob(0, lambda: [unit, unit, unit])], Activity(), lambda: False)
    warmup.start()
    warmup.stop(timeout=10)
    assert warmup.done
    assert ran == [1]
