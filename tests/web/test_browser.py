"""The dashboard in real headless Chromium (Debian's, never a downloaded one): every page loads without
console errors and without WCAG 2.1 AA violations (axe-core), filters and downloads work, and a
screenshot of every page is saved under test-artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from fastapi import FastAPI
from openpyxl import load_workbook
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from zorgpad.app.web import create_app
from zorgpad.app.web.auth.testing import bearer_headers

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=nl-NL",
]
# On Linux Chromium takes its interface language (which sets how a date input shows its value) from
# these variables, with Debian's chromium-l10n installed; `locale="nl-NL"` on the context does the rest.
CHROMIUM_ENV = {"LANGUAGE": "nl", "LANG": "nl_NL.UTF-8"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# The scenario page with three scenarios, so its charts, tables and assumptions are checked too.
SCENARIO_PAGE = "/scenarios?s1=indexeer_tarieven:procent=3&s2=tarief_per_niveau&s3=identiek"
SCREENSHOT_NAMES = {SCENARIO_PAGE: "scenarios-vergelijking.png"}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module")
def live_app(region_db: Path) -> FastAPI:
    return create_app(region_db, "centraal-gelderland")


@pytest.fixture(scope="module")
def regio_headers(live_app: FastAPI) -> dict[str, str]:
    """The pages are seen by a `regio` user (the whole region); login itself: test_browser_login.py."""
    return bearer_headers(live_app)


@pytest.fixture(scope="module")
def live_url(live_app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1, on a free port, in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(live_app, log_level="warning"))
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium ontbreekt op {CHROMIUM}: installeer het Debian-pakket 'chromium' (.ci/run doet dat)."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, regio_headers: dict[str, str]) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",
        accept_downloads=True,
        extra_http_headers=regio_headers,
    )
    # A claim line's explanation runs every control rule, as `zorgpad explain` does: on a busy machine
    # that takes longer than Playwright's default 30 s.
    context.set_default_navigation_timeout(300_000)
    context.set_default_timeout(300_000)
    opened = context.new_page()
    yield opened
    context.close()


def _watch_console(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"requestfailed: {request.url}"))
    return problems


def _screenshot_name(path: str) -> str:
    if path in SCREENSHOT_NAMES:
        return SCREENSHOT_NAMES[path]
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    return f"{name or 'overzicht'}.png"


def _violations(page: Page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found: list[dict[str, Any]] = results.response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in found]


def test_every_page_loads_cleanly_and_passes_axe(page: Page, live_url: str, page_paths: list[str]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = _watch_console(page)
    report = {}
    for path in [*page_paths, SCENARIO_PAGE, "/bestaat-niet"]:
        answer = page.goto(live_url + path)
        assert answer is not None
        assert answer.status == (404 if path == "/bestaat-niet" else 200), path
        page.screenshot(path=str(SCREENSHOTS / _screenshot_name(path)), full_page=True)
        violations = _violations(page)
        if path == "/bestaat-niet":  # the browser logs the document's own 404 status; that is the point
            problems[:] = [p for p in problems if "status of 404" not in p]
        if violations or problems:
            report[path] = [*violations, *problems]
        problems.clear()
    assert report == {}


def test_the_browser_and_the_pages_speak_dutch(page: Page, live_url: str) -> None:
    page.goto(live_url + "/indicatoren/kosten-per-maand?van=2025-01-01&tot=2025-06-30")
    assert page.evaluate("navigator.language") == "nl-NL"
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.evaluate("new Date(2025, 2, 1).toLocaleDateString()") == "1-3-2025"
    assert page.locator("#f-van").input_value() == "2025-01-01"  # the value stays ISO; the display is Dutch
    months = _first_column(page)
    assert months[0] == "jan 2025" and all(not re.fullmatch(r"\d{4}-\d{2}", m) for m in months)


def test_overview_on_a_phone(browser: Browser, live_url: str, regio_headers: dict[str, str]) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="nl-NL", extra_http_headers=regio_headers
    )
    try:
        phone = context.new_page()
        phone.goto(live_url + "/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, "the page scrolls sideways on a phone"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SCREENSHOTS / "overzicht-telefoon.png"), full_page=True)
        assert _violations(phone) == []
    finally:
        context.close()


def _first_column(page: Page) -> list[str]:
    return page.locator("table.tabel tbody th").all_inner_texts()


def test_filter_form_changes_the_table(page: Page, live_url: str) -> None:
    problems = _watch_console(page)
    page.goto(live_url + "/indicatoren/kosten-per-gemeente")
    before = _first_column(page)
    assert len(before) > 1
    options = page.locator("#f-gemeente option").all()
    chosen = options[1].get_attribute("value")
    assert chosen
    page.select_option("#f-gemeente", chosen)
    page.fill("#f-van", "2025-01-01")
    page.fill("#f-tot", "2025-06-30")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(rf"gemeente={chosen}"))
    assert "van=2025-01-01" in page.url and "tot=2025-06-30" in page.url
    after = _first_column(page)
    assert after != before
    assert len(after) == 1 and f"({chosen})" in after[0]
    assert page.locator("#f-gemeente").input_value() == chosen
    page.get_by_role("link", name="Alle filters wissen").click()
    page.wait_for_load_state()
    assert _first_column(page) == before
    assert problems == []


def test_downloads_hold_what_the_api_gives(page: Page, live_url: str, regio_headers: dict[str, str]) -> None:
    query = "?van=2025-01-01&tot=2025-12-31"
    page.goto(f"{live_url}/indicatoren/kosten-per-product{query}")
    api = httpx.get(f"{live_url}/api/indicatoren/kosten-per-product{query}", headers=regio_headers).json()
    expected = [list(row.values()) for row in api["rijen"]]
    # Chromium's download manager fetches an attachment again without the context's extra headers (the
    # bearer token these tests are logged in with), so the browser finds the links on the page and the
    # files behind them are fetched with the same token.
    files = {}
    for label in ("CSV", "Excel"):
        href = page.get_by_role("link", name=re.compile(f"^Download {label}")).get_attribute("href")
        assert href
        answer = httpx.get(urljoin(f"{live_url}/", href), headers=regio_headers)
        assert answer.status_code == 200, (label, answer.text[:200])
        files[label] = answer.content
    rows = list(csv.reader(io.StringIO(files["CSV"].decode("utf-8-sig")), delimiter=";"))
    assert _as_api(rows[0], [[_number(v) for v in row] for row in rows[1:]]) == (api["kolommen"], expected)
    book = load_workbook(io.BytesIO(files["Excel"]), read_only=True)
    try:
        sheet = [list(r) for r in book["Gegevens"].iter_rows(values_only=True)]
    finally:
        book.close()
    assert _as_api([str(h) for h in sheet[0]], sheet[1:]) == (api["kolommen"], expected)


def _number(text: str) -> object:
    """A CSV cell as the API would give it: a whole number or a decimal where the cell holds one."""
    for kind in (int, Decimal):
        try:
            return kind(text)
        except (ValueError, ArithmeticError):
            continue
    return text


def _as_api(header: list[str], rows: list[list[object]]) -> tuple[list[str], list[list[object]]]:
    """A download in the API's shape (both carry the name columns beside the codes): amounts that the
    download gives in euros (`bedrag (euro)`) back in eurocents."""
    keep = list(range(len(header)))
    names = [header[i].removesuffix(" (euro)") for i in keep]
    euros = {i for i in keep if header[i].endswith(" (euro)")}
    shaped = [
        [round(Decimal(str(row[i])) * 100) if i in euros and row[i] is not None else row[i] for i in keep]
        for row in rows
    ]
    return names, shaped


def test_every_knelpunt_page_shows_a_conclusion_with_status_and_norm(
    page: Page, live_url: str, regio_headers: dict[str, str]
) -> None:
    problems = _watch_console(page)
    indicators = httpx.get(f"{live_url}/api/indicatoren", headers=regio_headers).json()
    slugs = sorted({item["knelpunt"].replace(":", "-") for item in indicators})
    report = {}
    for slug in slugs:
        page.goto(f"{live_url}/knelpunten/{slug}")
        heading = page.locator("section.conclusie h2").inner_text()
        assert re.fullmatch(r"Conclusie: (voldoet|let op|actie)", heading), (slug, heading)
        norm = page.locator("section.conclusie dt:text-is('Norm') + dd").inner_text()
        source = page.locator("section.conclusie dt:text-is('Bron van de norm') + dd").inner_text()
        step = page.locator("section.conclusie dt:text-is('Volgende stap') + dd").inner_text()
        assert norm and source and step, slug
        page.screenshot(path=str(SCREENSHOTS / f"knelpunt-{slug}.png"), full_page=True)
        found = [*_violations(page), *problems]
        if found:
            report[slug] = found
        problems.clear()
    assert report == {}


def test_a_click_on_a_bar_reaches_claim_lines_and_an_explanation(page: Page, live_url: str) -> None:
    problems = _watch_console(page)
    page.goto(f"{live_url}/indicatoren/kosten-per-gemeente")
    bar = page.locator('svg.grafiek a[aria-label^="Declaratieregels van"]').first
    name = (bar.get_attribute("aria-label") or "").removeprefix("Declaratieregels van ")
    bar.click()
    page.wait_for_url(re.compile(r"/declaraties\?gemeente=\d{4}"))
    assert f"gemeente {name}" in page.locator(".actief-filter").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "klik-declaratieregels.png"), full_page=True)
    assert _violations(page) == []
    page.locator("table.tabel tbody th a").first.click()
    page.wait_for_url(re.compile(r"/declaraties/[^/?]+"))
    assert re.fullmatch(
        r"Oordeel: (afgewezen|gesignaleerd|goedgekeurd)", page.locator("h2").first.inner_text()
    )
    assert page.get_by_role("heading", name="Uitleg per controleregel").is_visible()
    assert page.locator("table.tabel tbody tr").count() >= 5  # a row per control rule
    page.screenshot(path=str(SCREENSHOTS / "klik-uitleg.png"), full_page=True)
    assert _violations(page) == []
    assert problems == []


def test_the_scenario_form_runs_a_composed_reform_without_syntax(
    page: Page, live_url: str, regio_headers: dict[str, str]
) -> None:
    problems = _watch_console(page)
    page.goto(f"{live_url}/scenarios")
    page.get_by_label("Tarieven indexeren").check()
    page.locator("#p-indexeer_tarieven-procent").fill("5")
    page.get_by_label("Maximale duur per product").check()
    first = page.locator("#p-begrens_duur-producten option").first
    page.select_option("#p-begrens_duur-producten", label=first.inner_text())
    page.get_by_role("button", name="Reken door").click()
    page.wait_for_load_state()
    heading = page.locator("#scenario-1-kop").inner_text()
    assert heading == "Scenario 1: Maximale duur per product + Tarieven indexeren"
    assert page.get_by_role("table", name="Bedrag per cliënt per gemeente").count() == 1
    assert page.locator("#scenario-1-kop ~ div table tbody tr td").first.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "scenario-formulier.png"), full_page=True)
    assert _violations(page) == []
    link = page.get_by_role("link", name=re.compile("^Download Excel")).get_attribute("href")
    assert link is not None and "hervorming=begrens_duur" in link
    answer = httpx.get(live_url + link, headers=regio_headers, timeout=300)
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    assert problems == []
