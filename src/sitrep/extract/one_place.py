"""After geocoding: mentions of one page on one spot, one day and of one kind are one event.

A clause may name a place twice over ("<village>, <province>", "<town>, in the
<X> area") or two sentences may name one town in two ways ("Cotonou", "the
city of Cotonou"); where the gazetteer lacks the village, both fall back to the
same district or province. Extraction cannot know that two names are one
spot; the geocoder can. Mentions with the same sub-type and day whose places
resolve to the same gazetteer entry (or the same coordinates) are folded
into the first (EVENTS.md: one type, one place, one day make one event). The
deaths a clause gave are shared out among its places by nearness in the
sentence, so the deaths of mentions of one clause add up; those of mentions of
two sentences are two reports of one toll, and the first report stands unless
it gave none.
"""

from __future__ import annotations

from sitrep.model import Mention, Place


def fold_same_spot(mentions: list[Mention]) -> list[Mention]:
    """The mentions with those on the same spot, day and sub-type folded into the first."""
    kept: list[Mention] = []
    for mention in mentions:
        twin = next((k for k in kept if _same_occurrence(k, mention)), None)
        if twin is None:
            kept.append(mention)
        else:
            _fold(twin, mention)
    return kept


def _same_occurrence(first: Mention, other: Mention) -> bool:
    return first.sub_event_type == other.sub_event_type and first.event_date == other.event_date \
        and first.place is not None and other.place is not None and _same_spot(first.place, other.place)


def _same_spot(first: Place, other: Place) -> bool:
    if first.geonameid is not None and first.geonameid == other.geonameid:
        return True
    return (round(first.latitude, 4), round(first.longitude, 4)) == \
        (round(other.latitude, 4), round(other.longitude, 4))


def _fold(into: Mention, other: Mention) -> None:
    """`into` takes the other mention's evidence, its more precise place, and its deaths."""
    into.evidence.extend(span for span in other.evidence if span not in into.evidence)
    if other.place is not None and into.place is not None and other.place.precision < into.place.precision:
        into.place, into.place_name = other.place, other.place_name
    if other.trigger == into.trigger:
        into.fatalities += other.fatalities  # one clause's deaths, shared out among its places
    elif into.fatalities == 0 and other.fatalities:
        into.fatalities = other.fatalities
    if into.fatalities_span is None:
        into.fatalities_span = other.fatalities_span
    if into.actor2 is None:
        into.actor2 = other.actor2
