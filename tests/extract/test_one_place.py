"""Mentions of one page that the geocoder puts on one spot, one day, of one kind, are one event."""

from __future__ import annotations

from datetime import date

from sitrep.extract.one_place import fold_same_spot
from sitrep.model import Mention, Place, Span


def mention(place: Place, trigger: Span, fatalities: int = 0, sub_type: str = "Armed clash",
            day: date = date(2024, 2, 14)) -> Mention:
    evidence = Span(trigger.start - 10, trigger.end + 10, "x" * (trigger.end - trigger.start + 20))
    return Mention(event_type="Battles", sub_event_type=sub_type, event_date=day, time_precision=1,
                   evidence=[evidence], trigger=trigger, place=place, fatalities=fatalities)


VILLAGE_FALLBACK = Place("Province", 48.0, 37.8, precision=3, geonameid=1)
SAME_PROVINCE = Place("Province", 48.0, 37.8, precision=2, geonameid=1)
OTHER_TOWN = Place("Town", 47.0, 36.0, precision=1, geonameid=2)


def test_two_names_of_one_clause_on_one_spot_fold_and_their_deaths_add_up() -> None:
    trigger = Span(100, 108, "repelled")
    folded = fold_same_spot([mention(VILLAGE_FALLBACK, trigger, 2), mention(SAME_PROVINCE, trigger, 3)])
    assert len(folded) == 1
    assert folded[0].fatalities == 5
    assert folded[0].place is not None and folded[0].place.precision == 2  # the more precise reading


def test_two_reports_of_one_toll_do_not_add_up() -> None:
    folded = fold_same_spot([mention(OTHER_TOWN, Span(10, 18, "attacked"), 4),
                             mention(OTHER_TOWN, Span(80, 88, "killed"), 4)])
    assert len(folded) == 1 and folded[0].fatalities == 4 and len(folded[0].evidence) == 2


def test_another_spot_day_or_kind_stays_its_own_event() -> None:
    trigger = Span(100, 108, "shelled")
    assert len(fold_same_spot([mention(VILLAGE_FALLBACK, trigger), mention(OTHER_TOWN, trigger)])) == 2
    next_day = mention(OTHER_TOWN, trigger, day=date(2024, 2, 15))
    assert len(fold_same_spot([mention(OTHER_TOWN, trigger), next_day])) == 2
    other_kind = mention(OTHER_TOWN, trigger, sub_type="Attack")
    assert len(fold_same_spot([mention(OTHER_TOWN, trigger), other_kind])) == 2
