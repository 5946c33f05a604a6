"""Resolution in context: the page decides between namesakes."""

from __future__ import annotations

from sitrep.geo.context import find_dateline
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.geoparse import Toponym, page_context, resolve_toponyms
from sitrep.geo.resolve import resolve_names


def _countries(gaz: Gazetteer, names: list[str]) -> list[str | None]:
    return [r.place.cc if r else None for r in resolve_names(gaz, names)]


def test_tripoli_follows_lebanese_neighbours(gaz: Gazetteer) -> None:
    assert _countries(gaz, ["Beirut", "Tripoli", "Sidon"])[1] == "LB"


def test_tripoli_follows_libyan_neighbours(gaz: Gazetteer) -> None:
    assert _countries(gaz, ["Benghazi", "Tripoli", "Misrata"])[1] == "LY"


def test_dateline_decides_a_lone_namesake(gaz: Gazetteer) -> None:
    text = "BEIRUT, March 3 (Reuters) - Clashes broke out in Tripoli overnight."
    start = text.index("Tripoli")
    [tripoli] = resolve_toponyms(text, [Toponym(start, start + 7, "Tripoli")], gaz)
    assert tripoli is not None and tripoli.place.cc == "LB"


def test_dateline_region_is_country_evidence(gaz: Gazetteer) -> None:
    context = page_context(gaz, "TRIPOLI, Lebanon — Clashes broke out overnight.")
    assert context.countries.get("LB", 0) > 0


def test_country_named_on_the_page_decides(gaz: Gazetteer) -> None:
    assert _countries(gaz, ["Georgia", "Atlanta", "Savannah"])[0] == "US"
    assert _countries(gaz, ["Georgia", "Tbilisi", "Russia"])[0] == "GE"


def test_a_country_name_means_the_country(gaz: Gazetteer) -> None:
    [syria] = resolve_names(gaz, ["Syria"])
    assert syria is not None and syria.place.kind == "country"


def test_a_province_namesake_town_is_the_town(gaz: Gazetteer) -> None:
    [kandahar] = resolve_names(gaz, ["Kandahar"])
    assert kandahar is not None and kandahar.place.kind == "city" and kandahar.place.cc == "AF"


def test_unknown_names_do_not_drop_the_others(gaz: Gazetteer) -> None:
    found = resolve_names(gaz, ["Qwzxplk Junction", "Mosul", "", "x", "ي" * 500, "Mosul"])
    assert found[0] is None and found[2] is None and found[3] is None and found[4] is None
    assert found[1] is not None and found[1].place.cc == "IQ"
    assert found[5] is not None and found[5].place.id == found[1].place.id


def test_a_page_with_two_thousand_names_resolves(gaz: Gazetteer) -> None:
    names = ["Mosul", "Kirkuk", "Erbil", "Basra", "Qwzxplk", "Tikrit", "Baiji", "Samarra"] * 250
    found = resolve_names(gaz, names)
    assert len(found) == 2000
    assert sum(r is not None for r in found) == 1750


def test_dateline_is_found_at_the_start_of_a_line() -> None:
    dateline = find_dateline("Some title\nKABUL, Afghanistan, May 2 (AP) — A blast hit the city.")
    assert dateline is not None and dateline.place == "KABUL" and dateline.region == "Afghanistan"
    assert find_dateline("MARCH 3, 2024 - nothing here") is None


def test_a_province_adjective_means_the_province(gaz: Gazetteer) -> None:
    [welsh, kurdish] = resolve_names(gaz, ["Welsh", "Kurdish"])
    assert welsh is not None and welsh.place.kind == "adm1" and welsh.place.name == "Wales"
    assert kurdish is not None and kurdish.place.name == "Kurdistan"


def test_a_big_city_keeps_its_name_against_a_hamlet_in_a_named_state(gaz: Gazetteer) -> None:
    [_, boston] = resolve_names(gaz, ["New York", "Boston"])
    assert boston is not None and abs(boston.place.lat - 42.36) < 0.3 and abs(boston.place.lon + 71.06) < 0.3


def test_a_main_name_inside_a_longer_name_beats_an_alternate_one(gaz: Gazetteer) -> None:
    [chicago] = resolve_names(gaz, ["Old Town Chicago"])
    assert chicago is not None and chicago.place.name == "Chicago"


def test_the_focus_of_a_page_lies_in_its_main_country(gaz: Gazetteer) -> None:
    names = ["Frodsham", "Frodsham", "Frodsham", "Round Rock", "Georgetown", "Pflugerville", "Texas",
             "Austin", "Lakeline Village Center"]
    found = resolve_names(gaz, names, focus_fallback=True)[-1]
    assert found is not None and found.fallback and found.place.cc == "US"


def test_readings_that_lie_together_win_before_any_is_chosen(gaz: Gazetteer) -> None:
    found = resolve_names(gaz, ["London", "London", "St. Thomas", "Middlesex", "Strathroy", "Ontario"])
    assert [r.place.cc if r else None for r in found[:3]] == ["CA", "CA", "CA"]


def test_a_seat_of_government_stands_for_its_city(gaz: Gazetteer) -> None:
    [kremlin, white_house] = resolve_names(gaz, ["Kremlin", "White House"])
    assert kremlin is not None and kremlin.place.name == "Moscow"
    assert white_house is not None and white_house.place.cc == "US" and white_house.place.rank == 1


def test_a_big_state_keeps_its_name_against_a_hamlet(gaz: Gazetteer) -> None:
    [_, florida] = resolve_names(gaz, ["Albany", "Florida"])
    assert florida is not None and florida.place.kind == "adm1"


def _spans(text: str, names: list[str]) -> list[Toponym]:
    spans, at = [], 0
    for name in names:
        start = text.index(name, at)
        spans.append(Toponym(start, start + len(name), name))
        at = start + len(name)
    return spans


def test_a_town_followed_by_its_state_lies_in_it(gaz: Gazetteer) -> None:
    text = "A Paris, Missouri, man was arrested. His passenger, also of Paris, was hurt."
    [first, state, second] = resolve_toponyms(text, _spans(text, ["Paris", "Missouri", "Paris"]), gaz)
    assert state is not None and state.place.kind == "adm1"
    assert first is not None and first.place.cc == "US" and first.place.adm1 == state.place.id
    assert second is not None and second.place.id == first.place.id


def test_a_list_of_states_or_countries_is_no_qualified_name(gaz: Gazetteer) -> None:
    text = "Cases were reported in Illinois, Missouri, Nevada, Pennsylvania and in China, Japan."
    names = ["Illinois", "Missouri", "Nevada", "Pennsylvania", "China", "Japan"]
    found = resolve_toponyms(text, _spans(text, names), gaz)
    assert [r.place.kind if r else None for r in found] == ["adm1"] * 4 + ["country"] * 2


def test_a_state_name_means_the_state_not_a_county_of_that_name(gaz: Gazetteer) -> None:
    [delaware, *_] = resolve_names(gaz, ["Delaware", "Indiana", "Indianapolis", "Kentucky"])
    assert delaware is not None and delaware.place.kind == "adm1" and delaware.place.cc == "US"


def test_a_surname_inside_a_longer_name_is_no_county(gaz: Gazetteer) -> None:
    """The county is there to be found ("Jones" alone is one); inside a longer name it is not
    taken, while a state inside a longer name still is (so the test can fail both ways)."""
    assert any(c.kind == "adm2" for c in gaz.lookup("Jones"))
    club, university = resolve_names(gaz, ["Robert Trent Jones Golf Club", "Arizona State University"])
    assert club is None
    assert university is not None and university.place.kind == "adm1" and university.place.cc == "US"


def test_conflict_areas_and_airports_have_a_place(gaz: Gazetteer) -> None:
    ghouta, tanf, heathrow, qalamoun = resolve_names(gaz, ["Eastern Ghouta", "al-Tanf", "Heathrow",
                                                           "Eastern Qalamun"])
    assert ghouta is not None and ghouta.place.cc == "SY" and ghouta.place.kind == "region"
    assert tanf is not None and tanf.place.cc == "SY"
    assert qalamoun is not None and qalamoun.place.cc == "SY"
    assert heathrow is not None and heathrow.place.name == "London" and heathrow.place.cc == "GB"


def test_the_state_after_a_town_is_the_state(gaz: Gazetteer) -> None:
    text = "Bakers in Tacoma, Washington shared recipes."
    [tacoma, state] = resolve_toponyms(text, _spans(text, ["Tacoma", "Washington"]), gaz)
    assert tacoma is not None and tacoma.place.cc == "US"
    assert state is not None and state.place.kind == "adm1" and tacoma.place.adm1 == state.place.id


def test_a_list_of_towns_keeps_its_towns(gaz: Gazetteer) -> None:
    text = "Strikes hit Aleppo, Idlib, Hama and Homs."
    found = resolve_toponyms(text, _spans(text, ["Aleppo", "Idlib", "Hama", "Homs"]), gaz)
    assert [r.place.kind if r else None for r in found] == ["city"] * 4


def test_a_demonym_says_less_of_where_a_page_is_than_its_country(gaz: Gazetteer) -> None:
    names = ["Dundalk", "Japanese", "Japanese", "Japanese", "County Louth", "Dundalk",
             "Cloverhill District Court"]
    found = resolve_names(gaz, names, focus_fallback=True)
    assert found[1] is not None and found[1].place.cc == "JP"
    court = found[-1]
    assert court is not None and court.fallback and court.place.cc == "IE"
