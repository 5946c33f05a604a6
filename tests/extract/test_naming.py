"""Actors named as ACLED names them, once the event's country is known."""

from __future__ import annotations

from datetime import date

from sitrep.extract.naming import name_actors
from sitrep.model import Mention, Place, Span


def mention(event_type: str, actor1: str | None, actor2: str | None = None,
            country: str | None = "Nigeria", hint: str | None = None) -> Mention:
    place = Place("Kaduna", 10.5, 7.4, 1, country=country, iso3=None) if country else None
    return Mention(event_type=event_type, sub_event_type="x", event_date=date(2024, 3, 1), time_precision=1,
                   evidence=[], trigger=Span(0, 1, "x"), actor1=actor1, actor2=actor2, place=place,
                   country_hint=hint)


def named(m: Mention) -> Mention:
    name_actors([m])
    return m


def test_state_forces_by_their_nationality_keep_the_words_of_the_text() -> None:
    m = named(mention("Battles", "Russian forces", country="Ukraine"))
    assert m.actor1 == "Military Forces of Russia (Russian forces)"


def test_unqualified_forces_take_the_event_country() -> None:
    assert named(mention("Battles", "troops")).actor1 == "Military Forces of Nigeria (troops)"
    assert named(mention("Strategic developments", "police")).actor1 == "Police Forces of Nigeria"


def test_a_crowd_is_protesters_or_rioters_of_its_country_and_its_group_an_associate() -> None:
    m = named(mention("Protests", "members of the teachers' union"))
    assert m.actor1 == "Protesters (Nigeria)"
    assert m.assoc_actors == ["members of the teachers' union"]
    assert named(mention("Riots", "Protesters")).actor1 == "Rioters (Nigeria)"


def test_nobody_named_and_civilians_carry_the_country() -> None:
    m = named(mention("Violence against civilians", "Unidentified armed group (gunmen)", "civilians"))
    assert (m.actor1, m.actor2) == ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")


def test_a_non_state_force_is_not_a_state_whatever_its_nationality() -> None:
    assert named(mention("Battles", "Kurdish rebel forces")).actor1 == "Kurdish rebel forces"


def test_without_a_place_the_country_the_text_pointed_at_names_it() -> None:
    m = named(mention("Battles", "army", country=None, hint="RUS"))
    assert m.actor1 == "Military Forces of Russia (army)"
