"""Parquet shards: what `sitrep ingest --engine ray --out DIR` writes and `sitrep merge DIR` reads.

Each batch of pages a worker reads becomes two files with the same name:

    DIR/pages/<key>.parquet      one row per page (failed pages too, with `error`)
    DIR/mentions/<key>.parquet   one row per mention, with its page's `content_hash`

Both have readable columns (a mention's columns are those of EVENTS.md) and a
`record` column with the exact value as JSON, from which `sitrep merge` rebuilds
the PageResult. `<key>` is the input position of the batch's first page, so a
retried batch rewrites the same files (each written to a temporary name and
renamed) and sorting the names gives the input order back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.model import Mention, PageResult
from sitrep.scale.codec import Row, from_plain, row_to_result

PAGES, MENTIONS = "pages", "mentions"
PAGE_SCHEMA = pa.schema([
    ("seq", pa.string()), ("content_hash", pa.string()), ("origin", pa.string()), ("error", pa.string()),
    ("raw", pa.string()), ("page_id", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("published", pa.string()),
    ("n_mentions", pa.int64()), ("record", pa.large_string()),
])
MENTION_SCHEMA = pa.schema([
    ("content_hash", pa.string()), ("position", pa.int64()),
    ("event_type", pa.string()), ("sub_event_type", pa.string()), ("event_date", pa.string()),
    ("time_precision", pa.int64()), ("actor1", pa.string()), ("actor2", pa.string()),
    ("location", pa.string()), ("admin1", pa.string()), ("country", pa.string()), ("iso3", pa.string()),
    ("latitude", pa.float64()), ("longitude", pa.float64()), ("geo_precision", pa.int64()),
    ("fatalities", pa.int64()), ("source", pa.string()), ("certainty", pa.string()),
    ("record", pa.large_string()),
])


def write_shard(folder: Path, rows: list[Row]) -> str:
    """Write a batch of result rows (see codec.result_to_row) as a pages and a mentions shard."""
    key = shard_key(rows)
    pages, mentions = [], []
    for row in rows:
        page = json.loads(row["page"]) if row.get("page") else {}
        pages.append({"seq": row.get("seq"), "content_hash": row["content_hash"], "origin": row["origin"],
                      "error": row["error"], "raw": row.get("raw"),
                      "page_id": page.get("id"), "url": page.get("url"), "title": page.get("title"),
                      "published": page.get("published"), "n_mentions": row["n_mentions"],
                      "record": row["page"]})
        for position, values in enumerate(json.loads(row.get("mentions") or "[]")):
            readable = from_plain(Mention, values).to_json()
            mentions.append({**{name: readable.get(name) for name in MENTION_SCHEMA.names},
                             "content_hash": row["content_hash"], "position": position,
                             "record": json.dumps(values, ensure_ascii=False)})
    _write(folder / MENTIONS / f"{key}.parquet", pa.Table.from_pylist(mentions, schema=MENTION_SCHEMA))
    _write(folder / PAGES / f"{key}.parquet", pa.Table.from_pylist(pages, schema=PAGE_SCHEMA))
    return key


def shard_key(rows: list[Row]) -> str:
    """The batch's name: its first page's input position ("file-page", zero-padded)."""
    return str(rows[0]["seq"]) if rows else "empty"


def read_shards(folder: Path) -> Iterator[tuple[Row, PageResult]]:
    """Every page of every shard in `folder`, in input order: (its row, its result)."""
    for path in sorted(shard_folder(folder).glob("*.parquet")):
        mentions = _mentions_by_page(folder / MENTIONS / path.name)
        for row in pq.read_table(path).to_pylist():
            result_row = {"origin": row["origin"], "error": row["error"], "page": row["record"],
                          "mentions": json.dumps(mentions.get(row["content_hash"], []))}
            yield row, row_to_result(result_row)


def shard_folder(folder: Path) -> Path:
    """The folder of page shards in `folder`; FileNotFoundError with a clear message when missing."""
    pages_dir = folder / PAGES
    if not pages_dir.is_dir():
        raise FileNotFoundError(f"{folder}: no {PAGES}/ folder of Parquet shards here")
    return pages_dir


def _mentions_by_page(path: Path) -> dict[str, list[object]]:
    by_page: dict[str, list[object]] = {}
    if not path.exists():
        return by_page
    for row in sorted(pq.read_table(path).to_pylist(), key=lambda r: (r["content_hash"], r["position"])):
        by_page.setdefault(row["content_hash"], []).append(json.loads(row["record"]))
    return by_page


def _write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary)
    os.replace(temporary, path)  # atomic: a reader sees the whole shard or none of it

