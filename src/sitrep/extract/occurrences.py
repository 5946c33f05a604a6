"""One event per occurrence in a page: drafts that tell of the same occurrence become one.

A draft joins an earlier event of the same type (or any type, when it only
adds casualties: "39 people had been killed") whose place and day agree with
it, where it names them; a draft that names neither place nor day joins the
latest event of its own or the previous paragraph. Two places or two days
make two events. Joined events keep every sentence as evidence, the lowest
explicit toll, and the first sentence's actors, source and certainty; what a
later sentence tells of a crowd's event (arrests of the protesters, damage by
them) changes its sub-type as ACLED's codebook says.
"""

from __future__ import annotations

from sitrep.extract import codebook
from sitrep.extract.codebook import CROWD_TYPES, PROTESTS, RIOTS, TERRITORY, VIOLENT_TYPES, Choice
from sitrep.extract.events import UNIDENTIFIED, Draft

NEARBY_PARAGRAPHS = 1
DAMAGE = codebook.DAMAGE.sub_event_type
ARRESTS = codebook.ARRESTS.sub_event_type
CHANGE = codebook.CHANGE.sub_event_type
ARMED_CLASH = codebook.ARMED_CLASH.sub_event_type
CROWD_VIOLENCE = frozenset({DAMAGE, codebook.ARMED_CLASH.sub_event_type, codebook.ATTACK.sub_event_type,
                            codebook.VIOLENT_DEMONSTRATION.sub_event_type, codebook.MOB.sub_event_type})
PROTEST_GRAVITY = {codebook.PEACEFUL.sub_event_type: 0, codebook.INTERVENTION.sub_event_type: 1,
                   codebook.EXCESSIVE_FORCE.sub_event_type: 2}


def occurrences(drafts: list[Draft]) -> list[Draft]:
    """The page's events: drafts joined by occurrence, in order of first mention. A draft that
    only refers to an occurrence ("the attack", "three policemen were killed") and names no
    place of its own joins the event it refers to; where the page tells of no other event,
    those drafts are that one event."""
    events: list[Draft] = []
    unattached: list[Draft] = []
    for draft in drafts:
        target = _target(events, draft)
        if target is not None:
            _absorb(target, draft)
        elif not draft.weak or draft.own_place:
            events.append(draft)
        else:
            unattached.append(draft)
    events = _without_background(events)
    if all(e.sub_event_type == CHANGE for e in events) and unattached:
        events = [unattached[0]]
        for draft in unattached[1:]:
            _absorb(events[0], draft)
    return events


def _without_background(events: list[Draft]) -> list[Draft]:
    """A change in what a group does (a deployment, a curfew, a siege) is the page's event only
    where the page tells of no other: beside fighting or protest it is its background."""
    others = [e for e in events if e.sub_event_type != CHANGE]
    return others or events


def _compatible(event: Draft, draft: Draft) -> bool:
    """Same type (for explosions, the same weapon); or a reference back ("the attack"); a
    protest and a riot of one crowd; or, for a draft that names no place of its own,
    violence of another kind told as part of the same attack ("bodies were recovered from
    the burned-out hall", "mines stored at the site exploded")."""
    if draft.weak or event.weak:
        return not _ground_beside_killing(event, draft)
    if _crowd_outcome(event, draft) is not None or _follow_up(event, draft):
        return True
    if event.event_type == draft.event_type:
        return event.event_type != codebook.EXPLOSIONS or event.sub_event_type == draft.sub_event_type
    if {event.event_type, draft.event_type} == CROWD_TYPES:
        return True
    return not draft.own_place and _part_of_violence(event, draft)


def _ground_beside_killing(event: Draft, draft: Draft) -> bool:
    """Ground taken is its own occurrence, not the killing told beside it."""
    return event.sub_event_type != draft.sub_event_type \
        and bool(TERRITORY & {event.sub_event_type, draft.sub_event_type}) \
        and (draft.own_place or event.own_place)


def _part_of_violence(event: Draft, draft: Draft) -> bool:
    """Damage or violence told (without a place of its own) as part of a violent event or riot."""
    if event.event_type == RIOTS and draft.sub_event_type == DAMAGE:
        return True  # the rioters' arson and looting
    violent = event.event_type in VIOLENT_TYPES or event.sub_event_type == DAMAGE
    return violent and (draft.event_type in VIOLENT_TYPES or draft.sub_event_type == DAMAGE)


def _target(events: list[Draft], draft: Draft) -> Draft | None:
    """The earlier event the draft tells of, if any."""
    if not draft.own_place:
        same = [e for e in events if e.sub_event_type == draft.sub_event_type
                and (not draft.own_date or not e.own_date or e.when.day == draft.when.day)]
        if len(same) == 1:
            return same[0]  # the page's one event of that kind, told again further down
    for event in reversed(events):
        if not _compatible(event, draft) or _apart(event, draft):
            continue
        if not draft.own_place and not draft.own_date:
            return event if _near(event, draft) else None
        if _too_far(event, draft):
            continue
        return event
    return None


def _apart(event: Draft, draft: Draft) -> bool:
    """Two places, or two days, named by both: two occurrences."""
    if draft.own_place and event.own_place and _name(event) != _name(draft):
        return True
    return draft.own_date and event.own_date and event.when.day != draft.when.day


def _too_far(event: Draft, draft: Draft) -> bool:
    """Whether a draft that names a place or a day lies too far from the event to be told of it
    without saying so: a later paragraph's place for an event that named none, a place and a
    day for an event with neither, another paragraph with dates given differently."""
    near = _near(event, draft)
    if draft.own_place and not event.own_place:
        return not near or (draft.own_date and not event.own_date)
    if not draft.own_place:
        return not near
    return event.own_place and draft.own_date != event.own_date and not near


def _near(event: Draft, draft: Draft) -> bool:
    return draft.paragraph - _reach(event) <= NEARBY_PARAGRAPHS


def _follow_up(event: Draft, draft: Draft) -> bool:
    """Arrests told after a protest, a riot or an act of violence, in the outlet's voice, with
    no day of their own and at its place or none of their own: part of that story (the
    suspects caught, the protesters held, the person whose arrest a crowd protests), not an
    occurrence of their own, as ACLED codes it. Arrests on a day of their own, or announced by
    a party ("the mission said the soldiers had been arrested"), stay their own event."""
    return draft.sub_event_type == ARRESTS and event.sub_event_type != ARRESTS \
        and (event.event_type in CROWD_TYPES or event.event_type in VIOLENT_TYPES) \
        and not draft.own_date and draft.certainty == "reported"


def _fought_back(event: Draft, draft: Draft) -> bool:
    """An attack told further on as a fight ("one soldier and one militant were killed in the
    clash", "they exchanged fire with the army"): both sides were armed, an armed clash."""
    return event.sub_event_type == codebook.ATTACK.sub_event_type and draft.sub_event_type == ARMED_CLASH


def _graver_protest(event: Draft, draft: Draft) -> bool:
    """A protest told further on as broken up, or met with force: the whole protest is of that kind."""
    return event.event_type == draft.event_type == PROTESTS and \
        PROTEST_GRAVITY.get(draft.sub_event_type, -1) > PROTEST_GRAVITY.get(event.sub_event_type, -1)


def _crowd_outcome(event: Draft, draft: Draft) -> Choice | None:
    """What a crowd's event becomes when a later sentence tells how it went (ACLED's rules):
    arrests of the protesters, or the police breaking it up, make it a protest with intervention
    (arrests are an event of their own only where there is no protest); damage or violence by
    the crowd itself makes it a violent demonstration. None when the draft is not about the
    crowd's event."""
    if event.when.day != draft.when.day:
        return None  # another day's protest, or arrests on another day, are their own events
    arrests = event if event.sub_event_type == ARRESTS else draft
    if PROTESTS in (event.event_type, draft.event_type) and arrests.sub_event_type == ARRESTS \
            and arrests.patient_crowd:
        return codebook.INTERVENTION
    if event.event_type not in CROWD_TYPES or draft.sub_event_type not in CROWD_VIOLENCE:
        return None
    if event.event_type == RIOTS:
        return Choice(event.event_type, event.sub_event_type)
    if draft.actor_kind in codebook.UNARMED_KINDS:
        return codebook.VIOLENT_DEMONSTRATION
    return codebook.INTERVENTION if draft.actor_kind == "state" else None


def _reach(event: Draft) -> int:
    """The last paragraph that told of the event: a story told over paragraphs stays one."""
    return max(event.paragraph, event.last_paragraph)


def _name(draft: Draft) -> str:
    if draft.place is None:
        return ""
    words = draft.place.text.lower().replace("city", "").split()
    return " ".join(words)


def _absorb(event: Draft, draft: Draft) -> None:
    """The event takes what the draft adds: its evidence, tolls, and what the event lacked."""
    event.last_paragraph = max(_reach(event), draft.paragraph)
    event.evidence.extend(span for span in draft.evidence if span not in event.evidence)
    if _follow_up(event, draft) and _crowd_outcome(event, draft) is None:
        return  # the arrests add their sentence, not their actors, place or day
    event.tolls.extend(draft.tolls)
    _fill_gaps(event, draft)
    if _fought_back(event, draft):
        event.event_type, event.sub_event_type = codebook.ARMED_CLASH.event_type, ARMED_CLASH
    if not event.weak and draft.weak:
        return
    outcome = _crowd_outcome(event, draft)
    if outcome is not None and not (event.event_type == draft.event_type == PROTESTS):
        if event.event_type not in CROWD_TYPES:  # the arrests told first: the crowd is the actor
            event.actor1, event.actor2 = draft.actor1, event.actor1
        event.event_type, event.sub_event_type = outcome.event_type, outcome.sub_event_type
    elif _graver_protest(event, draft):
        event.sub_event_type = draft.sub_event_type  # the rally the police broke up
    elif (event.weak and not draft.weak) or (event.event_type, draft.event_type) == (PROTESTS, RIOTS):
        _retell(event, draft)


def _fill_gaps(event: Draft, draft: Draft) -> None:
    """A place, day or actor the event lacked and the draft names; a denial of either."""
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


def _retell(event: Draft, draft: Draft) -> None:
    """The draft names the occurrence the event only referred to: it takes the draft's reading."""
    event.event_type, event.sub_event_type = draft.event_type, draft.sub_event_type
    event.weak = False
    event.trigger = draft.trigger
    event.actor1, event.actor2, event.assoc = draft.actor1, draft.actor2, draft.assoc
    event.source, event.certainty = draft.source, draft.certainty
