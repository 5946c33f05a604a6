"""End to end in Debian's chromium, driven by Playwright's driver: the map, the card, filters, safety.

The app runs under uvicorn on loopback over a database built from the
examples (conftest.py). Every test fails if the page asks any host but the
app's. Screenshots go to test-output/web/. Skipped when /usr/bin/chromium is
missing (scripts/install-test-deps.sh installs it).
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


def open_tab(browser: Any, server: str, path: str = "", **options: Any) -> tuple[Any, Any, list[str]]:
    """A new context and page on `server` + `path`, ready; the third value collects other hosts asked."""
    # bypass_csp: Playwright polls its predicates with eval; the page must be safe without CSP anyway
    context = browser.new_context(**{"viewport": {"width": 1366, "height": 850}, "bypass_csp": True,
                                     **options})
    elsewhere: list[str] = []
    context.on("request", lambda request: None if request.url.startswith((server, "data:", "blob:"))
               else elsewhere.append(request.url))
    tab = context.new_page()
    tab.dialogs = []  # type: ignore[attr-defined]
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(server + path)
    tab.wait_for_selector("body[data-ready='1']", timeout=20_000)
    return context, tab, elsewhere


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    context, tab, elsewhere = open_tab(browser, server)
    yield tab
    context.close()
    assert elsewhere == [], f"the page asked other hosts: {elsewhere}"


def shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name), full_page=False)


def api(server: str, path: str) -> Any:
    return httpx.get(server + path, timeout=10).json()


def test_map_shows_the_example_events(page: Any, server: str) -> None:
    stats = api(server, "api/stats")
    assert stats["total"] >= 8
    assert page.get_attribute("body", "data-map-count") == str(stats["total"] - stats["unplaced"])
    assert page.locator(".leaflet-marker-icon[data-kind]").count() >= 3  # stacks and single events
    assert page.locator("#event-list > li").count() == stats["total"]
    assert page.locator("#events-title").inner_text() == f"Events: {stats['total']} match"
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 0  # borders
    assert page.locator(".town").count() > 3  # names of towns
    shot(page, "map-laptop.png")


def first_event_marker(page: Any) -> Any:
    """An event's marker on the map, fanning out a stack if every event is in one."""
    marker = page.locator(".leaflet-marker-icon[data-kind='event']").first
    if marker.count() == 0:
        page.locator(".leaflet-marker-icon[data-kind='stack']").first.click()
        marker = page.locator(".leaflet-marker-icon[data-kind='fanned']").first
    return marker


def test_clicking_an_event_opens_its_card_with_evidence(page: Any, server: str) -> None:
    page.locator("#map").click()  # a first click gives the map focus; nothing to open there
    marker = first_event_marker(page)
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
    page.keyboard.press("Escape")
    page.locator("#timeline").focus()  # the timeline: one tab stop, arrows pick bars
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('#f-since').value !== ''")
    newest = page.input_value("#f-since")
    page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(f"document.querySelector('#f-since').value < '{newest}'")
    assert page.input_value("#f-until") >= newest
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelector('#f-since').value === ''")


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
    context, tab, elsewhere = open_tab(browser, server, viewport={"width": 390, "height": 844},
                                       is_mobile=True, has_touch=True)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, "nothing wider than the phone's screen"
    assert tab.locator("#map").bounding_box()["width"] <= 390
    assert tab.locator("#event-list").is_hidden(), "the list waits behind its tab"
    map_box = tab.locator("#map").bounding_box()
    assert map_box["y"] < 200, "the map comes first, under the tabs"
    shot(tab, "map-phone.png")
    tab.get_by_role("button", name="List").click()
    assert tab.locator("#map").is_hidden()
    first = tab.locator("#event-list button").first
    assert first.bounding_box()["y"] < 400, "the list starts near the top"
    assert "tab=list" in tab.url
    shot(tab, "list-phone.png")
    first.click()
    card = tab.locator("#card")
    card.wait_for(state="visible")
    box = card.bounding_box()
    assert box["width"] <= 390 and box["width"] >= 385 and box["height"] >= 840, "the card fills the screen"
    shot(tab, "card-phone.png")
    tab.get_by_role("button", name="Close the event card and go back").click()
    card.wait_for(state="hidden")
    assert tab.locator("#event-list").is_visible()
    context.close()
    assert elsewhere == []


def test_the_address_keeps_filters_view_and_event(browser: Any, server: str) -> None:
    context, tab, elsewhere = open_tab(browser, server)
    everything = int(tab.get_attribute("body", "data-map-count"))
    tab.select_option("#f-type", "Protests")
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_function("document.body.dataset.mapCount === '1'")
    tab.locator(".leaflet-control-zoom-in").click()
    tab.wait_for_function("new URL(location.href).searchParams.get('map').startsWith('3/')")
    tab.wait_for_function("document.body.dataset.mapZoom === '3'")
    shown = tab.get_attribute("body", "data-map-count")
    address = tab.url
    assert "event_type=Protests" in address
    again = context.new_page()  # the same address in a new tab: the same view
    again.goto(address)
    again.wait_for_selector("body[data-ready='1'][data-map-zoom='3']")
    assert again.get_attribute("body", "data-map-count") == shown
    assert again.input_value("#f-type") == "Protests"
    assert again.evaluate("new URL(location.href).searchParams.get('map')").startswith("3/")
    assert again.locator("#event-list > li").count() == 1
    tab.go_back()  # back: the filter before
    tab.wait_for_function(f"document.body.dataset.mapCount === '{everything}'")
    assert tab.input_value("#f-type") == ""
    tab.go_forward()  # forward: the filter again, at the zoom it had
    tab.wait_for_function("document.querySelector('#f-type').value === 'Protests'")
    tab.wait_for_function(f"document.body.dataset.mapCount === '{shown}'")
    assert tab.input_value("#f-type") == "Protests"
    context.close()
    assert elsewhere == []


def test_a_link_to_an_event_opens_it_on_the_map(browser: Any, server: str) -> None:
    gao = next(e for e in api(server, "api/events?text=Gao&limit=10")["items"] if e["n_reports"] == 2)
    context, tab, elsewhere = open_tab(browser, server, f"?event={gao['id']}")
    tab.locator("#card").wait_for(state="visible")
    tab.wait_for_function("document.querySelector('#card-title').textContent.includes('Suicide bomb')")
    centre = tab.evaluate("new URL(location.href).searchParams.get('map')").split("/")
    assert abs(float(centre[1]) - gao["latitude"]) < 0.5 and abs(float(centre[2]) - gao["longitude"]) < 0.5
    assert int(float(centre[0])) >= 7, "zoomed in on the event"
    link = tab.input_value("#card-link")
    assert f"event={gao['id']}" in link and link.startswith(server)
    shot(tab, "event-linked.png")
    tab.get_by_role("button", name="Copy link").click()
    tab.wait_for_function("document.querySelector('.card-link [role=status]').textContent !== ''")
    tab.keyboard.press("Escape")
    assert "event=" not in tab.url
    tab.go_back()
    tab.locator("#card").wait_for(state="visible")
    context.close()
    assert elsewhere == []


def test_events_at_one_place_fan_out(page: Any, server: str) -> None:
    qaryatayn = api(server, "api/events?text=Qaryatayn")["items"]
    assert len(qaryatayn) == 2 and len({(e["latitude"], e["longitude"]) for e in qaryatayn}) == 1
    stack = page.locator(".leaflet-marker-icon[data-kind='stack']", has_text="2").first
    stack.click()
    fanned = page.locator(".leaflet-marker-icon[data-kind='fanned']")
    assert fanned.count() >= 2
    boxes = [fanned.nth(i).bounding_box() for i in range(fanned.count())]
    assert len({(round(b["x"]), round(b["y"])) for b in boxes}) == len(boxes), "no two drawn at one spot"
    shot(page, "fanned-out.png")
    ids = {fanned.nth(i).get_attribute("data-event-id") for i in range(fanned.count())}
    assert len(ids) == fanned.count()
    fanned.nth(1).click()
    page.locator("#card").wait_for(state="visible")
    page.wait_for_function("document.querySelector('#card-title').textContent.includes('·')")


def test_the_card_is_a_dialog_that_keeps_focus(page: Any) -> None:
    opener = page.locator("#event-list button").first
    opener.click()
    card = page.locator("#card")
    card.wait_for(state="visible")
    page.wait_for_function("document.querySelector('#card-title').textContent.includes('·')")
    assert card.get_attribute("aria-modal") == "true"
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 15:
        page.keyboard.press(key)
        assert page.evaluate("document.querySelector('#card').contains(document.activeElement)"), key
    page.locator("#card .source button").first.focus()
    page.keyboard.press("Escape")  # from anywhere in the card
    card.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.eventId") == opener.get_attribute("data-event-id")


def test_export_buttons_download_the_filtered_events(page: Any, tmp_path: Path) -> None:
    import csv
    import json

    import pyarrow.parquet as pq

    page.select_option("#f-type", "Explosions/Remote violence")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function("document.querySelector('#events-title').textContent === 'Events: 3 match'")
    assert page.get_attribute("body", "data-total") == "3"
    rows: dict[str, int] = {}
    for name in ("CSV", "GeoJSON", "Parquet"):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        if name == "CSV":
            with path.open(encoding="utf-8") as handle:
                rows[name] = len(list(csv.DictReader(handle)))
        elif name == "GeoJSON":
            rows[name] = len(json.loads(path.read_text(encoding="utf-8"))["features"])
        else:
            rows[name] = pq.read_table(path).num_rows
    assert rows == {"CSV": 3, "GeoJSON": 3, "Parquet": 3}


def test_reversed_dates_are_refused_with_a_message(page: Any) -> None:
    page.fill("#f-since", "2024-08-01")
    page.fill("#f-until", "2024-07-01")
    page.get_by_role("button", name="Apply filters").click()
    error = page.locator("#filter-error")
    error.wait_for(state="visible")
    assert "reversed" in error.inner_text()
    assert "since" not in page.url


def test_an_empty_result_says_so(page: Any) -> None:
    page.fill("#f-text", "no event has these words")
    page.get_by_role("button", name="Apply filters").click()
    page.locator("#list-empty").wait_for(state="visible")
    assert page.locator("#list-empty").inner_text() == "No event matches these filters."
    page.wait_for_function("document.querySelector('#status').textContent.startsWith('No event')")
    assert page.locator("#events-title").inner_text() == "Events: 0 match"


def test_api_docs_work_offline(browser: Any, server: str) -> None:
    context = browser.new_context()
    elsewhere: list[str] = []
    context.on("request", lambda request: None if request.url.startswith((server, "data:", "blob:"))
               else elsewhere.append(request.url))
    tab = context.new_page()
    tab.goto(server + "docs")
    tab.locator(".opblock").first.wait_for(timeout=20_000)
    assert tab.locator(".opblock").count() > 5
    tab.goto(server + "redoc")
    tab.locator("h1").first.wait_for(timeout=20_000)
    assert "Sitrep" in tab.locator("h1").first.inner_text()
    tab.wait_for_timeout(500)
    shot(tab, "redoc.png")
    context.close()
    assert elsewhere == [], f"the docs asked other hosts: {elsewhere}"


AXE = Path(__file__).resolve().parents[2] / "src/sitrep/web/frontend/node_modules/axe-core/axe.min.js"


@pytest.mark.skipif(not AXE.exists(), reason="needs axe-core from npm (scripts/install-test-deps.sh)")
def test_axe_finds_nothing_serious(page: Any) -> None:
    def serious() -> list[str]:
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("axe.run(document).then(r => r.violations"
                              ".filter(v => ['serious', 'critical'].includes(v.impact))"
                              ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))")
        return list(found)

    assert serious() == []
    page.locator("#event-list button").first.click()
    page.wait_for_function("document.querySelector('#card-title').textContent.includes('·')")
    assert serious() == []


def test_undated_events_are_counted_and_said_so(browser: Any, tmp_path: Path,
                                                 build_database: Callable[[Path], str]) -> None:
    from sqlalchemy import insert, select

    from sitrep.store.db import open_database
    from sitrep.store.schema import events

    url = build_database(tmp_path / "undated.db")
    db = open_database(url)
    with db.write() as connection:  # a copy of the Dhaka march whose date is not known
        march = select(events).where(events.c.event_type == "Protests")
        row = dict(connection.execute(march).mappings().one())
        connection.execute(insert(events), [{**row, "id": 9999, "event_date": None, "date_start": None,
                                            "date_end": None}])
    db.close()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        context, tab, elsewhere = open_tab(browser, f"http://127.0.0.1:{port}/")
        undated = tab.locator("#timeline-undated")
        assert undated.is_visible()
        assert undated.inner_text().startswith("Undated: 1 event whose date is not known")
        assert "1 with no known date" in tab.locator("#totals").inner_text()
        item = tab.locator("#event-list [data-event-id='9999']")
        assert "date not known" in item.inner_text()
        item.click()
        tab.wait_for_function("document.querySelector('#card-title').textContent.includes('·')")
        assert "date not known" in tab.locator("#card .facts").inner_text()
        assert "null" not in tab.locator("#card").inner_text()
        shot(tab, "undated-event.png")
        context.close()
        assert elsewhere == []
    finally:
        server.should_exit = True
        thread.join(timeout=10)
