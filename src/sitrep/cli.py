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

from sitrep.model import PageError, PageResult
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
        result = item if isinstance(item, PageError) else read_page(item)
        if isinstance(result, PageError) or result.error:
            failed += 1
            report_error(str(result) if isinstance(result, PageError) else str(result.error))
            continue
        _print_result(result, format, out)
    if failed:
        raise typer.Exit(code=1)


def _print_result(result: PageResult, format: OutputFormat, out: Console) -> None:
    if format is OutputFormat.jsonl:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        print_page_summary(result, out)


def main() -> None:
    """Entry point for `python -m sitrep`."""
    app()


if __name__ == "__main__":
    main()

