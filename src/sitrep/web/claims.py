"""The claim chain of an event in plain words: who says it happened, how sure, how many outlets.

    "Hezbollah media wing says so, without evidence or against a denial; reported by 1 outlet"
    "Local authorities say so; reported by 2 outlets"
    "The outlet reports it as others' word ('said'); reported by 1 outlet"

Each distinct (attributed party, certainty) among the event's reports gives
one clause, in the order the reports were published; the outlets are the
distinct sites of the reporting pages (a page without a URL counts alone).

Honest wording: a party named in the plural takes "say" ("sources say so");
a pronoun ("it", "they") is no claimant; and a report in the outlet's own
voice is "stated as fact" only when the sentence it was read from neither
hedges ("reportedly", "allegedly") nor gives the words to someone ("said",
"according to"). `claim_chain(detail, texts)` reads those sentences from the
pages' texts when given them (`texts`: page id to text).
"""

from __future__ import annotations

import re

from sitrep.model import EventDetail, MentionRecord, SourceRecord

OWN_VOICE = {
    "reported": "stated as fact by the outlet",
    "claimed": "attributed by the outlet to an unnamed party",
    "disputed": "reported by the outlet as disputed (denied, or given without evidence)",
}
HEDGED = "reported by the outlet as uncertain ('{word}'), without naming who says so"
SAID = "reported by the outlet as someone's word ('{word}'), not as its own finding"
ATTRIBUTED = {
    "reported": "{party} {says} so",
    "claimed": "{party} {says} so",
    "disputed": "{party} {says} so, without evidence or against a denial",
}
PRONOUNS = {"it", "he", "she", "they", "this", "that", "we", "i", "you", "them", "him", "her", "one", "who"}
PLURAL_WORDS = {"people", "police", "staff", "media", "residents", "witnesses", "officials", "sources",
                "authorities", "forces", "militants", "rebels", "activists", "medics", "villagers"}
HEDGE = re.compile(r"\b(reportedly|allegedly|purportedly|apparently|unconfirmed|rumou?red)\b", re.IGNORECASE)
ATTRIBUTION = re.compile(r"\b(said|says|say|told|according to|claimed|claims|alleged|stated|announced)\b",
                         re.IGNORECASE)


def claim_chain(detail: EventDetail, texts: dict[int, str] | None = None) -> str:
    """One sentence saying who claims the event, how firmly, and how widely it is reported."""
    clauses: list[str] = []
    for report in detail.sources:
        clause = _clause(report, (texts or {}).get(report.page_id))
        if clause not in clauses:
            clauses.append(clause)
    if not clauses and detail.event.sources:
        clauses = [f"{party} {_says(party)} so" for party in detail.event.sources if not _is_pronoun(party)]
    outlets = count_outlets(detail.sources) or detail.event.n_outlets
    clauses.append(f"reported by {outlets} outlet{'s' if outlets != 1 else ''}")
    text = "; ".join(clauses)
    return text[:1].upper() + text[1:]


def _clause(report: SourceRecord, page_text: str | None) -> str:
    mention = report.mention
    party = (mention.source or "").strip()
    if party and not _is_pronoun(party):
        table = ATTRIBUTED
        return table.get(mention.certainty, table["reported"]).format(party=party, says=_says(party))
    if mention.certainty != "reported":
        return OWN_VOICE.get(mention.certainty, OWN_VOICE["reported"])
    sentence = " ".join(_sentences(mention, page_text))
    hedge = HEDGE.search(sentence)
    if hedge:
        return HEDGED.format(word=hedge.group(0).lower())
    said = ATTRIBUTION.search(sentence)
    if said:
        return SAID.format(word=said.group(0).lower())
    return OWN_VOICE["reported"]


def _sentences(mention: MentionRecord, page_text: str | None) -> list[str]:
    """The evidence, widened to the whole sentence around it when the page's text is known."""
    found: list[str] = []
    for span in mention.evidence:
        if page_text is None or not 0 <= span.start <= span.end <= len(page_text):
            found.append(span.text)
            continue
        start = max(page_text.rfind(". ", 0, span.start), page_text.rfind("\n", 0, span.start)) + 1
        ends = [i for i in (page_text.find(". ", span.end), page_text.find("\n", span.end)) if i >= 0]
        found.append(page_text[start:min(ends) if ends else len(page_text)])
    return found


def _is_pronoun(party: str) -> bool:
    return party.strip().lower() in PRONOUNS


def _says(party: str) -> str:
    """'say' for a party named in the plural ('local sources', 'the police'), else 'says'."""
    last = party.split()[-1] if party.split() else ""
    if last.lower() in PLURAL_WORDS:
        return "say"
    if last[:1].isupper():  # a proper name: Reuters, Oleh Syniehubov
        return "says"
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is", "ws"))
    return "say" if plural else "says"


def count_outlets(sources: list[SourceRecord]) -> int:
    """Distinct sites among the reporting pages; a page with no known site counts as its own."""
    outlets = {report.outlet.lower() if report.outlet else f"page:{report.page_id}" for report in sources}
    return len(outlets)
