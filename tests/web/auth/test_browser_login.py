"""In Debian's Chromium: a `gemeente` user and an `aanbieder` user log in through the login form and
see only their own data; axe finds no WCAG 2.1 A/AA violation on the login page and the portal."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from zorgpad.app.web import create_app

from ..test_browser import AXE_OPTIONS, CHROMIUM, CHROMIUM_ARGS, CHROMIUM_ENV
from .conftest import Region

pytestmark = pytest.mark.browser

PASSWORD = "browser-wachtwoord-123"


@pytest.fixture(scope="module")
def app_and_url(checked_db: Path) -> Iterator[tuple[FastAPI, str]]:
    app = create_app(checked_db, "centraal-gelderland", warm=False)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield app, f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: installeer het Debian-pakket 'chromium'.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}
        )
        yield launched
        launched.close()


def _violations(page: Page) -> list[str]:
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']})" for v in found]


def _log_in(browser: Browser, url: str, name: str, start: str) -> Page:
    page = browser.new_context(locale="nl-NL").new_page()
    page.set_default_timeout(180_000)  # the explanation trace runs every rule; the machine may be busy
    page.goto(url + start)
    assert "/inloggen" in page.url
    assert _violations(page) == []
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    return page


def test_a_gemeente_user_sees_only_its_municipality(
    browser: Browser, app_and_url: tuple[FastAPI, str], region: Region
) -> None:
    app, url = app_and_url
    own, other = region.gemeente, region.other_gemeente
    if app.state.auth.accounts.principal("b-gemeente") is None:
        app.state.auth.accounts.add("b-gemeente", "gemeente", password=PASSWORD, gemeenten=[own])
    page = _log_in(browser, url, "b-gemeente", "/indicatoren/kosten-per-gemeente")
    assert page.url.endswith("/indicatoren/kosten-per-gemeente")
    cells = page.locator("table.tabel tbody th").all_inner_texts()
    assert cells and all(f"({own})" in cell for cell in cells), cells
    answer = page.goto(url + f"/gemeenten/{other}")
    assert answer is not None and answer.status == 403
    assert "buiten uw bereik" in page.content()
    page.context.close()


def test_an_aanbieder_user_sees_only_its_own_lines_in_the_portal(
    browser: Browser, app_and_url: tuple[FastAPI, str], region: Region
) -> None:
    app, url = app_and_url
    own, other = region.aanbieder, region.other_aanbieder
    if app.state.auth.accounts.principal("b-aanbieder") is None:
        app.state.auth.accounts.add("b-aanbieder", "aanbieder", password=PASSWORD, aanbieders=[own])
    page = _log_in(browser, url, "b-aanbieder", "/portaal")
    assert page.url.endswith("/portaal")
    assert page.get_by_role("heading", name="Declaratieregels").is_visible()
    assert _violations(page) == []
    references = set(page.locator("table.tabel").first.locator("tbody th").all_inner_texts())
    data = app.state.data
    own_refs = set(
        data.query("SELECT referentie_nummer FROM claim_lines WHERE aanbieder = ?", [own])
        .column(0)
        .to_pylist()
    )
    assert references and references <= own_refs
    assert page.get_by_role("heading", name="Declaratie-antwoorden (JW325)").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=region.answer).click()
    assert download.value.suggested_filename == region.answer
    saved = Path(download.value.path())
    assert f"<jw325:Ontvanger>{own}</jw325:Ontvanger>".encode() in saved.read_bytes()
    page.locator("table.tabel tbody th a").first.click()
    page.wait_for_load_state()
    assert "/portaal/prestaties/" in page.url and _violations(page) == []
    answer = page.goto(url + f"/portaal?aanbieder={other}")
    assert answer is not None and answer.status == 403
    page.context.close()
