"""Invented news stories (written for Sitrep's tests), as HTML article pages and as many variants.

Every story is made up: places are real towns so that the gazetteer finds
them, the events and the outlet ("Sitrep Test Wire") are not.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    published: date
    paragraphs: tuple[str, ...]


STORIES = [
    Story("konduga-attack", "Gunmen kill five in attack on village near Maiduguri", date(2026, 12, 2), (
        "MAIDUGURI, Dec 2 (Sitrep Test Wire) - Gunmen killed five villagers in an attack on the village "
        "of Konduga near Maiduguri in Borno state on Wednesday, a local official said.",
        "The attackers arrived on motorcycles and set fire to several homes before fleeing, the "
        "official said. No group has claimed the attack.",
    )),
    Story("kharkiv-drone", "Drone strike damages apartment block in Kharkiv", date(2026, 12, 3), (
        "KHARKIV, Dec 3 (Sitrep Test Wire) - A Russian drone struck an apartment block in Kharkiv "
        "overnight, killing two people and wounding seven, the regional governor said on Thursday.",
        "Firefighters worked through the night to put out the blaze on the upper floors.",
    )),
    Story("gao-clash", "Soldiers and militants clash near Gao", date(2026, 12, 3), (
        "GAO, Dec 3 (Sitrep Test Wire) - Malian soldiers clashed with militants near Gao on Wednesday, "
        "and four soldiers were killed, the army said in a statement.",
        "The army said it had pushed the fighters back towards the border.",
    )),
    Story("dhaka-protest", "Students march in Dhaka over exam fees", date(2026, 12, 4), (
        "DHAKA, Dec 4 (Sitrep Test Wire) - Thousands of students marched peacefully through central Dhaka "
        "on Friday to protest against a rise in exam fees, organisers said.",
        "Police watched the march, which ended without incident outside the education ministry.",
    )),
]

TOWNS = ["Kaduna", "Jos", "Maiduguri", "Kano", "Sokoto", "Zaria", "Bauchi", "Gombe", "Yola", "Katsina",
         "Minna", "Lokoja", "Makurdi", "Lafia", "Damaturu", "Dutse", "Birnin Kebbi", "Gusau", "Jalingo",
         "Ilorin"]


def variant(number: int) -> Story:
    """The `number`th of many distinct made-up attack reports (for volume tests and the benchmark)."""
    town = TOWNS[number % len(TOWNS)]
    killed = 2 + number % 9
    day = 1 + number % 28
    title = f"Gunmen kill {killed} in raid on market in {town}"
    return Story(f"attack-{number:05d}", title, date(2026, 11, day), (
        f"{town.upper()}, Nov {day} (Sitrep Test Wire) - Gunmen killed {killed} traders in a raid on a "
        f"market in {town} on Tuesday, police said. Report number {number}.",
        "Witnesses said the attackers fired into the crowd before escaping on motorcycles.",
    ))


def article_html(story: Story) -> bytes:
    """The story as a small news page, with the chrome a real one has."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(story.title)} | Sitrep Test Wire</title>"
        f"<meta property='article:published_time' content='{story.published.isoformat()}T08:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(story.title)}</h1><p class='byline'>By Test Reporter</p>{body}</article>"
        "<footer>Share this story · Sign up for our newsletter</footer></body></html>"
    ).encode()
