"""``plansync sync`` and ``plansync query``."""

from __future__ import annotations

import click

from plansync.cli.context import db_url, loading_for_process, open_repo
from plansync.cli.options import output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.progress import progress_bar
from plansync.cli.usage import Command
from plansync.index.urls import index_url


def _notify(line: str) -> None:
    click.echo(line, err=True)


def _sync(repo, url: str | None, *, rebuild: bool = False, history: bool = False, progress=None):  # type: ignore[no-untyped-def]
    from plansync.index.update import (
        update_index,  # the database layer loads only for index commands
    )

    with loading_for_process():  # a sync's caches and files are read as a workspace is
        return update_index(repo, url, _notify, rebuild=rebuild, history=history, progress=progress)


@click.command(cls=Command)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Drop the index and build it again from the files (also replaces another repository's index).",
)
@click.option("--history", is_flag=True, help="Also index every committed version of every plan file (table versions).")
@output_format
@click.pass_context
def sync(ctx: click.Context, rebuild: bool, history: bool, output_format: str) -> None:
    """Bring the SQL index up to date with the plan files.

    Only files whose content changed since the last sync are read again.
    Files with problems are listed and left out of the index until fixed
    (exit code 1); everything else is indexed. The index is a cache:
    deleting .plansync/ and syncing again gives the same rows.

    With --history, every committed version of every plan file is indexed
    too (table versions: commit_sha, committed_at, author, path, kind, slug,
    content as JSON, removed), incrementally over new commits.

    The index records its repository (repository_id in plansync.yaml, else
    the git root commit): a sync of another repository into it is refused,
    naming both, unless --rebuild. Repositories share a PostgreSQL server
    through a database or a schema each (?options=-csearch_path%3DNAME).

    \b
    Examples:
      plansync sync
      plansync sync --rebuild --format json
      plansync sync --history
      plansync --db postgresql+psycopg://team@db/plans sync
      plansync --db 'postgresql+psycopg://team@db/plans?options=-csearch_path%3Dholidays' sync
    """
    repo = open_repo(ctx)
    update, stop = progress_bar("syncing")
    try:
        report = _sync(repo, db_url(ctx), rebuild=rebuild, history=history, progress=update)
    finally:
        stop()
    data = report.to_json()
    if output_format == "json":
        click.echo(to_json(data))
    elif output_format == "table":
        for problem in report.problems:
            click.echo(problem.format(), err=True)
        if report.rebuilt and rebuild:
            click.echo(f"rebuilt the index: {report.rebuilt}", err=True)
        summary = ", ".join(f"{value} {key}" for key, value in data.items() if key != "problems")
        click.echo(f"synced: {summary}" + (f"; {data['problems']} file(s) with problems left out" if data["problems"] else ""))
    else:
        emit(Report(data, [Table(list(data), [list(data.values())])]), output_format)
    if report.problem_files:
        ctx.exit(1)


@click.command(cls=Command)
@click.argument("sql")
@output_format
@click.pass_context
def query(ctx: click.Context, sql: str, output_format: str) -> None:
    """Run a read-only SQL query on the index (synced first).

    Tables are named by kind (recipes, finished_units, events, ...) with
    child rows in their own tables (recipe_ingredients, event_recipients,
    production_runs, ...). Writes are refused by the database itself.

    \b
    Examples:
      plansync query "SELECT slug, name FROM recipes ORDER BY name"
      plansync query "SELECT event, SUM(batches) FROM production_runs GROUP BY event" --format json
    """
    from plansync.index.readonly import run_read_only  # SQLAlchemy: only when a query runs

    repo = open_repo(ctx)
    report = _sync(repo, db_url(ctx))
    if report.problem_files:
        _notify(f"note: {report.problem_files} file(s) with problems are not in the index (plansync validate)")
    columns, rows = run_read_only(index_url(repo, db_url(ctx)), sql, timeout=repo.settings.query_timeout)
    data = {"columns": columns, "rows": [dict(zip(columns, row)) for row in rows]}
    emit(Report(data, [Table(columns, [list(r) for r in rows])], empty_message="(no rows)"), output_format)
