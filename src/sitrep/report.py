"""Readable terminal summaries of page results (the `table` output format)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sitrep.model import PageResult

_PREVIEW = 160


def print_page_summary(result: PageResult, out: Console) -> None:
    """Title, counts, the body's start, the comment thread and the events of one page."""
    page = result.page
    if page is None:
        return
    out.rule(f"[bold]{page.id}[/bold]")
    out.print(f"[bold]title[/bold]      {page.title or '—'}")
    published = page.published.isoformat() if page.published else "unknown"
    out.print(f"[bold]published[/bold]  {published}    [bold]language[/bold] {page.language or '?'}")
    out.print(f"[bold]body[/bold]       {len(page.paragraphs)} paragraphs, "
              f"{len(page.body.split())} words; boilerplate {len(page.boilerplate)} lines; "
              f"comments {len(page.comments)}")
    if page.paragraphs:
        first = page.paragraphs[0].text
        out.print(f"           [dim]{first[:_PREVIEW]}{'…' if len(first) > _PREVIEW else ''}[/dim]")
    for index, comment in enumerate(page.comments):
        indent = "  " if comment.parent is not None else ""
        reply = f" ↳ #{comment.parent}" if comment.parent is not None else ""
        snippet = comment.text.replace("\n", " ")[:80]
        out.print(f"  {indent}#{index} [cyan]{comment.author or 'anonymous'}[/cyan]{reply}: "
                  f"[dim]{snippet}[/dim]")
    for note in page.notes:
        out.print(f"[yellow]note[/yellow]: {note}")
    if result.mentions:
        out.print(_events_table(result))
    else:
        out.print("[dim]no events[/dim]")


def _events_table(result: PageResult) -> Table:
    table = Table(show_lines=False, pad_edge=False)
    for column in ("date", "type / sub-type", "actor1", "actor2", "place", "dead", "who says so"):
        table.add_column(column)
    for mention in result.mentions:
        data = mention.to_json()
        who = data["certainty"] + (f" ({data['source']})" if data["source"] else "")
        table.add_row(str(data["event_date"]), f"{data['event_type']} / {data['sub_event_type']}",
                      str(data["actor1"] or "—"), str(data["actor2"] or "—"),
                      str(data["location"] or "—"), str(data["fatalities"]), who)
    return table
