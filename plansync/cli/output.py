"""Printing results: one report, four formats.

A command builds a :class:`Report`: the JSON document (the contract of
design.md) and the tables a person reads. ``json`` prints the document;
``table`` draws the tables with rich (imported only then); ``csv`` and
``markdown`` print the same tables as text.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from typing import Any

import click

from plansync.engine.celltext import cell_text
from plansync.formats.jsontext import to_json


@dataclass(frozen=True)
class Bar:
    """A percentage drawn as a progress bar in tables, a number elsewhere."""

    pct: float

    def __str__(self) -> str:
        return f"{self.pct:g}%"


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None


@dataclass
class Report:
    data: Any
    tables: list[Table] = field(default_factory=list)
    #: Lines printed after the tables in table format (warnings, totals).
    notes: list[str] = field(default_factory=list)
    #: Printed instead of an empty table.
    empty_message: str | None = None


def _markdown(table: Table) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = []
    if table.title:
        lines += [f"### {table.title}", ""]
    lines.append("| " + " | ".join(escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(escape(cell_text(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([cell_text(v) for v in row])
    return out.getvalue()


def _rich_tables(report: Report) -> None:
    from rich.console import Console
    from rich.progress_bar import ProgressBar
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    for table in report.tables:
        rich_table = RichTable(title=table.title, title_justify="left", show_lines=False)
        for column in table.columns:
            rich_table.add_column(column)
        for row in table.rows:
            cells: list[Any] = []
            for value in row:
                if isinstance(value, Bar):
                    bar = ProgressBar(total=100, completed=min(value.pct, 100), width=20)
                    grid = RichTable.grid(padding=(0, 1))
                    grid.add_row(bar, Text(str(value)))
                    cells.append(grid)
                else:
                    cells.append(Text(cell_text(value)))
            rich_table.add_row(*cells)
        console.print(rich_table)


def emit(report: Report, output_format: str) -> None:
    if output_format == "json":
        click.echo(to_json(report.data))
        return
    tables = [t for t in report.tables if t.rows]
    if output_format == "markdown":
        # A line right under a table would be read as one more row of it.
        click.echo("".join(_markdown(t) + "\n" for t in tables), nl=False)
    elif output_format == "csv":
        click.echo("\n".join(_csv(t) for t in tables), nl=False)
    elif tables:
        if sys.stdout.isatty():
            _rich_tables(Report(report.data, tables))
        else:
            # Piped or captured: plain aligned text, no terminal codes.
            for table in tables:
                click.echo(_plain(table))
    if not tables and report.empty_message and output_format != "csv":
        click.echo(report.empty_message)
    if output_format in ("table", "markdown"):
        for note in report.notes:
            click.echo(note)


def _ascii_bar(bar: Bar, width: int = 20) -> str:
    filled = round(width * min(max(bar.pct, 0), 100) / 100)
    return f"[{'#' * filled}{'.' * (width - filled)}] {bar}"


def _plain(table: Table) -> str:
    rows = [[_ascii_bar(v) if isinstance(v, Bar) else cell_text(v) for v in row] for row in table.rows]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(table.columns)]
    lines = []
    if table.title:
        lines.append(table.title)
    lines.append("  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines) + "\n"
