"""One event per occurrence in a page: drafts that tell of the same occurrence merge.

A draft joins an earlier event of the same type (or any type, when it only
adds casualties: "39 people had been killed") whose place and day agree with
it, where it names them; a draft that names neither place nor day joins the
latest event of its own or the previous paragraph. Two places or two days
make two events. Merged events keep every sentence as evidence, the lowest
explicit toll, and the first sentence's actors, source and certainty.
"""

from __future__ import annotations

from sitrep.extract.events import UNIDENTIFIED, Draft

NEARBY_PARAGRAPHS = 1


def merge(drafts: list[Draft]) -> list[Draft]:
    """The page's events: drafts merged by occurrence, in order of first mention."""
    events: list[Draft] = []
    for draft in drafts:
        target = _target(events, draft)
        if target is None:
            if draft.weak and not draft.own_place:
                continue  # "the attack", "39 people died": nothing here to attach it to
            events.append(draft)
        else:
            _absorb(target, draft)
    return events


VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
DAMAGE = "Looting/property destruction"


CROWDS = frozenset({"Protests", "Riots"})
TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory",
                       "Non-violent transfer of territory"})


def _compatible(event: Draft, draft: Draft) -> bool:
    """Same type (for explosions, the same weapon); or a reference back ("the attack"); a
    protest and a riot of one crowd; or, for a draft that names no place of its own,
    violence of another kind told as part of the same attack ("bodies were recovered from
    the burned-out hall", "mines stored at the site exploded")."""
    if (draft.weak or event.weak) and event.sub_event_type != draft.sub_event_type \
            and TERRITORY & {event.sub_event_type, draft.sub_event_type} \
            and (draft.own_place or event.own_place):
        return False  # ground taken is its own occurrence, not the killing told beside it
    if draft.weak or event.weak:
        return True
    if _crowd_outcome(event, draft) is not None:
        return True
    if event.event_type == draft.event_type:
        return event.event_type != "Explosions/Remote violence" \
            or event.sub_event_type == draft.sub_event_type
    if {event.event_type, draft.event_type} == CROWDS:
        return True
    violent = event.event_type in VIOLENT or event.sub_event_type == DAMAGE
    if not draft.own_place and event.event_type == "Riots" and draft.sub_event_type == DAMAGE:
        return True  # the rioters' arson and looting
    return not draft.own_place and violent and (
        draft.event_type in VIOLENT or draft.sub_event_type == DAMAGE)


def _target(events: list[Draft], draft: Draft) -> Draft | None:
    if not draft.own_place:
        same = [e for e in events if e.sub_event_type == draft.sub_event_type
                and (not draft.own_date or not e.own_date or e.when.day == draft.when.day)]
        if len(same) == 1:
            return same[0]  # the page's one event of that kind, told again further down
    for event in reversed(events):
        if not _compatible(event, draft):
            continue
        if draft.own_place and event.own_place and _name(event) != _name(draft):
            continue
        if draft.own_date and event.own_date and event.when.day != draft.when.day:
            continue
        if not draft.own_place and not draft.own_date:
            return event if draft.paragraph - _reach(event) <= NEARBY_PARAGRAPHS else None
        if draft.own_place and not event.own_place:
            if draft.paragraph - _reach(event) > NEARBY_PARAGRAPHS:
                continue
            if draft.own_date and not event.own_date:
                continue
        if not draft.own_place and draft.paragraph - _reach(event) > NEARBY_PARAGRAPHS:
            continue
        if draft.own_place and event.own_place and draft.own_date != event.own_date \
                and draft.paragraph - _reach(event) > NEARBY_PARAGRAPHS:
            continue
        return event
    return None


PROTEST_GRAVITY = {"Peaceful protest": 0, "Protest with intervention": 1,
                   "Excessive force against protesters": 2}


def _graver_protest(event: Draft, draft: Draft) -> bool:
    """A protest told further on as broken up, or met with force: the whole protest is of that kind."""
    return event.event_type == draft.event_type == "Protests" and \
        PROTEST_GRAVITY.get(draft.sub_event_type, -1) > PROTEST_GRAVITY.get(event.sub_event_type, -1)


ARRESTS = "Arrests"
CROWD_VIOLENCE = frozenset({DAMAGE, "Armed clash", "Attack", "Violent demonstration", "Mob violence"})
INTERVENTION = ("Protests", "Protest with intervention")
VIOLENT_CROWD = ("Riots", "Violent demonstration")


def _crowd_outcome(event: Draft, draft: Draft) -> tuple[str, str] | None:
    """What a crowd's event becomes when a later sentence tells how it went (ACLED's rules):
    arrests of the protesters, or the police breaking it up, make it a protest with intervention
    (arrests are an event of their own only where there is no protest); damage or violence by
    the crowd itself makes it a violent demonstration. None when the draft is not about the
    crowd's event."""
    if event.when.day != draft.when.day:
        return None  # another day's protest, or arrests on another day, are their own events
    kinds = {event.event_type, draft.event_type}
    arrests = event if event.sub_event_type == ARRESTS else draft
    if "Protests" in kinds and arrests.sub_event_type == ARRESTS and arrests.patient_crowd:
        return INTERVENTION
    if event.event_type not in CROWDS or draft.sub_event_type not in CROWD_VIOLENCE:
        return None
    if event.event_type == "Riots":
        return event.event_type, event.sub_event_type
    if draft.actor_kind in (None, "crowd", "civilian"):
        return VIOLENT_CROWD
    if draft.actor_kind == "state":
        return INTERVENTION
    return None


def _reach(event: Draft) -> int:
    """The last paragraph that told of the event: a story told over paragraphs stays one."""
    return max(event.paragraph, event.last_paragraph)


def _name(draft: Draft) -> str:
    if draft.place is None:
        return ""
    words = draft.place.text.lower().replace("city", "").split()
    return " ".join(words)


def _absorb(event: Draft, draft: Draft) -> None:
    event.last_paragraph = max(_reach(event), draft.paragraph)
    event.evidence.extend(span for span in draft.evidence if span not in event.evidence)
    event.tolls.extend(draft.tolls)
    if draft.own_place and not event.own_place:
        event.place, event.own_place = draft.place, True
    if draft.own_date and not event.own_date:
        event.when, event.own_date = draft.when, True
    if event.actor1 in (None, UNIDENTIFIED) and draft.actor1 not in (None, UNIDENTIFIED):
        event.actor1 = draft.actor1
    if event.actor2 is None:
        event.actor2 = draft.actor2
    if draft.certainty == "disputed":
        event.certainty = "disputed"
    if not event.weak and draft.weak:
        return
    outcome = _crowd_outcome(event, draft)
    if outcome is not None and not (event.event_type == draft.event_type == "Protests"):
        if event.event_type not in CROWDS:  # the arrests told first: the crowd is the actor
            event.actor1, event.actor2 = draft.actor1, event.actor1
        event.event_type, event.sub_event_type = outcome
        return
    if _graver_protest(event, draft):
        event.sub_event_type = draft.sub_event_type  # the rally the police broke up
        return
    if (event.weak and not draft.weak) or (event.event_type, draft.event_type) == ("Protests", "Riots"):
        event.event_type, event.sub_event_type = draft.event_type, draft.sub_event_type
        event.weak = False
        event.trigger = draft.trigger
        event.actor1, event.actor2, event.assoc = draft.actor1, draft.actor2, draft.assoc
        event.source, event.certainty = draft.source, draft.certainty
