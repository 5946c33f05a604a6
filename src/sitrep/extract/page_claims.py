"""What other sentences of a page say about its events: who is blamed, what is denied.

Runs after a page's drafts are merged into events. `blame_actors` gives an
event that names no actor the party a later sentence blames for it ("bore the
hallmarks of X", "X claimed responsibility"), or, among a page's explosions,
the one side the page names as firing. `dispute` marks `disputed` the events
the page denies or doubts (EVENTS.md 3a).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitrep.extract import actors as actor_reading
from sitrep.extract import attribution, codebook, lexicon, places, triggers
from sitrep.extract.events import UNIDENTIFIED, Draft, PageContext, index_of

BLAME_REACH = 2_000  # characters back from a blaming sentence to the events it may speak of
DENIAL_BEFORE, DENIAL_AFTER = 1, 2  # paragraphs a denial may stand before or after its event
DENIAL_REACH = 5_000  # characters after a denial within which a later event may be the one denied


def blame_actors(doc: Doc, events: list[Draft]) -> None:
    """Give an event without a named actor the party a later sentence blames for it, or,
    among a page's explosions, the one side the page names as firing."""
    _one_side_fires(events)
    if not any(e.actor1 == UNIDENTIFIED for e in events):
        return
    named = actor_reading.named_actors(doc)
    blaming = lexicon.any_of("blame", "ownership")
    for sentence in doc.sents:
        if not any(t.lemma_.lower() in blaming for t in sentence):
            continue
        local = [a for a in named if sentence.start <= a.start < sentence.end]
        culprit = actor_reading.blamed(sentence, local)
        if culprit is not None:
            _blame(events, sentence, culprit.name)


def _blame(events: list[Draft], sentence: Span, culprit: str) -> None:
    for event in events:
        if event.evidence[0][0] < sentence.start_char and event.actor1 == UNIDENTIFIED \
                and sentence.start_char - event.evidence[0][1] < BLAME_REACH:
            event.actor1 = culprit


def _one_side_fires(events: list[Draft]) -> None:
    """Strikes the page leaves unattributed, where every attributed strike is one side's."""
    blasts = [e for e in events if e.event_type == codebook.EXPLOSIONS]
    sides = {e.actor1 for e in blasts if e.actor1 not in (None, UNIDENTIFIED)}
    if len(sides) == 1 and len(blasts) > 1:
        side = sides.pop()
        for event in blasts:
            if event.actor1 == UNIDENTIFIED and event.sub_event_type != codebook.REMOTE_IED.sub_event_type:
                event.actor1 = side


def dispute(doc: Doc, events: list[Draft], context: PageContext) -> None:
    """Mark `disputed` the events the page denies or doubts (EVENTS.md 3a).

    A denial ("denied that the city had fallen", "described the reports as propaganda")
    disputes the event of its paragraph or a neighbour's that it speaks of: one of the
    same kind when it names an event word, else one at the place it names, else the
    latest event before it. The outlet's doubt in the sentence right after an event's
    ("The claim could not be independently verified") disputes that event.
    """
    if not events:
        return
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    for index, sentence in enumerate(sentences):
        paragraph = index_of(context.paragraph_starts, sentence.start_char)
        if index > 0 and attribution.doubted(sentence):
            _doubt_previous(events, starts, index, paragraph)
        word = attribution.denial(sentence)
        if word is not None:
            for event in _denied(events, sentence, word, paragraph):
                event.certainty = "disputed"


def _doubt_previous(events: list[Draft], starts: list[int], index: int, paragraph: int) -> None:
    """The outlet doubts the event told in the sentence before, in the same paragraph."""
    for event in events:
        if event.paragraph == paragraph and any(index_of(starts, start) == index - 1
                                                for start, _ in event.evidence):
            event.certainty = "disputed"


def _denied(events: list[Draft], sentence: Span, word: Token, paragraph: int) -> list[Draft]:
    """The events a denial speaks of (see `dispute`)."""
    scope = sentence.doc[word.left_edge.i:word.right_edge.i + 1] if word.pos_ == "VERB" else sentence
    kinds = _kinds_named(scope)
    named = {place.text.lower() for place in places.candidates(scope, [])}
    near = _near(events, sentence, paragraph)
    if not kinds:
        return _at(near, named) if named else [e for e in near if e.evidence[0][0] < sentence.start_char][-1:]
    chosen = [e for e in near if e.event_type in kinds or e.sub_event_type in kinds]
    if named and chosen:
        return _at(chosen, named) or chosen
    return chosen


def _near(events: list[Draft], sentence: Span, paragraph: int) -> list[Draft]:
    """The events of the paragraphs around a denial that it may speak of."""
    return [e for e in events
            if -DENIAL_AFTER <= e.paragraph - paragraph <= DENIAL_BEFORE
            and not (e.paragraph > paragraph and e.evidence[0][0] > sentence.end_char + DENIAL_REACH)]


def _at(events: list[Draft], names: set[str]) -> list[Draft]:
    return [e for e in events if e.place is not None and e.place.text.lower() in names]


def _kinds_named(scope: Span) -> set[str]:
    """The event types (for weapons, sub-types) that a denial's words name."""
    cue_table = lexicon.cues()
    return {cue_table[label].sub_event_type if label in triggers.WEAPON_LABELS
            else cue_table[label].event_type
            for hit in triggers.find_hits(scope.as_doc()) for label in hit.labels}
