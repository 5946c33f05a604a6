"""Applying `sitrep.merge` to the database: a new mention joins an event or starts one.

Only the events that could hold the mention are read: same type, a date
window that overlaps (the (event_type, date_start) index) and, for a geocoded
mention, a latitude band as wide as the largest merge radius. Their reports
are loaded, `merge.choose_event` decides, and the event's row is rewritten
from `merge.summarize` of all its reports. Everything happens inside the
caller's transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, or_, select, update

from sitrep.merge import (
    DATE_SLACK_DAYS,
    MAX_RADIUS_KM,
    PAGE_OUTLET_PREFIX,
    Candidate,
    Report,
    choose_event,
    summarize,
)
from sitrep.store.schema import event_sources, events, mentions, pages

KM_PER_DEGREE_LATITUDE = 110.574  # the shortest degree (at the equator): a safe band


# Statements built once (SQLAlchemy caches their compiled form); values come as parameters.
_INSERT_EVENT = insert(events).returning(events.c.id)
_UPDATE_EVENT = update(events).where(events.c.id == bindparam("the_event_id"))
_INSERT_SOURCE = insert(event_sources)
_CANDIDATES = select(events.c.id).where(
    events.c.event_type == bindparam("event_type"),
    events.c.date_start <= bindparam("window_end"), events.c.date_end >= bindparam("window_start"))
_CANDIDATES_NEAR = _CANDIDATES.where(or_(
    events.c.latitude.between(bindparam("latitude_low"), bindparam("latitude_high")),
    events.c.latitude.is_(None)))
_REPORTS = (select(mentions, event_sources.c.event_id, pages.c.outlet, pages.c.published)
            .join(event_sources, event_sources.c.mention_id == mentions.c.id)
            .join(pages, pages.c.id == mentions.c.page_id)
            .where(event_sources.c.event_id.in_(bindparam("event_ids", expanding=True)))
            .order_by(event_sources.c.event_id, mentions.c.id))


def merge_report(connection: Connection, report: Report) -> tuple[int, bool]:
    """Attach the report's mention to its event (created if new): (event id, created?)."""
    candidates = load_candidates(connection, report)
    event_id = choose_event(report, candidates)
    now = datetime.now(UTC).replace(tzinfo=None)
    if event_id is None:
        values = asdict(summarize([report]))
        event_id = int(connection.execute(_INSERT_EVENT, {**values, "updated_at": now}).scalar_one())
        created = True
    else:
        reports = [*next(c.reports for c in candidates if c.event_id == event_id), report]
        connection.execute(_UPDATE_EVENT, {**asdict(summarize(reports)), "updated_at": now,
                                           "the_event_id": event_id})
        created = False
    connection.execute(_INSERT_SOURCE, {"event_id": event_id, "mention_id": report.mention_id,
                                        "page_id": report.page_id})
    return event_id, created


def load_candidates(connection: Connection, report: Report) -> list[Candidate]:
    """Events of the report's type whose date window overlaps its own, near it when geocoded."""
    window = report.window()
    if window is None:
        return []
    slack = timedelta(days=DATE_SLACK_DAYS)
    parameters: dict[str, Any] = {"event_type": report.event_type, "window_start": window[0] - slack,
                                  "window_end": window[1] + slack}
    statement = _CANDIDATES
    if report.latitude is not None and report.longitude is not None:
        band = MAX_RADIUS_KM / KM_PER_DEGREE_LATITUDE
        parameters.update(latitude_low=report.latitude - band, latitude_high=report.latitude + band)
        statement = _CANDIDATES_NEAR
    ids = list(connection.execute(statement, parameters).scalars())
    if not ids:
        return []
    rows = connection.execute(_REPORTS, {"event_ids": ids}).mappings().all()
    grouped: dict[int, list[Report]] = defaultdict(list)
    for row in rows:
        grouped[int(row["event_id"])].append(report_from_row(dict(row)))
    return [Candidate(event_id=event_id, reports=grouped[event_id]) for event_id in sorted(grouped)]


def report_from_row(row: Mapping[str, Any]) -> Report:
    """A Report from a mention row joined with its page's outlet and publication date."""
    evidence = row.get("evidence") or []
    return Report(
        mention_id=int(row["id"]), page_id=int(row["page_id"]),
        event_type=row["event_type"], sub_event_type=row["sub_event_type"],
        event_date=_date(row["event_date"]), time_precision=int(row["time_precision"]),
        outlet=row.get("outlet") or f"{PAGE_OUTLET_PREFIX}{row['page_id']}",
        published=_date(row.get("published")),
        actor1=row["actor1"], actor2=row["actor2"], assoc_actors=tuple(row["assoc_actors"] or ()),
        location=row["location"], latitude=row["latitude"], longitude=row["longitude"],
        geo_precision=row["geo_precision"], geonameid=row["geonameid"], admin1=row["admin1"],
        country=row["country"], iso3=row["iso3"], fatalities=int(row["fatalities"] or 0),
        source=row["source"], certainty=row["certainty"],
        evidence=str(evidence[0]["text"]) if evidence else "",
    )


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
