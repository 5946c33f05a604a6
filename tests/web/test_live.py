"""End to end in chromium: `sitrep watch --once` stores an article while the map is open, and its event
appears on the page without a reload, marked "new", with the counter of arrivals.

The news site is the watch tests' local server (tests/watch/newsroom.py) on 127.0.0.1; the app runs
under uvicorn over the examples' database (conftest.py), which `sitrep watch` writes into, as a
separate process: the database is the only channel between the two. The page keeps its CSP.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "watch"))

from newsroom import serve_site
from stories import STORIES
from test_browser import CHROMIUM, OUTPUT, browser

from sitrep.web.app import create_app
from sitrep_testkit.server import serving

__all__ = ["browser"]  # the fixture, shared with test_browser.py
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@pytest.fixture()
def live_server(tmp_path: Path, build_database: Callable[[Path], str]) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "sitrep.db"
    app = create_app(build_database(path))
    app.state.live_poll_s = 0.2
    with serving(app) as base:
        yield base, path


def test_a_watched_article_appears_on_the_open_map(browser: Any, live_server: tuple[str, Path]) -> None:
    base, db = live_server
    context = browser.new_context(viewport={"width": 1366, "height": 850})  # the CSP stays on
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.goto(base)
    tab.wait_for_selector("body[data-ready='1'][data-live='open']", timeout=20_000)
    before = int(tab.evaluate("document.body.dataset.mapCount") or 0)
    assert tab.locator("#live").is_hidden()
    with serve_site() as site:
        site.add(STORIES[2])  # a clash near Gao
        done = subprocess.run([sys.executable, "-m", "sitrep", "watch", "--once", site.base + "feed.xml",
                               "--db", str(db), "--host-delay", "0"], capture_output=True, text=True,
                              timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    tab.wait_for_selector("#event-list li.new", timeout=15_000)
    fresh = tab.locator("#event-list li.new").first
    assert "Gao" in fresh.inner_text() and "new" in fresh.locator(".badge-new").inner_text().lower()
    assert tab.locator("#live").inner_text().startswith("1 new or updated")
    assert int(tab.evaluate("document.body.dataset.mapCount")) == before + 1
    assert tab.locator("#event-list li").first.get_attribute("class") == "new"  # at the top
    OUTPUT.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / "live-new-event.png"))
    assert not [p for p in problems if "Content Security Policy" in p]
    context.close()
