"""The knip and contracts pages in real headless Chromium on a Rijnmond store: the form works, the
result view loads without console errors and axe finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers

from .test_browser import SCREENSHOTS, _violations, _watch_console, browser  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = ("/knip?perceel=D&hoog=ja&naar=lokaal", "/knip", "/contracten?gemeente=0599")


@pytest.fixture(scope="module")
def rijnmond_app(rijnmond_db: Path) -> FastAPI:
    return create_app(rijnmond_db, "rijnmond", warm=False)


@pytest.fixture
def page(browser: Browser, rijnmond_app: FastAPI) -> Iterator[Page]:  # noqa: F811
    """A page seen by a `regio` user of the Rijnmond store (login itself: test_browser_login.py)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",
        extra_http_headers=bearer_headers(rijnmond_app),
    )
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def rijnmond_url(rijnmond_app: FastAPI) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(rijnmond_app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()


def test_knip_and_contract_pages_pass_axe(page: Page, rijnmond_url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = _watch_console(page)
    report = {}
    for path in PAGES:
        answer = page.goto(rijnmond_url + path)
        assert answer is not None and answer.status == 200, path
        name = path.strip("/").replace("?", "-").replace("&", "-").replace("=", "-")
        page.screenshot(path=str(SCREENSHOTS / f"rijnmond-{name}.png"), full_page=True)
        found = [*_violations(page), *problems]
        if found:
            report[path] = found
        problems.clear()
    assert report == {}


def test_the_knip_form_computes_the_decision(page: Page, rijnmond_url: str) -> None:
    page.goto(rijnmond_url + "/knip")
    page.select_option("#k-perceel", "E")
    page.get_by_label("midden").check()
    page.select_option("#k-naar", "regionaal")
    page.get_by_role("button", name="Reken door").click()
    assert "perceel=E" in page.url and "midden=ja" in page.url
    rows = page.locator("table.tabel").first.locator("tbody th").all_inner_texts()
    assert "Rotterdam" in rows and rows[-1] == "Totaal"
    assert page.get_by_text("naar regionale inkoop").count() >= 1
