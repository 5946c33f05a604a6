"""ACLED's codebook as rules: the type and sub-type of what one clause tells.

`classify(frame)` starts from the clause's deciding cue (the cue label of
lowest rank in data/extract/cues.tsv, which also gives each label's default
type) and applies the codebook's distinctions, each a short rule below:

- Riots vs Protests: violence by the demonstrators themselves.
- Mob violence vs Violent demonstration: whether the crowd has a demand.
- Armed clash vs Attack: whether both sides are armed.
- Arrests are a Strategic development only where there is no protest (the
  merge of a page's drafts, `occurrences`, folds arrests into a protest).
- Taking ground needs a place or a person taken; who took it says whether the
  government regained it or a non-state actor overtook it.

The names of the types and sub-types the rules pick are the constants below,
held once here (data/store/acled_disorder.tsv lists all 25 for the exports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sitrep.extract import lexicon


@dataclass(frozen=True)
class Choice:
    """An event type and sub-type of ACLED's codebook."""

    event_type: str
    sub_event_type: str


BATTLES, EXPLOSIONS, VIOLENCE = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

ARMED_CLASH = Choice(BATTLES, "Armed clash")
REGAINS = Choice(BATTLES, "Government regains territory")
OVERTAKES = Choice(BATTLES, "Non-state actor overtakes territory")
ATTACK = Choice(VIOLENCE, "Attack")
MOB = Choice(RIOTS, "Mob violence")
VIOLENT_DEMONSTRATION = Choice(RIOTS, "Violent demonstration")
PEACEFUL = Choice(PROTESTS, "Peaceful protest")
INTERVENTION = Choice(PROTESTS, "Protest with intervention")
EXCESSIVE_FORCE = Choice(PROTESTS, "Excessive force against protesters")
ARRESTS = Choice(STRATEGIC, "Arrests")
DAMAGE = Choice(STRATEGIC, "Looting/property destruction")
HANDOVER = Choice(STRATEGIC, "Non-violent transfer of territory")
REMOTE_IED = Choice(EXPLOSIONS, "Remote explosive/landmine/IED")
CHANGE = Choice(STRATEGIC, "Change to group/activity")

VIOLENT_TYPES = frozenset({BATTLES, EXPLOSIONS, VIOLENCE})
CROWD_TYPES = frozenset({PROTESTS, RIOTS})
TERRITORY = frozenset({REGAINS.sub_event_type, OVERTAKES.sub_event_type, HANDOVER.sub_event_type})
UNARMED_KINDS = (None, "crowd", "civilian")  # actor kinds of people who bear no arms as a side


class Clause(Protocol):
    """What `classify` needs to know of a clause (a `frame.Frame` gives it)."""

    @property
    def cue_labels(self) -> frozenset[str]: ...  # the labels of the deciding cue
    @property
    def sentence_labels(self) -> frozenset[str]: ...  # every cue label of the sentence
    @property
    def actor_kind(self) -> str | None: ...
    @property
    def victims_civilian(self) -> bool: ...
    @property
    def victims_armed(self) -> bool: ...
    @property
    def object_person(self) -> bool: ...
    @property
    def object_place(self) -> bool: ...
    @property
    def demand(self) -> bool: ...
    @property
    def approach(self) -> bool: ...  # the cue is a word of coming into a place ("entered")
    @property
    def object_goods(self) -> bool: ...  # the clause acts on goods or vehicles
    @property
    def ends_in_killing(self) -> bool: ...  # "abducted and killed", "arrested and executed"


def classify(clause: Clause) -> Choice | None:
    """Type and sub-type of the clause's event, or None when it tells of no event."""
    label = deciding_label(clause)
    if _tells_no_event(label, clause):
        return None
    for rule in _RULES:
        choice = rule(label, clause)
        if choice is not None:
            return choice
    cue = lexicon.cues()[label]
    return Choice(cue.event_type, cue.sub_event_type)


def deciding_label(clause: Clause) -> str:
    """The cue label that decides: a riot word counts as rioting only where there is a crowd,
    looting by a crowd is rioting, and of several labels the one of lowest rank wins."""
    table = lexicon.cues()
    labels = set(clause.cue_labels)
    if labels & {"RIOT", "LOOT"} and labels - {"RIOT", "LOOT"}:
        labels -= {"RIOT", "LOOT"}
    if "RIOT" in labels and not _crowd(clause):
        labels = (labels - {"RIOT"}) | ({"LOOT"} if "LOOT" in clause.cue_labels else set())
    if "LOOT" in labels and _crowd(clause):
        labels = (labels - {"LOOT"}) | {"RIOT"}
    return min(labels or clause.cue_labels, key=lambda name: table[name].rank)


def _crowd(clause: Clause) -> bool:
    return clause.actor_kind == "crowd" or bool(clause.sentence_labels & {"PROTEST", "MOB", "CROWD_RIOT"})


def _tells_no_event(label: str, clause: Clause) -> bool:
    """Taking nothing ("took the decision"); coming into a place to do what the sentence tells
    next ("entered the village and seized livestock"); storming a place whose burning is the
    event."""
    if label in ("CAPTURE", "RETAKE"):
        return not (clause.object_place or clause.object_person) or (
            clause.approach and bool(clause.sentence_labels - {"CAPTURE", "RETAKE"}))
    if label == "INTERCEPT" and (clause.object_person or clause.object_goods) and not clause.ends_in_killing:
        return True  # stopping people or vehicles on a road: what was done to them is the event
    return label == "ATTACK" and "PROTEST" not in clause.sentence_labels and clause.object_place \
        and not (clause.victims_civilian or clause.victims_armed) and "LOOT" in clause.sentence_labels


def _protest_rule(label: str, clause: Clause) -> Choice | None:
    """A protest, or violence told in a sentence about one: the crowd's event."""
    if label == "PROTEST" or (label in ("KILL", "ATTACK", "INTERVENE", "RIOT")
                              and "PROTEST" in clause.sentence_labels):
        return protest_kind(clause.sentence_labels | {label}, clause)
    return None


def _killing_rule(label: str, clause: Clause) -> Choice | None:
    """A kidnapping, arrest or interception that ends in killing is an attack (ACLED)."""
    if label in ("ABDUCT", "ARREST", "INTERCEPT") and clause.ends_in_killing:
        return ARMED_CLASH if clause.victims_armed else ATTACK
    return None


def _riot_rule(label: str, clause: Clause) -> Choice | None:
    """A violent crowd with no demand is a mob (ACLED)."""
    return MOB if label == "RIOT" and not clause.demand else None


def _territory_rule(label: str, clause: Clause) -> Choice | None:
    if label not in ("CAPTURE", "RETAKE"):
        return None
    if clause.object_person and not clause.object_place:
        return ARRESTS
    if clause.actor_kind == "state" or (label == "RETAKE" and clause.actor_kind is None):
        return REGAINS
    return OVERTAKES


def _unarmed_violence_rule(label: str, clause: Clause) -> Choice | None:
    """Villagers or a crowd doing violence: a violent demonstration where they make a demand,
    else mob violence."""
    if label in ("KILL", "ATTACK", "CLASH") and clause.actor_kind in ("crowd", "civilian"):
        return VIOLENT_DEMONSTRATION if clause.demand else MOB
    return None


def _fight_rule(label: str, clause: Clause) -> Choice | None:
    """Both sides armed is a clash; an armed side against the unarmed is an attack."""
    if label in ("SHELL", "GRENADE") and "CLASH" in clause.sentence_labels:
        return ARMED_CLASH  # heavy weapons in a fight both sides wage
    if label in ("KILL", "ATTACK"):
        armed_target = "CLASH" in clause.sentence_labels or clause.victims_armed \
            or clause.actor_kind == "target_armed"
        return ARMED_CLASH if armed_target else ATTACK
    if label == "CLASH" and clause.victims_civilian and not clause.victims_armed:
        return ATTACK
    return None


_RULES: tuple[Callable[[str, Clause], Choice | None], ...] = (
    _protest_rule, _killing_rule, _riot_rule, _territory_rule, _unarmed_violence_rule, _fight_rule)


def protest_kind(labels: frozenset[str], clause: Clause) -> Choice:
    """What kind of protest a sentence tells: demonstrators who fight or wreck are rioters, with
    no demand a mob; force against them is intervention or, with deaths, excessive force."""
    if "MOB" in labels or (labels & {"RIOT", "LOOT"} and not clause.demand and "PROTEST" not in labels):
        return MOB
    if "RIOT" in labels or "LOOT" in labels or ("CLASH" in labels and clause.actor_kind != "state"):
        return VIOLENT_DEMONSTRATION
    if "KILL" in labels:
        return EXCESSIVE_FORCE
    if "ATTACK" in labels and clause.actor_kind != "state":
        return VIOLENT_DEMONSTRATION  # the demonstrators attacked
    if labels & {"INTERVENE", "ATTACK"}:
        return INTERVENTION
    return PEACEFUL
