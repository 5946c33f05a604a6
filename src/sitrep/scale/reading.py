"""The reading stage on Ray: one input file to rows of raw pages, in a light module.

Kept apart from `engine` so that the processes running Ray's reading tasks
import `sitrep.read` only, not the language pipeline: on a small machine the
pipeline's imports (spaCy, trafilatura) in every task process cost seconds of
CPU each before the first page is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sitrep.read import read_inputs
from sitrep.scale.codec import Row, raw_to_row


def read_file(row: Row, published: date | None = None) -> Iterator[Row]:
    """The pages of one file, as rows (a page that cannot be read is a row with its error).

    A generator, so that a large WARC or JSONL file streams out in blocks of
    BLOCK_BYTES that different workers take, instead of one block of the whole file.
    `seq` is the page's input position ("file-page", zero-padded, so it sorts).
    """
    for number, item in enumerate(read_inputs([row["path"]], published=published)):
        yield {**raw_to_row(item), "seq": f"{row['index']:09d}-{number:09d}"}
