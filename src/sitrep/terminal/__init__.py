"""What the command line shows: everything Sitrep prints with Rich, next to cli.py.

    commands.py   `sitrep ingest` (local and Ray), `sitrep load-shards`, `sitrep events`:
                  run the stage, show progress and failures, return the exit status
    progress.py   the ingest progress line
    table.py      the events table of `sitrep events`
    watch.py      `sitrep watch` and `sitrep watch --status`: the live table of sources

The stages below (ingest, store, scale, watch) report through callbacks and
return counts; only this package and cli.py (and report.py, the page summary
of `sitrep extract`) write to the terminal.
"""
