"""The claim chain of an event in plain words: who says it happened, how sure, how many outlets.

    "Hezbollah media wing says so, without evidence or against a denial; reported by 1 outlet"

Each distinct (attributed party, certainty) among the event's reports gives
one clause, in the order the reports were published; the outlets are the
distinct sites of the reporting pages (a page without a URL counts alone).
"""

from __future__ import annotations

from sitrep.store.query import EventDetail, SourceRecord

OWN_VOICE = {
    "reported": "stated as fact by the outlet",
    "claimed": "attributed by the outlet to an unnamed party",
    "disputed": "reported by the outlet as disputed (denied, or given without evidence)",
}
ATTRIBUTED = {
    "reported": "{party} says so",
    "claimed": "{party} says so",
    "disputed": "{party} says so, without evidence or against a denial",
}


def claim_chain(detail: EventDetail) -> str:
    """One sentence saying who claims the event, how firmly, and how widely it is reported."""
    clauses: list[str] = []
    for party, certainty in _claims(detail.sources):
        table = ATTRIBUTED if party else OWN_VOICE
        clause = table.get(certainty, table["reported"]).format(party=party)
        if clause not in clauses:
            clauses.append(clause)
    if not clauses and detail.event.sources:
        clauses = [f"{party} says so" for party in detail.event.sources]
    outlets = count_outlets(detail.sources) or detail.event.n_outlets
    clauses.append(f"reported by {outlets} outlet{'s' if outlets != 1 else ''}")
    text = "; ".join(clauses)
    return text[:1].upper() + text[1:]


def _claims(sources: list[SourceRecord]) -> list[tuple[str | None, str]]:
    seen: list[tuple[str | None, str]] = []
    for report in sources:
        party = (report.mention.source or "").strip() or None
        key = (party, report.mention.certainty)
        if key not in seen:
            seen.append(key)
    return seen


def count_outlets(sources: list[SourceRecord]) -> int:
    """Distinct sites among the reporting pages; a page with no known site counts as its own."""
    outlets = {report.outlet.lower() if report.outlet else f"page:{report.page_id}" for report in sources}
    return len(outlets)
