"""``plansync sync`` and ``plansync query``."""

from __future__ import annotations

import click

from plansync.cli.context import db_url, open_repo
from plansync.cli.options import output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.progress import progress_bar


def _notify(line: str) -> None:
    click.echo(line, err=True)


def _sync(repo, url: str | None, *, rebuild: bool = False, history: bool = False, progress=None):  # type: ignore[no-untyped-def]
    """The command owns the engine and the session; the library does the work.

    A local SQLite index that nothing changed since its last sync is
    answered from the recorded state, without importing SQLAlchemy.
    """
    from plansync.index import state
    from plansync.index.urls import index_url, is_sqlite, sqlite_path
    from plansync.index.report import SyncReport
    from plansync.store.locks import FileLock

    resolved = index_url(repo, url)
    database = sqlite_path(resolved) if is_sqlite(resolved) else None
    if database is not None and not (rebuild or history):
        quick = state.unchanged(repo, resolved, database)
        if quick is not None:
            return SyncReport.unchanged_files(quick["unchanged"], quick["problems"])

    from plansync.plugins.manager import get_registry
    from plansync.load.workspace import start_loading

    with FileLock(repo.state_dir, "sync", notify=_notify):
        started = state.now_ns()
        state.forget(repo)
        # Files are parsed (on every core) while the database layer loads.
        pending = start_loading(repo)
        from plansync.index.service import open_index, session_for
        from plansync.index.sync import sync as sync_files

        engine = open_index(resolved, _notify, own_folder=repo.state_dir)
        try:
            with session_for(engine) as session:
                report = sync_files(session, repo, rebuild=rebuild, workspace=pending.finish(progress))
                if history:
                    from plansync.index.history import sync_history

                    done = sync_history(session, repo)
                    again = " (history was rewritten: indexed again)" if done.rebuilt else ""
                    _notify(f"history: {done.commits} new commit(s), {done.versions} file version(s){again}")
        finally:
            engine.dispose()
        if report.rebuilt and not rebuild:  # said whatever the command and format
            _notify(f"rebuilt the index: {report.rebuilt}")
        if database is not None:
            state.remember(repo, resolved, database, report.seen, get_registry().extensions, report.problem_files, started)
    return report


@click.command()
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again from the files.")
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

    \b
    Examples:
      plansync sync
      plansync sync --rebuild --format json
      plansync sync --history
      plansync --db postgresql+psycopg://team@db/plans sync
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


@click.command()
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
    from plansync.index.urls import index_url
    from plansync.index.readonly import run_read_only

    repo = open_repo(ctx)
    report = _sync(repo, db_url(ctx))
    if report.problem_files:
        _notify(f"note: {report.problem_files} file(s) with problems are not in the index (plansync validate)")
    columns, rows = run_read_only(index_url(repo, db_url(ctx)), sql)
    data = {"columns": columns, "rows": [dict(zip(columns, row)) for row in rows]}
    emit(Report(data, [Table(columns, [list(r) for r in rows])], empty_message="(no rows)"), output_format)
