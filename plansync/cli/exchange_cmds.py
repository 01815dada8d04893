"""``plansync import``, ``export``, ``formats`` and ``plugins``."""

from __future__ import annotations

from pathlib import Path

import click

from plansync.cli.completion import event_slugs
from plansync.cli.context import open_repo, open_workspace
from plansync.cli.options import commit_option, output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.progress import progress_bar
from plansync.cli.usage import Command
from plansync.engine.wording import counted
from plansync.errors import RefusedError
from plansync.git.commit import Committer
from plansync.lifecycle.eventlock import EventLock
from plansync.lifecycle.importing import ImportAborted, apply_import, plan_import
from plansync.plugins.manager import (
    get_plugin_manager,
    get_registry,
    plugin_distributions,
)
from plansync.store.atomic import write_atomic, write_into_folder

_MARKS = {"create": "+", "update": "~", "unchanged": "="}


@click.command("import", cls=Command)
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--from", "importer_name", required=True, metavar="FORMAT", help="Importer to read SOURCE with (plansync formats).")
@click.option("--dry-run", is_flag=True, help="List what would be written; write nothing.")
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="With --dry-run: exit 0 when there is nothing to do, 2 when changes are pending, 1 on problems.",
)
@commit_option
@output_format
@click.pass_context
def import_(
    ctx: click.Context,
    source: str,
    importer_name: str,
    dry_run: bool,
    detailed_exitcode: bool,
    commit: bool | None,
    output_format: str,
) -> None:
    """Import a foreign file into the repository as plan files.

    Each file is checked against its schema before it is written. A bad
    record is reported by name and left out; the others are written, and
    the exit code is 1. Existing files are updated in place, keeping their
    comments. --commit (or auto_commit: true in plansync.yaml) commits
    exactly the files written, as "import FORMAT: N file(s) from FILE";
    it refuses, writing nothing, when one of them has uncommitted edits.
    The files are written all or none: an import that fails while writing
    (a full disk) changes no file and says what it would have written.

    \b
    Examples:
      plansync import export.json --from json --dry-run
      plansync import export.json --from json --commit
      plansync import export.json --from json
    """

    repo = open_repo(ctx)
    committer = Committer.for_command(repo, False if dry_run else commit)
    sha = None
    importers = get_registry().importers
    if importer_name not in importers:
        known = ", ".join(sorted(importers)) or "none"
        raise RefusedError(f"no importer named {importer_name!r} (importers: {known}; see plansync formats)")
    update, stop = progress_bar("importing")
    # EventLock: the lock that also finishes (or undoes) an import killed mid-write.
    with EventLock(repo, "repository"):
        try:
            outcome = plan_import(repo, importers[importer_name], Path(source), progress=update)
        finally:
            stop()
        if not dry_run:
            written = [f.path for f in outcome.files if f.action != "unchanged"]
            committer.precheck(written)
            try:
                apply_import(repo, outcome)
            except ImportAborted as aborted:
                _report_aborted(aborted, output_format)
                raise
            sha = committer.commit(written, f"import {importer_name}: {len(written)} file(s) from {Path(source).name}")
    if output_format == "json":
        click.echo(to_json({"dry_run": dry_run, **outcome.to_json(), "commit": sha}))
    else:
        for problem in outcome.problems:
            click.echo(f"problem: {problem.format()}", err=True)
        for note in outcome.notes:
            click.echo(f"note: {note}", err=True)
        for rendered in outcome.files:
            if rendered.action != "unchanged" or dry_run:
                click.echo(f"{_MARKS[rendered.action]} {rendered.path}")
        created, updated, kept = (outcome.count(action) for action in ("create", "update", "unchanged"))
        done = (
            f"would create {created}, update {updated}, leave {kept} unchanged"
            if dry_run
            else f"created {created}, updated {updated}, left {kept} unchanged"
        )
        click.echo(f"{done}; {counted(len(outcome.problems), 'record')} with problems")
        if sha:
            click.echo(f"committed {sha[:7]}")
    if outcome.problems:
        ctx.exit(1)
    if dry_run and detailed_exitcode and outcome.pending:
        ctx.exit(2)


def _report_aborted(aborted: ImportAborted, output_format: str) -> None:
    """The summary of an import that wrote nothing (the error line follows)."""
    outcome = aborted.outcome
    if output_format == "json":
        click.echo(to_json({"dry_run": False, "written": False, "error": aborted.message, **outcome.to_json(), "commit": None}))
        return
    for problem in outcome.problems:
        click.echo(f"problem: {problem.format()}", err=True)
    for note in outcome.notes:
        click.echo(f"note: {note}", err=True)
    created, updated, kept = (outcome.count(action) for action in ("create", "update", "unchanged"))
    click.echo(
        f"nothing written: would have created {created}, updated {updated}, left {kept} unchanged; "
        f"{counted(len(outcome.problems), 'record')} with problems"
    )


@click.command(cls=Command)
@click.option("--to", "exporter_name", required=True, metavar="FORMAT", help="Exporter to write with: json, csv, markdown (plansync formats).")
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    help="Write to this file instead of stdout; for csv, the folder to write the CSV files into.",
)
@click.option(
    "--event",
    metavar="EVENT",
    shell_complete=event_slugs,
    help="Export only this event and what it reaches, instead of everything.",
)
@click.pass_context
def export(ctx: click.Context, exporter_name: str, output: str | None, event: str | None) -> None:
    """Export the repository, or one event, through an exporter.

    `--to json` writes the whole repository as one deterministic document;
    `plansync import --from json` of it in an empty repository recreates
    the same files byte for byte. `--to csv --output DIR` writes one CSV
    file per index table (header row, rows sorted by key) into DIR.
    `--to markdown` writes a readable document: per event its plan,
    shopping list, packaging and packages. With `--event`, only that event
    and every definition it reaches (an event-scoped json export imports
    into an empty repository and validates clean).

    \b
    Examples:
      plansync export --to json --output plans.json
      plansync export --to json --event christmas-2026 --output christmas.json
      plansync export --to csv --output tables/
      plansync export --to markdown --event christmas-2026 --output christmas.md
    """

    exporters = get_registry().exporters
    if exporter_name not in exporters:
        known = ", ".join(sorted(exporters)) or "none"
        raise RefusedError(f"no exporter named {exporter_name!r} (exporters: {known}; see plansync formats)")
    exporter = exporters[exporter_name]
    if exporter.folder and not output:
        raise click.UsageError(f"--to {exporter_name} writes a folder of files: name it with --output DIR")
    workspace = open_workspace(ctx)
    if event is not None:
        workspace.event(event)
    exported = exporter.export(workspace, event)
    if exporter.folder:
        if not isinstance(exported, dict):
            raise RefusedError(f"exporter {exporter_name!r} returned no files")
        written = write_into_folder(Path(output or "."), exported)
        click.echo(f"wrote {len(written)} file(s) into {output}", err=True)
    elif not isinstance(exported, str):
        raise RefusedError(f"exporter {exporter_name!r} returned no text")
    elif output:
        write_atomic(Path(output), exported)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(exported, nl=False)


@click.command(cls=Command)
@output_format
def formats(output_format: str) -> None:
    """List file formats, importers and exporters, and the plugin of each.

    \b
    Example:
      plansync formats
    """

    registry = get_registry()
    rows = [["format", f.name, " ".join(f.extensions), registry.owner("format", f.name)] for f in registry.formats.values()]
    rows += [["importer", i.name, i.description, registry.owner("importer", i.name)] for i in registry.importers.values()]
    rows += [["exporter", e.name, e.description, registry.owner("exporter", e.name)] for e in registry.exporters.values()]
    data = [{"type": r[0], "name": r[1], "detail": r[2], "plugin": r[3]} for r in rows]
    emit(Report(data, [Table(["type", "name", "detail", "plugin"], rows)]), output_format)


@click.command(cls=Command)
@output_format
def plugins(output_format: str) -> None:
    """List loaded plugins, what each registers, and plugins that failed.

    \b
    Example:
      PLANSYNC_LOAD_PLUGINS=my-plugin plansync plugins
    """

    pm = get_plugin_manager()
    registry = get_registry()
    distributions = plugin_distributions()
    rows = []
    for name, plugin in pm.list_name_plugin():
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        origin = distributions.get(name, "built in" if name.startswith("plansync.") else "")
        rows.append([name, origin, ", ".join(hooks), "ok"])
    rows += [[f.plugin, "", "", f"FAILED: {f.message}"] for f in registry.failures]
    data = [{"plugin": r[0], "distribution": r[1], "hooks": r[2].split(", ") if r[2] else [], "status": r[3]} for r in rows]
    emit(Report(data, [Table(["plugin", "distribution", "hooks", "status"], rows)]), output_format)
