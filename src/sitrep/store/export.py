"""Exports of events: CSV with ACLED's column names, GeoJSON, Parquet, and the registry of exporters.

The CSV's first 31 columns are ACLED's export columns, in ACLED's order, so
ACLED tooling reads it (`event_id_cnty` is ISO3 + our event id; `iso` is the
numeric ISO 3166 code; `source` lists the outlets; `notes` is an evidence
sentence with where the sources disagree; ACLED's actor-type codes `inter1`,
`inter2`, `interaction` and `region`, `admin2`, `admin3`, `source_scale` are
left empty: Sitrep does not know them). Sitrep's own columns follow.
All writers stream: memory stays flat however many events there are.

`EXPORTERS` is the one registry of formats (as datasette's output renderers):
`sitrep events --format NAME` and the API's `/api/events.NAME` both list it, so
a format added with `register_exporter` appears in both.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from sitrep.model import EventRecord

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
SITREP_COLUMNS = ("sitrep_id", "iso3", "certainty", "fatalities_min", "fatalities_max", "n_reports",
                  "n_outlets", "first_reported", "last_reported", "attributed_to", "disagreements")
CSV_COLUMNS = ACLED_COLUMNS + SITREP_COLUMNS
PARQUET_BATCH = 10_000


def acled_row(event: EventRecord) -> dict[str, Any]:
    """One event as a CSV row: ACLED's columns, then Sitrep's."""
    return {
        "event_id_cnty": f"{event.iso3 or 'XXX'}{event.id}",
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else "",
        "time_precision": event.time_precision,
        "disorder_type": disorder_types().get(event.sub_event_type, ""),
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "", "assoc_actor_1": "; ".join(event.assoc_actors),
        "inter1": "", "actor2": event.actor2 or "", "assoc_actor_2": "", "inter2": "", "interaction": "",
        "civilian_targeting": ("Civilian targeting" if event.event_type == "Violence against civilians"
                               else ""),
        "iso": _numeric_iso(event.iso3), "region": "", "country": event.country or "",
        "admin1": event.admin1 or "", "admin2": "", "admin3": "", "location": event.location or "",
        "latitude": _coordinate(event.latitude), "longitude": _coordinate(event.longitude),
        "geo_precision": event.geo_precision or "",
        "source": "; ".join(event.outlets), "source_scale": "", "notes": event.notes,
        "fatalities": event.fatalities, "tags": f"certainty: {event.certainty}",
        "timestamp": int(event.updated_at.replace(tzinfo=UTC).timestamp()) if event.updated_at else "",
        "sitrep_id": event.id, "iso3": event.iso3 or "", "certainty": event.certainty,
        "fatalities_min": event.fatalities_min, "fatalities_max": event.fatalities_max,
        "n_reports": event.n_reports, "n_outlets": event.n_outlets,
        "first_reported": event.first_reported.isoformat() if event.first_reported else "",
        "last_reported": event.last_reported.isoformat() if event.last_reported else "",
        "attributed_to": "; ".join(event.sources), "disagreements": "; ".join(event.disagreements),
    }


def write_csv(events: Iterable[EventRecord], out: IO[str]) -> int:
    """ACLED-style CSV; returns the number of rows written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(acled_row(event))
        count += 1
    return count


def geojson_feature(event: EventRecord) -> dict[str, Any]:
    """A GeoJSON Feature (a Point, or no geometry when the event is not geocoded)."""
    geometry = ({"type": "Point", "coordinates": [event.longitude, event.latitude]}
                if event.latitude is not None and event.longitude is not None else None)
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": event.to_json()}


def write_geojson(events: Iterable[EventRecord], out: IO[str]) -> int:
    """A GeoJSON FeatureCollection, one feature a line; returns the number of features."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        out.write(("," if count else "") + json.dumps(geojson_feature(event), ensure_ascii=False) + "\n")
        count += 1
    out.write("]}\n")
    return count


PARQUET_SCHEMA = pa.schema([
    ("id", pa.int64()), ("event_type", pa.string()), ("sub_event_type", pa.string()),
    ("event_date", pa.date32()), ("time_precision", pa.int8()), ("actor1", pa.string()),
    ("actor2", pa.string()), ("assoc_actors", pa.list_(pa.string())), ("location", pa.string()),
    ("admin1", pa.string()), ("country", pa.string()), ("iso3", pa.string()), ("latitude", pa.float64()),
    ("longitude", pa.float64()), ("geo_precision", pa.int8()), ("fatalities", pa.int32()),
    ("fatalities_min", pa.int32()), ("fatalities_max", pa.int32()), ("certainty", pa.string()),
    ("sources", pa.list_(pa.string())), ("disagreements", pa.list_(pa.string())), ("notes", pa.string()),
    ("first_reported", pa.date32()), ("last_reported", pa.date32()), ("n_reports", pa.int32()),
    ("n_outlets", pa.int32()), ("outlets", pa.list_(pa.string())), ("updated_at", pa.timestamp("s")),
])


def write_parquet(events: Iterable[EventRecord], path: str) -> int:
    """A typed Parquet file (dates as date32, lists as lists); returns the number of rows."""
    count = 0
    with pq.ParquetWriter(path, PARQUET_SCHEMA) as writer:
        for chunk in _chunks(events, PARQUET_BATCH):
            rows = [{name: getattr(event, name) for name in PARQUET_SCHEMA.names} for event in chunk]
            writer.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA))
            count += len(rows)
    return count


@cache
def disorder_types() -> dict[str, str]:
    """ACLED's disorder type of each sub-event type (data/store/acled_disorder.tsv)."""
    text = resources.files("sitrep").joinpath("data/store/acled_disorder.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {sub: disorder.strip() for sub, disorder in pairs}


def _numeric_iso(iso3: str | None) -> int | str:
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return int(country.numeric) if country is not None else ""


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _chunks(events: Iterable[EventRecord], size: int) -> Iterator[list[EventRecord]]:
    chunk: list[EventRecord] = []
    for event in events:
        chunk.append(event)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------- the registry

TextWriter = Callable[[Iterable[EventRecord], IO[str]], int]
FileWriter = Callable[[Iterable[EventRecord], str], int]


@dataclass(frozen=True)
class Exporter:
    """A format events can be exported in: its name (the CLI's --format, the API's suffix) and writer.

    A text format streams (`stream`: to stdout or a response); a binary one (Parquet) needs a
    file (`stream` is None). `write_file` writes either to a path.
    """

    name: str
    media_type: str
    description: str  # one line, for --help and the OpenAPI document
    stream: TextWriter | None = None
    to_file: FileWriter | None = None

    def write_file(self, events: Iterable[EventRecord], path: str) -> int:
        """Write the events to `path`; returns how many."""
        if self.to_file is not None:
            return self.to_file(events, path)
        assert self.stream is not None
        with Path(path).open("w", encoding="utf-8", newline="") as out:
            return self.stream(events, out)


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    """Add a format to the registry (used by the CLI and the API alike)."""
    if (exporter.stream is None) == (exporter.to_file is None):
        raise ValueError(f"exporter {exporter.name!r} needs exactly one of stream and to_file")
    EXPORTERS[exporter.name] = exporter
    return exporter


register_exporter(Exporter("csv", "text/csv", "ACLED-style CSV: ACLED's column names first, then Sitrep's",
                           stream=write_csv))
register_exporter(Exporter("geojson", "application/geo+json", "a GeoJSON FeatureCollection of points",
                           stream=write_geojson))
register_exporter(Exporter("parquet", "application/vnd.apache.parquet",
                           "a typed Parquet file (dates as dates, lists as lists)", to_file=write_parquet))
