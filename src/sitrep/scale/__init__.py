"""Scale-out: the same pipeline (`sitrep.pipeline.read_page`) mapped over Ray Data.

    engine.py   the Ray Data plan: list files, read them in tasks, read_page on an actor pool
    codec.py    pipeline values to plain rows and back (to cross Ray and Parquet)
    shards.py   Parquet shards of pages and mentions (`--out DIR`, `sitrep load-shards DIR`)
    sink.py     results into the store, in batches, on the driver
    run.py      the entry points the CLI calls (through sitrep.terminal.commands), with callbacks
                for progress and failures
"""
