"""Event triggers: cue words matched on lemmas, kept when they name an occurrence.

The cue lexicon (data/extract/triggers.tsv) is matched on lemmas by the
`SpanRuler`s of `rulers`, which mark the cues in `doc.spans`. A cue counts
only when the parse says it names something that happened: not negated, not
under a modal ("could", "will"), not governed by a threat, plan, call,
accusation or prediction, and, for a weapon noun, attached to a verb of action
("a missile hit ...", not "a rocket lay nearby"). The sub-type is then chosen
from the cues of the sentence and from who acted on whom
(`codebook.classify`), following ACLED's codebook definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.extract import lexicon, rulers

WEAPON_LABELS = frozenset({"AIR", "SHELL", "SUICIDE", "IED", "GRENADE", "CHEM"})
CROWD_LABELS = frozenset({"PROTEST", "RIOT", "MOB", "INTERVENE"})
GENERIC_LABELS = frozenset({"KILL"})  # casualty words that add to an event more than they name one
_WALK_DEPS = frozenset({"compound", "amod", "nmod", "pobj", "prep", "conj", "appos", "nummod",
                        "dobj", "nsubj", "nsubjpass", "poss", "attr", "oprd", "acl", "pcomp", "agent"})
_MAX_WALK = 6


@dataclass(frozen=True)
class Hit:
    """One cue found in the body: token range and every label its phrase carries."""

    start: int
    end: int
    labels: frozenset[str]

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


def find_hits(doc: Doc) -> list[Hit]:
    """All cues of the Doc (as `rulers.mark_cues` marks them), longest first where they
    overlap, merged per token range. A weapon named inside a longer cue ("fired two shells
    on") lends the longer cue its label: the weapon says how it was done."""
    if rulers.CUES not in doc.spans:
        rulers.mark_cues(doc)
    found: dict[tuple[int, int], set[str]] = {}
    for span in doc.spans[rulers.CUES]:
        found.setdefault((span.start, span.end), set()).add(span.label_)
    owner: dict[int, tuple[int, int]] = {}  # token -> the range of the cue that took it
    kept: dict[tuple[int, int], set[str]] = {}
    for (start, end), labels in sorted(found.items(), key=lambda item: (item[0][0] - item[0][1], item[0][0])):
        taken = [owner[i] for i in range(start, end) if i in owner]
        if taken:
            kept[taken[0]] |= labels & WEAPON_LABELS
            continue
        owner.update({i: (start, end) for i in range(start, end)})
        kept[(start, end)] = set(labels)
    return sorted((Hit(start, end, frozenset(labels)) for (start, end), labels in kept.items()),
                  key=lambda hit: hit.start)


def head_of(hit: Hit, doc: Doc) -> Token:
    """The syntactic head of a hit's words."""
    return hit.span(doc).root


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause holds the token (itself when it is a verb)."""
    current = token
    for _ in range(_MAX_WALK):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head == current or current.dep_ not in _WALK_DEPS:
            return None
        current = current.head
    return None


def is_occurrence(hit: Hit, doc: Doc) -> bool:
    """Whether the cue names something that happened (see the module's docstring)."""
    head = head_of(hit, doc)
    if _negated(head) or _governed(head) or _grievance(head) or _named_as_grievance(head):
        return False
    if hit.labels == {"AGREE"}:
        return _agreement_made(head)
    if any(rule(hit, head) for rule in _NOT_OCCURRENCES):
        return False
    if hit.labels <= WEAPON_LABELS | GENERIC_LABELS and head.pos_ not in ("VERB", "AUX") \
            and not _event_noun(head) and not (head.dep_ == "compound" and _event_noun(head.head)):
        verb = clause_verb(head)
        return verb is None or verb.lemma_.lower() in lexicon.words("action") \
            or verb.lemma_.lower() in lexicon.words("report")
    return True


def _agreement_made(head: Token) -> bool:
    """An agreement signed or reached, not one sought ("agreed", "signed a deal")."""
    verb = clause_verb(head)
    return verb is not None and verb.tag_ in ("VBD", "VBN") and (
        verb == head or verb.lemma_.lower() in lexicon.words("agreeverb"))


def _damage_adjective(hit: Hit, head: Token) -> bool:
    return bool(hit.labels & {"LOOT", "RIOT"}) and (head.pos_ == "ADJ" or head.dep_ == "amod")  # "burned-out"


def _date_word(hit: Hit, head: Token) -> bool:
    return head.ent_type_ in ("DATE", "TIME")  # "14 March"


def _part_of_name(hit: Hit, head: Token) -> bool:
    """"the Immigration Detention Center": a name, not an occurrence."""
    return head.pos_ == "PROPN" and head.i > head.sent.start and head.text[:1].isupper() \
        and head.ent_type_ in ("ORG", "FAC", "LAW", "EVENT", "WORK_OF_ART")


def _kind_of_thing(hit: Hit, head: Token) -> bool:
    """"riot police", "protest leaders": a kind of thing, not an occurrence (but "held a
    protest <town>", where the parse takes the place the protest was held in for its head)."""
    return bool(hit.labels & CROWD_LABELS) and head.dep_ == "compound" and head.pos_ == "NOUN" \
        and not _place_word(head.head)


def _place_word(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in ("GPE", "LOC", "FAC") \
        or token.lemma_.lower() in lexicon.words("place")


def _taken_to(hit: Hit, head: Token) -> bool:
    """"taken to hospital"."""
    return hit.labels == {"CAPTURE"} and head.lemma_.lower() == "take" and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in head.children)


def _pattern_of_events(hit: Hit, head: Token) -> bool:
    """"attacks on military bases": a pattern, not an occurrence."""
    lemma = head.lemma_.lower()
    return head.tag_ == "NNS" and lemma in lexicon.words("weaknoun") \
        and lemma not in lexicon.words("eventnoun")


_NOT_OCCURRENCES: tuple[Callable[[Hit, Token], bool], ...] = (
    _damage_adjective, _date_word, _part_of_name, _kind_of_thing, _taken_to, _pattern_of_events)


def _event_noun(token: Token) -> bool:
    """A weapon noun naming the occurrence itself, as subject or object ("missile strikes hit")."""
    if token.lemma_.lower() not in lexicon.words("eventnoun"):
        return False
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT", "appos") or (
        token.dep_ == "pobj" and token.head.lower_ == "with")


def _negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in ("no", "neither")):
            return True
    verb = clause_verb(token)
    return verb is not None and verb != token and any(c.dep_ == "neg" for c in verb.children)


_GRIEVANCE_PREPOSITIONS = frozenset({"against", "over", "about", "regarding", "concerning"})


def _protest_word(token: Token, grievance: frozenset[str]) -> bool:
    """A word of protest, or a verb whose object is one ("held a protest ... against")."""
    return token.lemma_.lower() in grievance or any(
        c.dep_ == "dobj" and c.lemma_.lower() in grievance for c in token.children)


def _grievance(token: Token) -> bool:
    """What a crowd protests about ("demonstrated against the arrest of", "protested the
    killing of"): the object of a protest, not an occurrence the sentence reports."""
    grievance = lexicon.words("grievance")
    current = token
    for _ in range(_MAX_WALK):
        head = current.head
        if head == current or current.dep_ in ("advcl", "ccomp", "conj", "relcl"):
            return False
        if current.dep_ == "pobj" and head.lower_ in _GRIEVANCE_PREPOSITIONS \
                and _protest_word(head.head, grievance):
            return True
        if current.dep_ == "dobj" and head.lemma_.lower() in grievance:
            return True
        current = head
    return False


_CAUSE_PREPOSITIONS = frozenset({"following", "for"})  # "a protest following the killing of"


def _named_as_grievance(token: Token) -> bool:
    """An event noun after "against", "over" or "demanding" in a sentence of protest, with no
    verb between ("a demonstration against the detention of activists during recent riots"):
    read along the words where the parse attaches the phrase elsewhere."""
    if token.pos_ != "NOUN":
        return False
    grievance = lexicon.words("grievance")
    sentence_start = token.sent.start
    for index in range(token.i - 1, sentence_start - 1, -1):
        word = token.doc[index]
        protesting = word.pos_ == "VERB" and word.lemma_.lower() in grievance
        if word.lower_ in _GRIEVANCE_PREPOSITIONS or word.lower_ in _CAUSE_PREPOSITIONS or protesting:
            return any(t.lemma_.lower() in grievance for t in token.doc[sentence_start:index + 1])
        if word.pos_ in ("VERB", "AUX") or word.dep_ == "mark" or word.text in (";", ":"):
            return False
    return False


def _governed(token: Token) -> bool:
    """Under a modal, a condition, or a word of threat, plan, call, accusation or prediction."""
    current: Token = token
    for _ in range(_MAX_WALK + 2):
        verdict = _governs(current, token)
        if verdict is not None:
            return verdict
        if current.head == current:
            return False
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in lexicon.words("order"):
            return True  # "told soldiers to hand over their weapons"
        if current.dep_ in ("ccomp", "advcl") and current.head.lemma_.lower() in lexicon.words("report"):
            return False  # the reporting clause may be modal ("could say") but the report itself stands
        current = current.head
    return False


def _governs(current: Token, cue: Token) -> bool | None:
    """Whether a word on the way up from a cue makes it unreal (True), keeps it real (False:
    a report, "rescue workers reported a gas attack"), or says nothing (None). A word of
    threat or plan governs what follows it, or a passive subject ("an attack was planned");
    not a cue told before it ("protesters marched, demanding that the government allow ...")."""
    govern, modal, report = lexicon.words("govern"), lexicon.words("modal"), lexicon.words("report")
    for child in current.children:
        if (child.dep_ in ("aux", "auxpass") and child.lower_ in modal) \
                or (child.dep_ == "mark" and child.lower_ in govern):
            return True
    if current == cue:
        return None
    lemma = current.lemma_.lower()
    if lemma in govern and (current.i < cue.i or _passive_subject_of(cue, current)):
        return True
    if current.pos_ == "VERB" and lemma in report and lemma not in govern:
        return False
    return None


def _passive_subject_of(cue: Token, verb: Token) -> bool:
    return any(t.dep_ == "nsubjpass" and t.head == verb for t in [cue, *cue.ancestors])


def _rank(hit: Hit) -> int:
    table = lexicon.cues()
    return min(table[label].rank for label in hit.labels)


def ranked(hits: list[Hit]) -> list[Hit]:
    """Cues in the order they are tried as the sentence's event (lowest rank first)."""
    return sorted(hits, key=lambda hit: (2 if hit.labels <= {"LOOT", "RIOT"} and "LOOT" in hit.labels
                                         else 1 if hit.labels <= GENERIC_LABELS else 0,
                                         _rank(hit), hit.start))


def is_weak(hit: Hit, doc: Doc) -> bool:
    """A cue that refers back to an occurrence more than it names one ("the attack", "killed")."""
    head = head_of(hit, doc)
    return hit.labels <= GENERIC_LABELS or (
        head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.words("weaknoun"))
