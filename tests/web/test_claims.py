"""The claim chain's wording: grammatical, and never "stated as fact" for a hedged or attributed report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sitrep.model import EventDetail, EventRecord, MentionRecord, SourceRecord, SpanRecord
from sitrep.web.claims import claim_chain

EVENT = EventRecord(
    id=1, event_type="Battles", sub_event_type="Armed clash", event_date=date(2024, 1, 2), time_precision=1,
    actor1=None, actor2=None, assoc_actors=[],
    location="Gao", admin1=None, country="Mali", iso3="MLI", latitude=16.3, longitude=0.0, geo_precision=1,
    fatalities=3, fatalities_min=3, fatalities_max=3, certainty="reported", sources=[], disagreements=[],
    notes="", first_reported=None, last_reported=None, n_reports=1, n_outlets=1, outlets=[],
)
TEXT = ("Clash in Gao\n\nFighting broke out in Gao. Three soldiers were killed, officials said on Monday. "
        "The end.")


def report(party: str | None, certainty: str = "reported", sentence: str = "Three soldiers were killed",
           page_id: int = 7) -> SourceRecord:
    start = TEXT.find(sentence)
    span = SpanRecord(start, start + len(sentence), sentence)
    mention = MentionRecord(
        id=page_id, page_id=page_id, event_id=1, event_type="Battles", sub_event_type="Armed clash",
        event_date=date(2024, 1, 2), time_precision=1, actor1=None, actor2=None, assoc_actors=[],
        location="Gao", place_name=None, admin1=None, country="Mali", iso3="MLI", latitude=16.3,
        longitude=0.0, geo_precision=1, fatalities=3, fatalities_span=None, source=party, certainty=certainty,
        trigger=span, evidence=[span])
    return SourceRecord(page_id=page_id, page_key=f"p{page_id}", url=None, outlet=f"site{page_id}.example",
                        title=None, published=None, mention=mention)


def chain(*reports: SourceRecord, text: str | None = TEXT) -> str:
    texts = {r.page_id: text for r in reports} if text is not None else None
    detail = EventDetail(event=replace(EVENT, n_outlets=len(reports)), sources=list(reports))
    return claim_chain(detail, texts)


@pytest.mark.parametrize(("party", "verb"), [
    ("Syrian opposition sources", "say"), ("local authorities", "say"), ("the police", "say"),
    ("Hezbollah media wing", "says"), ("The army", "says"), ("Reuters", "says"),
    ("regional governor Oleh Syniehubov", "says"), ("witnesses", "say"), ("the ministry of defence", "says"),
])
def test_the_verb_agrees_with_the_party(party: str, verb: str) -> None:
    assert chain(report(party)).startswith(f"{party[:1].upper()}{party[1:]} {verb} so;")


def test_a_pronoun_is_no_claimant() -> None:
    text = chain(report("It", "claimed"))
    assert "It says" not in text and "says It" not in text
    assert text.startswith("Attributed by the outlet to an unnamed party")


def test_an_attributed_sentence_is_not_stated_as_fact() -> None:
    text = chain(report(None))  # the evidence lies in "..., officials said on Monday."
    assert "stated as fact" not in text
    assert text.startswith("Reported by the outlet as someone's word ('said')")


def test_a_hedged_sentence_is_not_stated_as_fact() -> None:
    hedged = TEXT.replace("Fighting broke out in Gao.", "Fighting reportedly broke out in Gao.")
    start = hedged.find("Fighting")
    sentence = "Fighting reportedly broke out in Gao"
    record = report(None, sentence="Fighting broke out in Gao")
    span = SpanRecord(start, start + len(sentence), sentence)
    record = replace(record, mention=replace(record.mention, evidence=[span]))
    assert chain(record, text=hedged).startswith("Reported by the outlet as uncertain ('reportedly')")


def test_a_plain_sentence_in_the_outlets_voice_is_stated_as_fact() -> None:
    assert chain(report(None, sentence="Fighting broke out in Gao")) == \
        "Stated as fact by the outlet; reported by 1 outlet"
    assert chain(report(None, sentence="Fighting broke out in Gao"), report("Residents", page_id=8)) == \
        "Stated as fact by the outlet; Residents say so; reported by 2 outlets"
