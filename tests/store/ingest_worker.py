"""Run an ingest of the synthetic corpus in a separate process (to be killed by the tests).

    python tests/store/ingest_worker.py DB_URL OCCURRENCES DELAY_S BATCH_SIZE
"""

from __future__ import annotations

import sys

from sitrep.store.db import open_database
from sitrep.store.ingest import ingest
from sitrep.store.synthetic import SyntheticReader, corpus


def main() -> None:
    url, occurrences, delay, batch = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    pages = corpus(occurrences)
    db = open_database(url)
    stats = ingest(db, [p.raw for p in pages], reader=SyntheticReader(pages, delay_s=delay), batch_size=batch)
    print(f"stored {stats.stored} skipped {stats.skipped}")


if __name__ == "__main__":
    main()
