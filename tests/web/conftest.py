"""A real SQLite database for the web tests, built through the store's ingest.

The example pages of `examples/` are read by the real pipeline (cleaning,
comments...), and the events on them are *planned* here: a reader wraps
`read_page` and attaches mentions whose evidence is a sentence found in the
page's text. The tests so depend on the web layer and the store, never on how
well extraction reads these pages. Two extra pages are added: a second report
of the Gao bombing from another outlet (so one event has two sources that
disagree on the toll), and a hostile page full of markup and script.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitrep.ingest import ingest
from sitrep.model import Mention, PageResult, Place, RawPage, Span
from sitrep.pipeline import read_page
from sitrep.read import read_inputs
from sitrep.store.db import open_database
from sitrep.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-123"


@dataclass(frozen=True)
class Plan:
    """A mention to attach to the page whose id contains `page`, read from `sentence`."""

    page: str
    sentence: str
    event_type: str
    sub_event_type: str
    day: date
    place: Place
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int = 0
    source: str | None = None
    certainty: str = "reported"
    assoc: list[str] = field(default_factory=list)


QARYATAYN = Place("Al Qaryatayn", 34.2287, 37.2407, 1, admin1="Homs", country="Syria", iso3="SYR")
KHARKIV = Place("Kharkiv", 49.9935, 36.2304, 1, admin1="Kharkivska", country="Ukraine", iso3="UKR")
KRASNOPILLIA = Place("Krasnopillia", 50.7739, 35.2611, 1, admin1="Sumska", country="Ukraine", iso3="UKR")
GAO = Place("Gao", 16.2717, -0.0447, 1, admin1="Gao", country="Mali", iso3="MLI")
DHAKA = Place("Dhaka", 23.7104, 90.4074, 1, admin1="Dhaka", country="Bangladesh", iso3="BGD")
HOSTILE_TOWN = Place("Tessalit", 20.1986, 1.0114, 1, admin1="Kidal", country="Mali", iso3="MLI")

PLANS = [
    Plan("000_bc69b94e0cb71140", "Back on October 1, ISIS was able to reach al-Qaryatayn town",
         "Battles", "Non-state actor overtakes territory", date(2017, 10, 1), QARYATAYN, actor1="ISIS",
         assoc=["Jaysh Usud al-Sharqiya"], source="Hezbollah media wing", certainty="disputed"),
    Plan("000_bc69b94e0cb71140", "over 39 civilians were killed by ISIS fighters in al-Qaryatayn town",
         "Violence against civilians", "Attack", date(2017, 10, 21), QARYATAYN, actor1="ISIS",
         actor2="civilians", fatalities=39, source="Syrian oppositions sources", certainty="claimed"),
    Plan("kharkiv", "A Russian drone struck a municipal bus depot", "Explosions/Remote violence",
         "Air/drone strike", date(2025, 3, 14), KHARKIV, actor1="Military Forces of Russia",
         fatalities=3, source="regional governor Oleh Syniehubov", certainty="claimed"),
    Plan("kharkiv", "Russian artillery shelled the border village of Krasnopillia",
         "Explosions/Remote violence", "Shelling/artillery/missile attack", date(2025, 3, 13), KRASNOPILLIA,
         actor1="Military Forces of Russia", actor2="civilians", source="local authorities",
         certainty="claimed"),
    Plan("wire-2024-07-02-gao", "A suicide bomber drove a car packed with explosives",
         "Explosions/Remote violence", "Suicide bomb", date(2024, 7, 1), GAO,
         actor1="Unidentified armed group",
         actor2="civilians", fatalities=12, source="a local official", certainty="claimed"),
    Plan("wire-2024-07-02-gao", "soldiers had arrested four suspects", "Strategic developments", "Arrests",
         date(2024, 7, 2), GAO, actor1="Military Forces of Mali", source="The army", certainty="claimed"),
    Plan("wire-2024-07-03-dhaka", "Thousands of students marched peacefully through central Dhaka",
         "Protests", "Peaceful protest", date(2024, 7, 3), DHAKA, actor1="Protesters (Bangladesh)"),
    Plan("second-gao-report", "killed 20 people at the Gao livestock market",
         "Explosions/Remote violence", "Suicide bomb", date(2024, 7, 1), GAO,
         actor1="Unidentified armed group",
         actor2="civilians", fatalities=20),
    Plan("hostile-page", "Gunmen attacked an army post near Tessalit", "Battles", "Armed clash",
         date(2024, 8, 5), HOSTILE_TOWN, actor1="Unidentified armed group", actor2="Military Forces of Mali",
         fatalities=4),
]

SECOND_GAO = RawPage(
    id="second-gao-report", url="https://news.example.net/sahel/gao-market-bombing",
    published=date(2024, 7, 3),
    text="Death toll from Gao market bombing rises\n\n"
         "GAO, July 3 - Hospital staff said on Wednesday that the suicide car bomb on Monday "
         "killed 20 people at the Gao livestock market, up from an earlier count of 12.\n\n"
         "The regional governor declared three days of mourning.\n",
)

XSS_TITLE = 'Clash <script>alert("title")</script> near <img src=x onerror=alert(1)> Tessalit'
HOSTILE = RawPage(
    id="hostile-page", url="javascript:alert('url')//hostile.example.com/a", published=date(2024, 8, 6),
    text=f"{XSS_TITLE}\n\n"
         "KIDAL, Aug 6 - Gunmen attacked an army post near Tessalit on Monday, killing four soldiers, "
         "the army said <script>alert('body')</script> in a statement.\n\n"
         "Residents posted a video <img src=x onerror=alert('img')> and a link "
         "<a href=\"javascript:alert('link')\">click here</a> that could not be verified.\n\n"
         "2 Comments\n\n"
         "  • Troll<script>alert('author')</script>\n"
         "    August 6, 2024 at 9:41 am\n\n"
         "    Great <b onmouseover=alert('c')>news</b> <script>alert('comment')</script> "
         "javascript:alert('x')\n\n"
         "    Reply\n",
)


def planned_reader(raw: RawPage) -> PageResult:
    """The real pipeline's page, with the planned mentions instead of extracted ones."""
    result = read_page(raw)
    if result.page is None:
        return result
    text = result.page.text
    mentions: list[Mention] = []
    for plan in PLANS:
        start = text.find(plan.sentence)
        if plan.page not in raw.id or start < 0:
            continue
        span = Span(start, start + len(plan.sentence), plan.sentence)
        mentions.append(Mention(
            event_type=plan.event_type, sub_event_type=plan.sub_event_type, event_date=plan.day,
            time_precision=1, evidence=[span], trigger=span, actor1=plan.actor1, actor2=plan.actor2,
            assoc_actors=list(plan.assoc), place=plan.place, fatalities=plan.fatalities,
            source=plan.source, certainty=plan.certainty,  # type: ignore[arg-type]
        ))
    return PageResult(page=result.page, mentions=mentions, origin=result.origin)


def make_database(path: Path) -> str:
    """Ingest the examples and the two extra pages into a new SQLite file; returns its URL."""
    url = f"sqlite:///{path}"
    db = open_database(url)
    try:
        items = list(read_inputs([str(REPO / "examples")]))
        ingest(db, [*items, SECOND_GAO, HOSTILE], reader=planned_reader)
    finally:
        db.close()
    return url


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_database(tmp_path_factory.mktemp("web") / "sitrep.db")


@pytest.fixture(scope="session")
def token() -> str:
    """The bearer token the test app was started with."""
    return TOKEN


@pytest.fixture(scope="session")
def build_database() -> Callable[[Path], str]:
    """A function that builds a fresh example database at a path and returns its URL."""
    return make_database


@pytest.fixture(scope="session")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, token=TOKEN, reader=planned_reader)) as test_client:
        yield test_client
