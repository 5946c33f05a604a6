"""Extraction on sentences written for these tests (published Friday 15 March 2024)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sitrep.extract import extract_mentions
from sitrep.model import Mention, Page
from sitrep.nlp import parse_body

Read = Callable[..., list[Mention]]


def one(mentions: list[Mention]) -> Mention:
    assert len(mentions) == 1, [(m.sub_event_type, m.trigger.text) for m in mentions]
    return mentions[0]


# --- sub-types, one family each ---------------------------------------------------------

def test_air_strike(read: Read) -> None:
    m = one(read("Israeli warplanes struck a house in Rafah on Tuesday, killing six people."))
    assert (m.event_type, m.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert m.fatalities == 6 and m.actor1 is not None and "Israeli" in m.actor1


def test_shelling(read: Read) -> None:
    m = one(read("Artillery shells fired by rebel forces hit the market in Kadugli on Wednesday."))
    assert m.sub_event_type == "Shelling/artillery/missile attack"


def test_roadside_bomb(read: Read) -> None:
    m = one(read("A roadside bomb struck a police convoy near Kandahar on Monday, killing three officers."))
    assert m.sub_event_type == "Remote explosive/landmine/IED"
    assert m.place_qualifier == "near"


def test_suicide_bomb(read: Read) -> None:
    m = one(read("A suicide bomber blew himself up at a mosque in Peshawar on Thursday, "
                 "killing 12 worshippers."))
    assert m.sub_event_type == "Suicide bomb" and m.fatalities == 12


def test_abduction(read: Read) -> None:
    m = one(read("Gunmen abducted 15 farmers in the village of Kurmin on Sunday."))
    assert (m.event_type, m.sub_event_type) == ("Violence against civilians",
                                                "Abduction/forced disappearance")
    assert m.actor2 == "civilians"


def test_sexual_violence(read: Read) -> None:
    m = one(read("Three women were raped by militiamen in Djugu on Saturday, a local association said."))
    assert m.sub_event_type == "Sexual violence"


def test_territory_by_rebels_and_by_the_army(read: Read) -> None:
    rebels = one(read("Al-Shabaab fighters seized the town of Bulo Burte on Tuesday."))
    assert rebels.sub_event_type == "Non-state actor overtakes territory"
    army = one(read("Government troops recaptured the town of Bulo Burte on Thursday."))
    assert army.sub_event_type == "Government regains territory"


def test_clash(read: Read) -> None:
    m = one(read("Soldiers clashed with ELN guerrillas near Arauca on Wednesday, killing four rebels."))
    assert (m.event_type, m.sub_event_type) == ("Battles", "Armed clash")


def test_protests(read: Read) -> None:
    calm = one(read("Thousands of people marched peacefully through Lagos on Tuesday."))
    assert (calm.event_type, calm.sub_event_type) == ("Protests", "Peaceful protest")
    assert calm.actor1 == "Protesters"
    dispersed = one(read("Police fired tear gas to disperse hundreds of protesters in Accra on Tuesday."))
    assert dispersed.sub_event_type == "Protest with intervention"


def test_riot(read: Read) -> None:
    m = one(read("Rioters set fire to the town hall in Lens on Wednesday night, demanding justice."))
    assert (m.event_type, m.sub_event_type) == ("Riots", "Violent demonstration")
    assert m.actor1 == "Rioters"


def test_arrest(read: Read) -> None:
    m = one(read("Police arrested more than 40 people in Dhaka on Thursday."))
    assert m.sub_event_type == "Arrests"


def test_disrupted_weapons_use(read: Read) -> None:
    m = one(read("Air defences shot down two drones over Belgorod on Thursday."))
    assert m.sub_event_type == "Disrupted weapons use"


# --- actors ---------------------------------------------------------------------------

def test_passive_voice_gives_attacker_and_civilian_victims(read: Read) -> None:
    m = one(read("Eleven villagers were killed by ISWAP fighters in Malam Fatori on Monday."))
    assert m.event_type == "Violence against civilians"
    assert m.actor1 is not None and "ISWAP" in m.actor1
    assert m.actor2 == "civilians"
    assert m.fatalities == 11


def test_alias_resolves_to_dictionary_name(read: Read) -> None:
    m = one(read("Daesh militants attacked an army checkpoint near Palmyra on Sunday."))
    assert m.actor1 is not None and m.actor1.startswith("Islamic State")


# --- fatalities -----------------------------------------------------------------------

def test_lowest_explicit_figure_and_wounded_not_counted(read: Read) -> None:
    m = one(read("A missile hit a hospital in Odesa on Thursday. Officials said at least 14 people "
                 "were killed and 30 wounded; the governor later put the toll at 20."))
    assert m.fatalities == 14


def test_vague_words(read: Read) -> None:
    assert one(read("Dozens of civilians were killed in an air strike on Idlib on Monday.")).fatalities == 12
    assert one(read("Gunmen killed several villagers in Kajuru on Monday.")).fatalities == 10


def test_number_words_and_coordinated_victims(read: Read) -> None:
    words = one(read("Gunmen shot dead seventeen miners in Tamanrasset on Sunday."))
    assert words.fatalities == 17
    listed = one(read("Gunmen shot dead a man, his wife and their son in Tibu on Sunday."))
    assert listed.fatalities == 3


def test_no_casualties(read: Read) -> None:
    m = one(read("Russian drones struck a warehouse in Sumy on Tuesday without causing casualties."))
    assert m.fatalities == 0


# --- dates ----------------------------------------------------------------------------

def test_dates_relative_to_publication(read: Read) -> None:
    friday = one(read("Gunmen abducted 15 farmers in Kurmin on Friday."))
    assert friday.event_date == date(2024, 3, 15) and friday.time_precision == 1
    tuesday = one(read("Gunmen abducted 15 farmers in Kurmin on Tuesday."))
    assert tuesday.event_date == date(2024, 3, 12)
    last_week = one(read("Police arrested 30 people in Lahore last week."))
    assert last_week.event_date == date(2024, 3, 10) and last_week.time_precision == 2


def test_month_day_without_year_takes_latest_past_year(read: Read) -> None:
    m = one(read("On December 3, gunmen abducted 15 farmers in Kurmin."))
    assert m.event_date == date(2023, 12, 3)


def test_report_entry_header_dates_its_paragraph(read: Read) -> None:
    m = one(read("12 March – Beni: Suspected ADF fighters killed seven villagers."))
    assert m.event_date == date(2024, 3, 12) and m.place_name is not None
    assert m.place_name.text == "Beni"


def test_no_date_in_text_takes_publication_date(read: Read) -> None:
    m = one(read("Gunmen abducted 15 farmers in Kurmin."))
    assert m.event_date == date(2024, 3, 15) and m.time_precision == 2


# --- attribution ------------------------------------------------------------------------

def test_reported_claimed_disputed(read: Read) -> None:
    plain = one(read("Gunmen abducted 15 farmers in Kurmin on Tuesday."))
    assert plain.certainty == "reported" and plain.source is None
    said = one(read("Gunmen abducted 15 farmers in Kurmin on Tuesday, local officials said."))
    assert said.certainty == "claimed" and said.source == "local officials"
    according = one(read("According to the army, troops seized the town of Kidal on Tuesday."))
    assert according.certainty == "claimed" and according.source in ("army", "the army")
    doubted = one(read("The rebels said they had captured the town of Kidal on Tuesday, "
                       "without providing evidence."))
    assert doubted.certainty == "disputed"


# --- one event per occurrence ---------------------------------------------------------

def test_sentences_about_one_attack_merge(read: Read) -> None:
    mentions = read("A missile hit a railway station in Kramatorsk on Friday. "
                    "At least 50 people were killed, officials said. The attack was condemned abroad.")
    m = one(mentions)
    assert m.fatalities == 50 and len(m.evidence) >= 2


def test_a_protest_told_over_paragraphs_is_one_event_of_its_gravest_kind(read: Read) -> None:
    mentions = read("Several hundred people gathered in Sulaymaniyah on Saturday to protest power cuts.",
                    "The protesters, many of them from the Azadi and Bakhtiari neighbourhoods, "
                    "chanted against the governor.",
                    "In the evening riot police fired tear gas to disperse the crowd. A doctor at the "
                    "Sulaymaniyah Teaching Hospital said nine protesters were treated.")
    m = one(mentions)
    assert m.sub_event_type == "Protest with intervention"
    assert m.place_name is not None and m.place_name.text == "Sulaymaniyah" and len(m.evidence) >= 3


def test_where_people_come_from_is_not_where_the_event_is(read: Read) -> None:
    m = one(read("Protesters from Kafr Nabl gathered on Friday in Idlib, demanding the detainees' release."))
    assert m.place_name is not None and m.place_name.text == "Idlib"


def test_two_places_make_two_events(read: Read) -> None:
    mentions = read("Government forces shelled the towns of Sarmin and Ariha on Thursday.")
    assert sorted(m.place_name.text for m in mentions if m.place_name) == ["Ariha", "Sarmin"]


def test_two_days_make_two_events(read: Read) -> None:
    mentions = read("Gunmen abducted 15 farmers in Kurmin on Tuesday.",
                    "Gunmen abducted 15 farmers in Kurmin on Thursday.")
    assert len(mentions) == 2


# --- no events ---------------------------------------------------------------------------

def test_threats_predictions_and_accusations_are_not_events(read: Read) -> None:
    assert read("The rebels threatened to attack the capital. Analysts said a ceasefire could be "
                "signed within weeks. The minister accused the army of shelling villages.") == []


def test_opinion_page_yields_nothing(read: Read) -> None:
    assert read("Air strikes killed hundreds of people in the city last year, and more will follow.",
                title="Opinion: the war nobody wants to end") == []


def test_non_english_page_is_noted(page_of: Callable[..., Page]) -> None:
    page = page_of(["Des hommes armés ont enlevé quinze agriculteurs dans le village de Kurmin mardi, "
                      "selon les autorités locales qui ont confirmé l'attaque."])
    assert extract_mentions(page, parse_body(page)) == []
    assert page.language == "fr" and any("language fr" in note for note in page.notes)


def test_nonsense_and_empty_body(page_of: Callable[..., Page]) -> None:
    nonsense = page_of(["qwxz vbnm plok 8837 zzkq ###### ploo krrr 91 xxv mmmq bbbt"])
    assert extract_mentions(nonsense, parse_body(nonsense)) == []
    empty = page_of([])
    assert extract_mentions(empty, parse_body(empty)) == []
    assert any("no body" in note for note in empty.notes)


def test_evidence_offsets_point_into_page_text(page_of: Callable[..., Page]) -> None:
    page = page_of(["Gunmen abducted 15 farmers in Kurmin on Tuesday."])
    m = one(extract_mentions(page, parse_body(page)))
    assert page.text[m.trigger.start:m.trigger.end] == m.trigger.text == "abducted"
    assert page.text[m.evidence[0].start:m.evidence[0].end] == m.evidence[0].text
    assert m.place_name is not None and page.text[m.place_name.start:m.place_name.end] == "Kurmin"


def test_denial_disputes_but_a_quarrel_over_who_did_it_does_not(read: Read) -> None:
    denied = one(read("Rebels said they had captured the town of Kidal on Tuesday.",
                      "The army denied that the town had fallen."))
    assert denied.certainty == "disputed"
    quarrel = one(read("A car bomb exploded at a market in Mogadishu on Tuesday, killing eight people.",
                       "Al-Shabaab denied carrying out the attack."))
    assert quarrel.certainty == "reported" and quarrel.fatalities == 8


def test_entry_header_with_date_in_brackets_and_number_on_a_modifier(read: Read) -> None:
    m = one(read("Tecpan de Galeana, Guerrero (12 Mar): Seventeen suspected gunmen were killed "
                 "in a clash with army troops."))
    assert m.event_date == date(2024, 3, 12) and m.event_type == "Battles"
    assert m.place_name is not None and m.place_name.text == "Tecpan de Galeana"
    assert m.fatalities == 17


def test_page_without_publication_date_keeps_events_undated(read: Read) -> None:
    m = one(read("Gunmen abducted 15 farmers in Kurmin on Tuesday.", published=None))
    assert m.event_date is None


def test_a_pronoun_takes_the_actor_named_before_it_in_its_sentence(read: Read) -> None:
    mentions = read("Hundreds of families were freed by the Iraqi army when it recaptured "
                    "the town of Rawa on Sunday.")
    retaken = [m for m in mentions if m.sub_event_type == "Government regains territory"]
    assert len(retaken) == 1 and retaken[0].actor1 is not None and "army" in retaken[0].actor1.lower()


def test_killings_beside_a_recapture_stay_their_own_event(read: Read) -> None:
    mentions = read("Local sources revealed that over 20 civilians were killed by Boko Haram fighters "
                    "in Gwoza. Dozens of others were freed by the army when it recaptured the town.")
    kinds = {m.sub_event_type: m for m in mentions}
    assert "Government regains territory" in kinds and "Attack" in kinds
    assert kinds["Attack"].fatalities == 20 and kinds["Government regains territory"].fatalities == 0
    assert kinds["Attack"].certainty == "claimed"


def test_a_side_is_never_its_own_target(read: Read) -> None:
    mention = one(read("Russian forces shelled Russian forces positions near Kupiansk on Monday."))
    assert mention.sub_event_type == "Shelling/artillery/missile attack"
    assert mention.actor2 is None or mention.actor2.casefold() != (mention.actor1 or "").casefold()
