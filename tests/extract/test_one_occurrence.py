"""One occurrence, one event: rules for short reports (wire briefs, event notes), on
sentences written for these tests (published Friday 15 March 2024)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sitrep.clean import clean_page
from sitrep.model import Mention, RawPage

Read = Callable[..., list[Mention]]


def test_a_page_of_one_paragraph_is_its_body_not_its_title() -> None:
    text = ("On 3 March 2024, farm workers held a demonstration in Tarvel town, Ostmark district, "
            "demanding unpaid wages. [size=dozens]")
    page = clean_page(RawPage(id="brief", text=text, published=date(2024, 3, 15)))
    assert page.title is None
    assert page.body.startswith("On 3 March 2024")


def test_a_short_headline_above_a_paragraph_stays_the_title() -> None:
    text = "Workers protest in Tarvel\n\nOn 3 March 2024, farm workers held a demonstration in Tarvel."
    page = clean_page(RawPage(id="brief", text=text, published=date(2024, 3, 15)))
    assert page.title == "Workers protest in Tarvel"


def test_a_place_and_the_units_it_lies_in_make_one_event(read: Read) -> None:
    mentions = read("On 12 March, soldiers shelled positions near Korvin, Ostmark district, Vell province.")
    assert len(mentions) == 1
    assert mentions[0].place_name is not None and mentions[0].place_name.text == "Korvin"


def test_a_bracketed_hierarchy_qualifies_the_place_before_it(read: Read) -> None:
    mentions = read("On 12 March, gunmen attacked the village of Korvin (Ostmark, Vell) "
                    "and killed two farmers.")
    assert len(mentions) == 1
    assert mentions[0].place_name is not None and mentions[0].place_name.text == "Korvin"


def test_a_list_of_places_closed_by_and_stays_a_list(read: Read) -> None:
    mentions = read("On 12 March, warplanes bombed Korvin, Tarvel and Ostmark.")
    assert sorted(m.place_name.text for m in mentions if m.place_name) == ["Korvin", "Ostmark", "Tarvel"]


def test_arrests_at_a_protest_make_it_a_protest_with_intervention(read: Read) -> None:
    mentions = read("On 12 March, hundreds of teachers protested in Tarvel over unpaid salaries. "
                    "Police arrested twelve of them.")
    assert [(m.event_type, m.sub_event_type) for m in mentions] == [
        ("Protests", "Protest with intervention")]


def test_damage_by_the_crowd_makes_a_violent_demonstration(read: Read) -> None:
    mentions = read("On 12 March, students held a demonstration in Tarvel against a fee increase. "
                    "They burned tyres and vandalised the town hall.")
    assert [(m.event_type, m.sub_event_type) for m in mentions] == [("Riots", "Violent demonstration")]


def test_what_a_crowd_protests_about_is_not_another_event(read: Read) -> None:
    mentions = read("On 12 March, residents demonstrated in Tarvel against the arrest of a local chief.")
    assert [m.sub_event_type for m in mentions] == ["Peaceful protest"]


def test_an_exchange_of_gunshots_is_a_clash(read: Read) -> None:
    m = read("On 12 March, rebels exchanged gunshots with soldiers near Korvin.")
    assert [x.sub_event_type for x in m] == ["Armed clash"]


def test_a_violent_crowd_with_no_demand_is_a_mob(read: Read) -> None:
    mentions = read("On 12 March, a riot broke out in the market of Tarvel between two families, "
                    "and the rioters burned several cars.")
    assert {m.sub_event_type for m in mentions} == {"Mob violence"}


def test_a_violent_crowd_with_a_demand_is_a_violent_demonstration(read: Read) -> None:
    mentions = read("On 12 March, rioters burned several cars in Tarvel, demanding the release of a chief.")
    assert {m.sub_event_type for m in mentions} == {"Violent demonstration"}


def test_plain_words_of_violence_name_an_event(read: Read) -> None:
    assert [m.sub_event_type for m in read("On 12 March, gunmen assassinated a councillor in Korvin.")] \
        == ["Attack"]
    assert [m.sub_event_type for m in read("On 12 March, militants lobbed a grenade at a police post "
                                           "in Korvin.")] == ["Grenade"]
    assert [m.event_type for m in read("On 12 March, hundreds of residents took to the streets of "
                                       "Korvin to denounce power cuts.")] == ["Protests"]


def test_victims_listed_together_are_added_up(read: Read) -> None:
    m = read("On 12 March, seven soldiers and one militant were killed in an ambush near Korvin.")
    assert [x.fatalities for x in m] == [8]
    m = read("On 12 March, a woman and two children were killed when their cart struck a mine near Korvin.")
    assert [x.fatalities for x in m] == [3]


def test_alternatives_are_not_added_up(read: Read) -> None:
    m = read("On 12 March, soldiers killed fourteen suspected rebel or bandit fighters in Korvin.")
    assert [x.fatalities for x in m] == [14]


def test_a_toll_the_text_states_stands_for_the_event(read: Read) -> None:
    m = read("On 12 March, rebels attacked a checkpoint in Korvin and killed three soldiers. "
             "Fatalities were recorded as 2.")
    assert [x.fatalities for x in m] == [2]


def test_a_date_and_a_place_are_no_victims(read: Read) -> None:
    m = read("Around 9 March 2024, in Korvin, Vell province, a woman was found dead in a field.")
    assert [x.fatalities for x in m] == [1]


def test_an_attack_on_armed_men_is_a_clash(read: Read) -> None:
    m = read("On 12 March, unknown gunmen shot dead a policeman in Korvin.")
    assert [(x.event_type, x.sub_event_type) for x in m] == [("Battles", "Armed clash")]


def test_heavy_weapons_in_a_fight_make_a_clash(read: Read) -> None:
    m = read("On 12 March, rebels fired mortars, grenade launchers and small arms at army positions "
             "near Korvin.")
    assert [x.sub_event_type for x in m] == ["Armed clash"]


def test_villagers_doing_violence_are_a_mob(read: Read) -> None:
    m = read("On 12 March, villagers beat a suspected thief to death in Korvin.")
    assert [(x.event_type, x.sub_event_type) for x in m] == [("Riots", "Mob violence")]


def test_demonstrators_who_fight_or_throw_stones_riot(read: Read) -> None:
    m = read("On 12 March, demonstrators pelted stones at the security forces in Tarvel over a killing.")
    assert [x.sub_event_type for x in m] == ["Violent demonstration"]
    m = read("On 12 March, workers held a demonstration in Tarvel demanding unpaid wages and clashed "
             "with police.")
    assert [x.sub_event_type for x in m] == ["Violent demonstration"]


def test_what_a_protest_opposes_stays_its_grievance_wherever_the_parse_attaches_it(read: Read) -> None:
    m = read("On 12 March, journalists held a protest outside a television office in Tarvel, against the "
             "arrest of their editor.")
    assert [x.sub_event_type for x in m] == ["Peaceful protest"]


def test_an_arrest_the_protest_speaks_of_does_not_change_the_protest(read: Read) -> None:
    m = read("On 12 March, journalists protested in Tarvel demanding the release of their editor. "
             "He was arrested in connection with a tax case.")
    assert "Protest with intervention" not in {x.sub_event_type for x in m}


def test_a_retired_or_off_duty_policeman_is_a_civilian(read: Read) -> None:
    m = read("On 12 March, gunmen shot dead a retired policeman at his home in Korvin.")
    assert [(x.event_type, x.sub_event_type) for x in m] == [("Violence against civilians", "Attack")]


def test_a_brief_with_a_bracketed_note_after_its_sentence_is_read() -> None:
    text = "On 6 March, workers protested over unpaid salaries at a factory in Tarvel. [size=no report]"
    page = clean_page(RawPage(id="brief", text=text, published=date(2024, 3, 15)))
    assert page.body.startswith("On 6 March")


def test_more_plain_words_name_events(read: Read) -> None:
    assert [m.sub_event_type for m in read("On 12 March, a body was found in a field near Korvin.")] \
        == ["Attack"]
    assert [m.sub_event_type for m in read("On 12 March, bandits stole forty cows from herders in Korvin.")] \
        == ["Looting/property destruction"]
    assert [m.event_type for m in read("On 12 March, teachers held a sit-in in front of the town hall "
                                       "of Korvin.")] == ["Protests"]


def test_arrests_after_a_riot_in_the_outlets_voice_are_part_of_it(read: Read) -> None:
    mentions = read("On 3 May, hundreds of students burned tires and threw rocks at the police in Makassar, "
                    "demanding the release of their leader. The police arrested 20 rioters.")
    assert [m.sub_event_type for m in mentions] == ["Violent demonstration"]
    assert len(mentions[0].evidence) == 2


def test_arrests_a_party_announces_stay_their_own_event(read: Read) -> None:
    mentions = read("On 3 May, soldiers opened fire on a crowd at the border post in Kasindi, "
                    "killing two people. The mission said the soldiers involved had been arrested.")
    assert sorted(m.sub_event_type for m in mentions) == ["Arrests", "Attack"]
