"""`sitrep watch`: follow feeds, sitemaps, URL lists and folders, and ingest new articles as they come.

    sources.py   command-line arguments and the --sources TOML file to Source records
    fetch.py     the polite HTTP fetcher (conditional requests, per-host limits, robots.txt, retries)
    feeds.py     a source's body to its articles: RSS/Atom, sitemaps (Google News too), URL lists
    state.py     what the watch knows, in the database: sources, validators, every URL and its fate
    loop.py      the loop: poll what is due, fetch new articles, ingest them through sitrep.ingest

What the command shows (the live table, log lines, --status) is in `sitrep.terminal.watch`.
"""
