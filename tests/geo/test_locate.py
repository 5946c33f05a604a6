"""Event location: precision from the text, fallbacks to the nearest level the text supports."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.geo import locate_mentions
from sitrep.geo.gazetteer import Gazetteer, km
from sitrep.model import Mention, Page, Place, Span
from sitrep.nlp import parse_text


def make_page(text: str) -> Page:
    """A one-paragraph page whose body is the whole text."""
    return Page(id="test-page", text=text, paragraphs=[Span(0, len(text), text)])


def span_of(text: str, words: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Span(start, start + len(words), words)


def make_mention(text: str, place: str | None, qualifier: str | None = None,
                 country_hint: str | None = None, sentence: str | None = None) -> Mention:
    """An Attack mention whose evidence is `sentence` (default: the whole text)."""
    evidence = span_of(text, sentence) if sentence else Span(0, len(text), text)
    return Mention(event_type="Violence against civilians", sub_event_type="Attack",
                   event_date=date(2024, 1, 1), time_precision=1, evidence=[evidence],
                   trigger=evidence, place_name=span_of(text, place) if place else None,
                   place_qualifier=qualifier, country_hint=country_hint)


def _locate(text: str, *mentions_args: dict[str, str | None]) -> list[Place | None]:
    page = make_page(text)
    mentions = [make_mention(text, **args) for args in mentions_args]
    return [m.place for m in locate_mentions(page, parse_text(page.body), mentions)]


def test_town_itself_is_precision_one() -> None:
    [place] = _locate("Gunmen attacked a checkpoint in Kandahar on Monday.", {"place": "Kandahar"})
    assert place is not None and place.precision == 1 and place.iso3 == "AFG"
    assert place.admin1 and place.country


def test_near_a_town_is_precision_two() -> None:
    [place] = _locate("A roadside bomb exploded near Kandahar on Monday.",
                      {"place": "Kandahar", "qualifier": "near"})
    assert place is not None and place.precision == 2 and place.iso3 == "AFG"


def test_province_only_is_precision_three_at_its_capital(gaz: Gazetteer) -> None:
    [place] = _locate("Fighting continued in Helmand province on Monday.",
                      {"place": "Helmand province", "qualifier": "region"})
    assert place is not None and place.precision == 3 and place.iso3 == "AFG"
    capital = next(c for c in gaz.lookup("Lashkar Gah") if c.cc == "AF")
    assert km(place.latitude, place.longitude, capital.lat, capital.lon) < 25


def test_unknown_place_falls_back_to_a_town_of_the_sentence() -> None:
    text = "Militants shelled the Qwzxplk base outside Mosul, officials in Baghdad said."
    [place] = _locate(text, {"place": "Qwzxplk"})
    assert place is not None and place.precision == 2 and place.iso3 == "IRQ"


def test_unknown_place_keeps_the_other_mentions_places() -> None:
    text = "Gunmen killed two people in Qwzxplk. Separately, a bomb exploded in Mosul."
    unknown, known = _locate(text, {"place": "Qwzxplk", "sentence": "Gunmen killed two people in Qwzxplk."},
                             {"place": "Mosul", "sentence": "Separately, a bomb exploded in Mosul."})
    assert known is not None and known.precision == 1 and known.iso3 == "IRQ"
    assert unknown is not None and unknown.precision >= 2


def test_no_place_name_takes_the_country_hint_at_precision_three() -> None:
    [place] = _locate("Protesters marched against rising prices.", {"place": None, "country_hint": "KEN"})
    assert place is not None and place.precision == 3 and place.iso3 == "KEN"


def test_tripoli_in_a_lebanese_story() -> None:
    text = "Clashes in Tripoli killed three people, Lebanese security sources in Beirut said."
    [place] = _locate(text, {"place": "Tripoli"})
    assert place is not None and place.iso3 == "LBN"


def test_a_longer_name_on_the_page_wins_over_its_last_word() -> None:
    text = "Soldiers clashed with rebels in Puerto Princesa on Palawan island on Friday."
    [place] = _locate(text, {"place": "Princesa"})
    assert place is not None and place.iso3 == "PHL" and "Puerto" in place.name


def test_a_town_inside_an_unknown_name_does_not_beat_the_page() -> None:
    text = "Troops clashed with gunmen in San Juan de Lurigancho, east of Lima, on Friday."
    [place] = _locate(text, {"place": "San Juan de Lurigancho"})
    assert place is not None and place.iso3 == "PER" and place.precision == 2


def test_an_unusable_gazetteer_leaves_events_unplaced_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.geo.locate as locate_module

    def broken() -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr(locate_module, "gazetteer", broken)
    text = "Gunmen attacked a checkpoint in Kandahar on Monday."
    page = make_page(text)
    mentions = locate_mentions(page, parse_text(text), [make_mention(text, "Kandahar")])
    assert len(mentions) == 1 and mentions[0].place is None
    assert any("gazetteer" in note for note in page.notes)


def test_a_region_across_borders_gives_way_to_a_town_of_the_pages_country() -> None:
    sentence = "Militants active across the Horn of Africa carried out the attack."
    text = "A bomb hit a market on the outskirts of Mogadishu, Somalia, on Monday. " + sentence
    [place] = _locate(text, {"place": "Horn of Africa", "sentence": sentence})
    assert place is not None and place.iso3 == "SOM" and place.name == "Mogadishu"
