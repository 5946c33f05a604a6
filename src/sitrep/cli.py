"""The `sitrep` command line: parse arguments, call the stages, print.

Commands stay thin; the work is in the stage modules they call.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from sitrep.model import PageError, PageResult, RawPage
from sitrep.pipeline import read_page
from sitrep.read import read_inputs
from sitrep.report import print_page_summary

app = typer.Typer(help="Turn news about armed conflict into a geolocated, sourced event database.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _commands() -> None:
    """Sitrep: news pages in, conflict events out."""


class OutputFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


Paths = Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")]
Published = Annotated[
    str | None,
    typer.Option(help="Publication date (YYYY-MM-DD) of pages that do not carry one."),
]


def parse_date_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value, or a clean usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def report_error(message: str) -> None:
    """One line on stderr for a page or file that failed."""
    err.print(f"[red]error[/red]: {message}", markup=True, highlight=False)


@app.command()
def extract(
    paths: Paths,
    published: Published = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Read pages and print the clean article, comments and events of each."""
    base_date = parse_date_option(published, "--published")
    failed = 0
    out = Console(highlight=False, soft_wrap=True)
    for item in read_inputs(paths, published=base_date):
        failed += report_warnings(item)
        result = item if isinstance(item, PageError) else read_page(item)
        if isinstance(result, PageError) or result.error:
            failed += 1
            report_error(str(result) if isinstance(result, PageError) else str(result.error))
            continue
        _print_result(result, format, out)
    if failed:
        raise typer.Exit(code=1)


def report_warnings(item: RawPage | PageError) -> int:
    """One line on stderr for each thing reading refused in a page it still read; how many."""
    if isinstance(item, PageError):
        return 0
    for warning in item.warnings:
        err.print(f"[yellow]warning[/yellow]: {item.origin or item.id}: read: {warning}",
                  markup=True, highlight=False)
    return len(item.warnings)


def _print_result(result: PageResult, format: OutputFormat, out: Console) -> None:
    if format is OutputFormat.jsonl:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        print_page_summary(result, out)


Db = Annotated[str | None, typer.Option(
    "--db", help="Database: a SQLite file (default sitrep.db, or $SITREP_DB) or postgresql://... URL.")]


@app.command()
def ingest(
    paths: Paths,
    db: Db = None,
    published: Published = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Pages per transaction.")] = 50,
    engine: Annotated[str, typer.Option(help="local (this process) or ray (Ray Data workers).")] = "local",
    address: Annotated[str | None, typer.Option(
        help="Ray cluster: ray://HOST:PORT, HOST:PORT or auto; default: start Ray here.")] = None,
    out: Annotated[str | None, typer.Option(
        help="With --engine ray: write Parquet shards here (then `sitrep load-shards DIR`).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Ray workers (default: the CPUs).")] = None,
) -> None:
    """Read pages and store them, their mentions and the merged events in the database."""
    base_date = parse_date_option(published, "--published")
    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"{engine!r}: use local or ray", param_hint="--engine")
    if engine == "ray":
        from sitrep.scale.run import RayOptions
        from sitrep.terminal.commands import run_ray_ingest

        options = RayOptions(address=address, workers=workers, published=base_date, out=out, db=db,
                             store_batch=batch_size)
        raise typer.Exit(code=run_ray_ingest(paths, options, err))
    if address or out or workers:
        raise typer.BadParameter("--address, --out and --workers need --engine ray", param_hint="--engine")
    from sitrep.terminal.commands import run_ingest

    raise typer.Exit(code=run_ingest(paths, db, base_date, err, batch_size=batch_size))


@app.command("load-shards")
def load_shards(
    folder: Annotated[str, typer.Argument(help="A folder of shards from `ingest --engine ray --out`.")],
    db: Db = None,
) -> None:
    """Store the Parquet shards of pages and mentions of an `--out` run in the database."""
    from sitrep.terminal.commands import run_load_shards

    raise typer.Exit(code=run_load_shards(folder, db, err))




@app.command()
def events(
    db: Db = None,
    country: Annotated[str | None, typer.Option(help="Country name or ISO3 code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="ACLED event type.")] = None,
    sub_type: Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, typer.Option(help="west,south,east,north in degrees.")] = None,
    text: Annotated[str | None, typer.Option(help="Words in places, actors, notes or evidence.")] = None,
    min_fatalities: Annotated[int | None, typer.Option(help="At least this many deaths.")] = None,
    certainty: Annotated[str | None, typer.Option(help="reported, claimed or disputed.")] = None,
    # Checked against the store's registry of exporters when the command runs (importing it here
    # would load pyarrow for every command).
    format: Annotated[str, typer.Option(
        "--format", "-f", help="table, or an export format of the store (csv, geojson, parquet).")] = "table",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    sort: Annotated[str, typer.Option(help="-date, date, -fatalities, fatalities, -reports, ...")] = "-date",
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events.")] = None,
) -> None:
    """Query the event database: print a table, or export CSV (ACLED columns), GeoJSON or Parquet."""
    from sitrep.store.filters import EventFilter, QueryError, parse_bbox
    from sitrep.store.query import SORTS, Sort
    from sitrep.terminal.commands import FORMATS, run_events

    if format not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    if sort not in SORTS:
        raise typer.BadParameter(f"one of {', '.join(SORTS)}", param_hint="--sort")
    try:
        box = parse_bbox(bbox)
    except QueryError as error:
        raise typer.BadParameter(str(error), param_hint="--bbox") from None
    filters = EventFilter(country=country, event_type=type, sub_event_type=sub_type, actor=actor, text=text,
                          since=parse_date_option(since, "--since"),
                          until=parse_date_option(until, "--until"), bbox=box,
                          min_fatalities=min_fatalities, certainty=certainty)
    chosen: Sort = sort  # type: ignore[assignment]  # checked against SORTS above
    raise typer.Exit(code=run_events(filters, db, format, output, chosen, limit, err))


@app.command()
def serve(
    context: typer.Context,
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="SITREP_TOKEN", help="Bearer token for writes (POST /api/pages); better given by "
                                    "$SITREP_TOKEN or --token-file, which other users cannot see.")] = None,
    token_file: Annotated[str | None, typer.Option(
        help="Read the bearer token from this file (its first line).")] = None,
    token_read: Annotated[bool, typer.Option("--token-read", help="Reads need the token too.")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Server processes.")] = 1,
) -> None:
    """Serve the web app (map, event cards) and the REST API on the stored events."""
    from sitrep.web.serve import read_token_file, run_server

    if token_file is not None:
        token = read_token_file(token_file, err)
        if token is None:
            raise typer.Exit(code=2)
    elif token and getattr(context.get_parameter_source("token"), "name", "") == "COMMANDLINE":
        err.print("[yellow]warning[/yellow]: --token on the command line is visible to every user of this "
                  "machine (ps, /proc); use $SITREP_TOKEN or --token-file", markup=True, highlight=False)
    raise typer.Exit(code=run_server(db, host, port, token, token_read, workers, err))


@app.command()
def watch(
    sources: Annotated[list[str] | None, typer.Argument(
        help="RSS/Atom feed or sitemap URLs, files listing URLs, folders to watch.",
        show_default=False)] = None,
    sources_file: Annotated[str | None, typer.Option(
        "--sources", help="A TOML file of sources (url or path, name, interval, language).")] = None,
    db: Db = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every source once, ingest what is new, exit.",
                                       )] = False,
    status: Annotated[bool, typer.Option("--status", help="Print each source's state and exit.")] = False,
    interval: Annotated[float | None, typer.Option(min=1, help="Seconds between polls (default 300).",
                                                   )] = None,
    contact: Annotated[str | None, typer.Option(envvar="SITREP_CONTACT",
                                                help="A contact URL put in the User-Agent.")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a request may take in all.")] = 15.0,
    retries: Annotated[int, typer.Option(min=0, help="Retries after a 5xx, 429 or refused connection.")] = 2,
    host_delay: Annotated[float, typer.Option(min=0, help="Seconds between two requests to a host.")] = 1.0,
    concurrency: Annotated[int, typer.Option(min=1, help="Articles fetched at once.")] = 8,
) -> None:
    """Follow feeds, sitemaps, URL lists and folders; ingest new articles as `ingest` does."""
    from sitrep.terminal.watch import print_status, run_watch
    from sitrep.watch.fetch import FetchSettings
    from sitrep.watch.loop import WatchOptions

    if status:
        wide = None if sys.stdout.isatty() else 200  # a file or a pipe: no terminal to fit
        raise typer.Exit(code=print_status(db, Console(highlight=False, width=wide)))
    fetch = FetchSettings(contact=contact, timeout_s=timeout, retries=retries, host_delay_s=host_delay)
    options = WatchOptions(once=once, fetch=fetch, concurrency=concurrency)
    raise typer.Exit(code=run_watch(sources or [], sources_file, db, options, err, interval))


@app.command()
def geoparse(
    file: Annotated[str, typer.Argument(help="JSONL: id, text, optionally toponyms (start, end).")],
    given_spans: Annotated[bool, typer.Option("--given-spans", help="Resolve the given spans only.")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.jsonl,
) -> None:
    """Find and resolve the place names of texts; one JSON line per input line."""
    from sitrep.geo.geoparse import geoparse_lines, write_results

    with (open(file, encoding="utf-8") if file != "-" else sys.stdin) as lines:
        write_results(geoparse_lines(lines, given_spans, report_error), format.value)


def main() -> None:
    """Entry point for `python -m sitrep`."""
    app()


if __name__ == "__main__":
    main()

