"""End to end in Debian's chromium, driven by Playwright's driver: the map, the card, filters, safety.

The app runs under uvicorn on loopback over a database built from the
examples (conftest.py). Screenshots go to test-output/web/. Skipped when
/usr/bin/chromium is missing (scripts/install-test-deps.sh installs it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from sitrep.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "web"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, build_database: Callable[[Path], str]) -> Iterator[str]:
    url = build_database(tmp_path_factory.mktemp("browser") / "sitrep.db")
    port = free_port()
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield base
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    # bypass_csp: Playwright polls its predicates with eval; the page must be safe without CSP anyway
    context = browser.new_context(viewport={"width": 1366, "height": 850}, bypass_csp=True)
    tab = context.new_page()
    tab.dialogs = []  # type: ignore[attr-defined]
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(server)
    tab.wait_for_selector("body[data-ready='1']", timeout=20_000)
    yield tab
    context.close()


def shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name), full_page=False)


def api(server: str, path: str) -> Any:
    return httpx.get(server + path, timeout=10).json()


def test_map_shows_the_example_events(page: Any, server: str) -> None:
    points = api(server, "api/points")
    assert points["count"] >= 8
    assert page.get_attribute("body", "data-map-count") == str(points["count"])
    assert page.locator(".leaflet-marker-icon").count() >= 3  # clusters and single events
    assert page.locator("#event-list > li").count() == points["count"]
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 0  # borders
    shot(page, "map-laptop.png")


def test_clicking_an_event_opens_its_card_with_evidence(page: Any, server: str) -> None:
    page.locator("#map").click()  # a first click gives the map focus; nothing to open there
    marker = page.locator(".leaflet-marker-icon[data-kind='event']").first
    if marker.count() == 0:  # everything still clustered: zoom into the first cluster
        page.locator(".leaflet-marker-icon[data-kind='cluster']").first.click()
        page.wait_for_timeout(800)
        marker = page.locator(".leaflet-marker-icon[data-kind='event']").first
    event_id = marker.get_attribute("data-event-id")
    marker.click()
    card = page.locator("#card")
    card.wait_for(state="visible")
    detail = api(server, f"api/events/{event_id}")
    page.wait_for_function("document.querySelector('#card-title').textContent.includes('·')")
    assert detail["event_type"] in page.locator("#card-title").inner_text()
    assert page.locator("[data-testid='claim-chain']").inner_text() == detail["claim_chain"]
    evidence = detail["reports"][0]["mention"]["evidence"][0]["text"]
    assert evidence in card.locator(".evidence").first.inner_text()
    card.get_by_role("button", name="Show the sentence in its page").first.click()
    mark = card.locator("mark.this-event").first
    mark.wait_for()
    assert mark.inner_text() == evidence
    shot(page, "event-card.png")


def test_a_filter_narrows_the_list_and_the_map(page: Any, server: str) -> None:
    before = page.locator("#event-list > li").count()
    page.select_option("#f-type", "Protests")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("document.body.dataset.mapCount === '1'")
    page.wait_for_function("document.querySelectorAll('#event-list > li').length === 1")
    assert before > 1
    assert "Peaceful protest" in page.locator("#event-list").inner_text()
    page.get_by_role("button", name="Clear").click()
    page.wait_for_function(f"document.querySelectorAll('#event-list > li').length === {before}")


def test_brushing_the_timeline_narrows_the_map(page: Any, server: str) -> None:
    total = int(page.get_attribute("body", "data-map-count"))
    box = page.locator(".timeline-svg .overlay").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.9, y)  # the newest stretch of time only
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"Number(document.body.dataset.mapCount) < {total}")
    newest = max(d for d in api(server, "api/points")["date"] if d)
    assert page.input_value("#f-since") != ""
    assert page.input_value("#f-until") >= newest, "a brush to the right edge keeps the newest bar"
    assert int(page.get_attribute("body", "data-map-count")) > 0
    shot(page, "timeline-brushed.png")


def test_keyboard_reaches_the_list_and_the_card(page: Any) -> None:
    first = page.locator("#event-list button").first
    first.focus()
    page.keyboard.press("Enter")
    page.locator("#card").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "card-title"
    page.keyboard.press("Escape")
    page.locator("#card").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('event-button')")
    # press() focuses and presses on the element it resolves at that moment: the map redraws its
    # markers when the closed card gives it back its width, which can replace a marker focused earlier
    page.locator(".leaflet-marker-icon[data-kind='event']").first.press("Enter")
    page.locator("#card").wait_for(state="visible")


def test_hostile_page_is_shown_as_text(page: Any, server: str) -> None:
    page.fill("#f-text", "Tessalit")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("document.querySelectorAll('#event-list > li').length === 1")
    page.locator("#event-list button").first.click()
    card = page.locator("#card")
    card.get_by_role("button", name="Show the sentence in its page").first.click()
    article = card.locator(".page-article")
    article.wait_for()
    page.wait_for_timeout(300)
    text = card.inner_text()
    assert "<script>alert('body')</script>" in article.inner_text()
    assert '<script>alert("title")</script>' in text
    assert "javascript:alert('link')" in text
    comments = card.locator(".reader-comments")
    assert comments.count() == 1, "the comment thread is shown apart from the article"
    assert "<script>alert('comment')</script>" in comments.inner_text()
    assert article.locator("text=alert('comment')").count() == 0
    assert card.locator("script, img, iframe, [onerror], [onmouseover]").count() == 0
    assert card.locator("a[href^='javascript']").count() == 0
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "hostile-page.png")


def test_phone_width(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(server)
    tab.wait_for_selector("body[data-ready='1']", timeout=20_000)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, "nothing wider than the phone's screen"
    assert tab.locator("#map").bounding_box()["width"] <= 390
    shot(tab, "map-phone.png")
    tab.locator("#event-list button").first.click()
    tab.locator("#card").wait_for(state="visible")
    assert tab.locator("#card").bounding_box()["width"] <= 390
    shot(tab, "card-phone.png")
    context.close()
