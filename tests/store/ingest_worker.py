"""Run an ingest of the synthetic corpus in a separate process (to be killed by the tests).

    python tests/store/ingest_worker.py DB_URL OCCURRENCES DELAY_S BATCH_SIZE [DIE_AT_INSERT]

With DIE_AT_INSERT the process SIGKILLs itself just before its n-th INSERT into
`mentions`: in the middle of a batch's transaction, for certain.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: tests/, for sitrep_testkit

from sitrep.ingest import ingest
from sitrep.store.db import open_database
from sitrep_testkit.synthetic import SyntheticReader, corpus


def main() -> None:
    url, occurrences, delay, batch = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    pages = corpus(occurrences)
    db = open_database(url)
    if len(sys.argv) > 5:
        die_at, seen = int(sys.argv[5]), [0]

        @event.listens_for(db.engine, "before_cursor_execute")
        def _die(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.startswith("INSERT INTO mentions"):
                seen[0] += 1
                if seen[0] >= die_at:
                    os.kill(os.getpid(), signal.SIGKILL)

    stats = ingest(db, [p.raw for p in pages], reader=SyntheticReader(pages, delay_s=delay), batch_size=batch)
    print(f"stored {stats.stored} skipped {stats.skipped}")


if __name__ == "__main__":
    main()
