"""The hierarchy a text gives a place: reading it, resolving its units, and what it decides.

The sentences are written for these tests; villages the gazetteer cannot know are made-up
names ("Zorvaka"), so that the fallback to the units the text names is what is tested.
"""

from __future__ import annotations

import time

import pytest

from sitrep.geo.gazetteer import Gazetteer, km
from sitrep.geo.hierarchy import chain_around, is_generic, locate_in_chain, read_chain
from sitrep.model import Place

from .test_locate import _locate


def _chain_names(text: str, name: str) -> list[tuple[str, int | None, bool]]:
    start = text.index(name)
    chain = read_chain(text, start, len(text))
    assert chain is not None
    return [(e.name, e.level, e.bracketed) for e in chain.elements]


def test_bracketed_units_with_unit_words() -> None:
    text = "Gunmen raided Zorvaka (Kachia LGA, Kaduna state) at night."
    expected = [("Zorvaka", None, False), ("Kachia", 2, True), ("Kaduna", 1, True)]
    assert _chain_names(text, "Zorvaka") == expected


def test_capitalised_unit_word_is_split_off() -> None:
    text = "in Zorvaka district, East Zorva Regency, Papua Province."
    expected = [("Zorvaka", 2, False), ("East Zorva", 2, False), ("Papua", 1, False)]
    assert _chain_names(text, "Zorvaka") == expected


def test_area_of_a_district() -> None:
    text = "a blast in the Zorvaka area of Andar district, Ghazni."
    assert [n for n, _, _ in _chain_names(text, "Zorvaka")] == ["Zorvaka", "Andar", "Ghazni"]


def test_a_list_is_marked_as_one() -> None:
    text = "strikes on Aleppo, Idlib and Hama"
    chain = read_chain(text, text.index("Aleppo"), len(text))
    assert chain is not None and chain.listed and not chain.explicit


def test_the_name_given_may_be_a_wider_unit_of_the_chain() -> None:
    text = "students marched in Zorvaka district, Sleman regency, Yogyakarta province."
    start = text.index("Yogyakarta")
    found = chain_around(text, start, start + len("Yogyakarta"), 0, len(text))
    assert found is not None
    chain, index = found
    assert chain.head.name == "Zorvaka" and index == 2


@pytest.mark.parametrize("word", ["Island", "Colonia", "University", "College", "Camp", "District", "Ash"])
def test_generic_words_are_no_place_alone(word: str) -> None:
    assert is_generic(word)


@pytest.mark.parametrize("word", ["Kabul", "Goma", "Jos"])
def test_place_names_are_not_generic(word: str) -> None:
    assert not is_generic(word)


def _at(place: Place | None, lat: float, lon: float, within: float) -> bool:
    return place is not None and km(place.latitude, place.longitude, lat, lon) <= within


def test_unknown_village_falls_back_to_its_district(gaz: Gazetteer) -> None:
    text = "Gunmen raided Zorvaka (Kachia LGA, Kaduna state), killing two."
    place = _locate(text, {"place": "Zorvaka"})[0]
    kachia = next(c for c in gaz.lookup("Kachia") if c.kind == "adm2")
    assert place is not None and place.iso3 == "NGA" and place.precision == 2
    assert kachia.seat_lat is not None and kachia.seat_lon is not None
    assert _at(place, kachia.seat_lat, kachia.seat_lon, 1.0)  # a district at its seat


def test_unknown_village_with_province_only_falls_back_to_the_province() -> None:
    text = "On 3 May, Russian forces shelled near Zorvakivka, Kharkiv. Casualties unknown."
    place = _locate(text, {"place": "Zorvakivka", "qualifier": "near", "country_hint": "RUS"})[0]
    assert place is not None and place.iso3 == "UKR" and place.precision == 3
    assert place.admin1 is not None and "Kharkiv" in place.admin1


def test_units_choose_among_namesakes(gaz: Gazetteer) -> None:
    text = "Farmers protested in Alexandria (Teleorman) over water prices."
    place = _locate(text, {"place": "Alexandria"})[0]
    assert place is not None and place.iso3 == "ROU" and place.precision == 1


@pytest.mark.parametrize("hint", [None, "USA"])
def test_a_currency_never_places_the_event(hint: str | None) -> None:
    text = "Traders in Zorvaka protested against the high US dollar exchange rate."
    place = _locate(text, {"place": "Zorvaka", "country_hint": hint})[0]
    assert place is None or place.iso3 != "USA"


def test_doubled_digraphs_of_ukrainian_names_are_one_spelling(gaz: Gazetteer) -> None:
    from sitrep.geo.normalize import skeleton_key

    assert skeleton_key("Zaporizhia") == skeleton_key("Zaporizhzhia")
    assert any(c.cc == "UA" for c in gaz.lookup("Zaporizhia"))


def test_a_nationality_gives_way_to_the_town_named() -> None:
    text = "Turkish forces shelled government positions in Saraqib."
    place = _locate(text, {"place": "Saraqib", "country_hint": "TUR"})[0]
    assert place is not None and place.iso3 == "SYR"


def test_town_in_named_province_beats_a_bigger_namesake() -> None:
    text = "Militants burned a school in Beni (Nord-Kivu)."
    place = _locate(text, {"place": "Beni"})[0]
    assert place is not None and place.iso3 == "COD"


def test_a_list_of_known_places_is_not_read_as_a_hierarchy(gaz: Gazetteer) -> None:
    text = "Air strikes hit Aleppo, Idlib and Hama on Monday."
    start = text.index("Aleppo")
    assert locate_in_chain(gaz, text, start, start + len("Aleppo"), 0, len(text)) is None


@pytest.mark.parametrize("name", ["X", "Z" * 500, "حلب الشرقية", "Харківщина", "Zorvaka"])
def test_bad_names_answer_quickly_without_raising(name: str) -> None:
    text = f"Gunmen attacked {name} (Kaduna) on Monday."
    started = time.perf_counter()
    place = _locate(text, {"place": name})[0]
    assert time.perf_counter() - started < 2.0
    assert place is None or place.precision in (1, 2, 3)


def test_a_note_whose_only_place_is_a_country() -> None:
    text = "Protesters marched in Kenya against new taxes."
    place = _locate(text, {"place": None})[0]
    assert place is not None and place.iso3 == "KEN" and place.precision == 3


def test_three_hundred_places_answer_quickly() -> None:
    names = ", ".join(f"Zorv{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}ka" for i in range(300))
    text = f"Fighting was reported in Kabul, {names} (Ghazni)."
    started = time.perf_counter()
    place = _locate(text, {"place": "Kabul"})[0]
    assert time.perf_counter() - started < 5.0
    assert place is not None and place.iso3 == "AFG"


def test_an_opening_preposition_is_not_part_of_the_name() -> None:
    text = "In Zorvaka town, Kaduna state, gunmen burned a church."
    assert [n for n, _, _ in _chain_names(text, "In Zorvaka")] == ["Zorvaka", "Kaduna"]


@pytest.mark.parametrize("text,name", [
    ("Soldiers killed two gunmen near Culiacan, the Defence Ministry (Sedena) said.", "Defence Ministry"),
    ("Missiles struck the T4 (Zorvaka) air base in Homs province.", "T4"),
    ("Fighters of the Zorvaka Front (Teleorman) attacked a convoy.", "Zorvaka Front"),
])
def test_a_bracket_after_an_organisation_or_a_code_is_an_alias(text: str, name: str) -> None:
    assert [n for n, _, _ in _chain_names(text, name)] == [name]


def test_an_acronym_after_a_ministry_is_no_place() -> None:
    text = "Soldiers killed two gunmen in a firefight in the Zorvaka area on the outskirts of " \
        "Culiacan, the Defence Ministry (Sedena) said."
    place = _locate(text, {"place": "Zorvaka", "qualifier": "near", "country_hint": "MEX"})[0]
    assert place is not None and place.iso3 == "MEX"


def test_units_in_brackets_after_a_facility_still_place_it() -> None:
    text = "Gunmen attacked the staff of Zorvaka Hospital (Kachia, Kaduna) on Monday."
    expected = ["Zorvaka Hospital", "Kachia", "Kaduna"]
    assert [n for n, _, _ in _chain_names(text, "Zorvaka Hospital")] == expected


@pytest.mark.parametrize("text,name,expected", [
    ("Militants burned a school in Zorvaka [Zorvakoy] (Kachia, Kaduna).", "Zorvaka",
     ["Zorvaka", "Kachia", "Kaduna"]),
    ("In Zorvaka (La Union), a body was found.", "Zorvaka", ["Zorvaka", "La Union"]),
])
def test_other_spellings_are_skipped_and_articles_kept(text: str, name: str, expected: list[str]) -> None:
    assert [n for n, _, _ in _chain_names(text, name)] == expected


def test_a_loose_reading_of_the_widest_name_does_not_drop_the_district(gaz: Gazetteer) -> None:
    from sitrep.geo.hierarchy import resolve_units

    text = "Jets struck the Zorvaka area in Zorva region of Dahuk, Northern Iraq."
    chain = read_chain(text, text.index("Zorvaka"), len(text))
    assert chain is not None
    assert [u.cc for u in resolve_units(gaz, chain)][:1] == ["IQ"]


def test_a_unit_word_of_two_levels_follows_the_names_inside_it() -> None:
    text = "On 4 May, in Plato, Magdalena department, a man was killed by gunmen."
    place = _locate(text, {"place": "Plato"})[0]
    assert place is not None and place.iso3 == "COL"
