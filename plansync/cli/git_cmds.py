"""``plansync history`` and ``plansync diff``: git as the audit trail."""

from __future__ import annotations

from typing import Any

import click

from plansync.audit.decode import appended
from plansync.audit.entitydiff import diff_workspaces
from plansync.audit.fielddiff import show
from plansync.audit.history import history as read_history
from plansync.cli.completion import event_slugs
from plansync.cli.context import open_repo
from plansync.cli.options import output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.usage import Command
from plansync.git.io import check_revision
from plansync.load.revision import RevisionSource
from plansync.load.workspace import load_workspace

_MARKS = {"A": "+", "D": "-"}


@click.command(cls=Command)
@click.argument("target", metavar="[EVENT|PATH]", required=False, shell_complete=event_slugs)
@click.option("--limit", "-n", type=click.IntRange(min=1), metavar="N", help="Show at most N commits (the newest).")
@output_format
@click.pass_context
def history(ctx: click.Context, target: str | None, limit: int | None, output_format: str) -> None:
    """The audit trail from git: commits and what they changed, newest first.

    With EVENT (a slug), the commits touching that event's folder; with a
    PATH (file or folder), those touching it; with neither, the whole plan
    repository. Each commit lists its changes as plansync reads them from
    the files: plan_state transitions, amendments, production and assembly
    runs, snapshots written, recipient fulfillment, shopping marked done,
    and any other file added, removed or changed (with its changed fields).
    A version that does not parse is shown as changed. Paths are relative
    to the plan repository, even when it is a folder of a larger git
    repository.

    \b
    Example:
      plansync history christmas-2026
      plansync history catalog/recipes/sugar-cookies.yaml --limit 5
      plansync history --format json
    """

    result = read_history(open_repo(ctx), target, limit)
    if output_format == "json":
        click.echo(to_json(result.to_json()))
        return
    if output_format == "table":
        click.echo("\n".join(_history_lines(result)) or f"no commits touch {result.scope.label}")
        return
    rows = []
    for entry in result.entries:
        commit = entry.commit
        head = [commit.short, commit.date, commit.author, commit.subject]
        changes = [[*head, c["path"], c["kind"], c["change"], c["summary"]] for c in entry.changes]
        rows += changes or [[*head, None, None, None, None]]
    table = Table(["commit", "date", "author", "subject", "path", "kind", "change", "summary"], rows)
    emit(Report(result.to_json(), [table]), output_format)


def _history_lines(result: Any) -> list[str]:
    lines: list[str] = []
    for entry in result.entries:
        commit = entry.commit
        if lines:
            lines.append("")
        lines += [f"{commit.short}  {commit.date}  {commit.author}", f"    {commit.subject}"]
        statuses = {c.path: c.status for c in commit.changes}
        for change in entry.changes:
            mark = _MARKS.get(statuses.get(change["path"], ""), "~")
            lines.append(f"  {mark} {change['path']}: {change['summary']}")
    return lines


@click.command(cls=Command)
@click.argument("revision", metavar="REV")
@click.argument("revision2", metavar="[REV2]", required=False)
@output_format
@click.pass_context
def diff(ctx: click.Context, revision: str, revision2: str | None, output_format: str) -> None:
    """Entities added, removed and changed between two git revisions.

    Without REV2, between REV and the work tree (uncommitted and untracked
    files included). Entities are matched by kind and slug (files without
    a slug, such as inventory, runs, amendments and snapshots, by path).
    First one line per entity (+ added, - removed, ~ changed) and the
    counts, then each changed entity's fields, old -> new, with list items
    by index (finished_goods.0.quantity) and (none) for a missing key.
    Nothing is checked out: both sides are read from git objects.

    \b
    Example:
      plansync diff HEAD~1
      plansync diff v1 v2 --format json
      plansync diff main~3 main
    """

    check_revision(revision)
    if revision2 is not None:
        check_revision(revision2)
    repo = open_repo(ctx)
    old_source = RevisionSource(repo.root, revision)
    new_source = RevisionSource(repo.root, revision2) if revision2 is not None else None
    try:
        result = diff_workspaces(load_workspace(repo, old_source), load_workspace(repo, new_source))
    finally:
        old_source.close()
        if new_source is not None:
            new_source.close()
    data = {"from": old_source.commit, "to": new_source.commit if new_source else None, **result.to_json()}
    if output_format == "json":
        click.echo(to_json(data))
        return
    if output_format == "table":
        click.echo("\n".join(_diff_lines(result)))
        return
    entities = [["+", e.kind, e.slug, e.path] for e in result.added]
    entities += [["-", e.kind, e.slug, e.path] for e in result.removed]
    entities += [["~", c.entity.kind, c.entity.slug, c.entity.path] for c in result.changed]
    fields = [
        [c.entity.kind, c.entity.slug, c.entity.path, f.field, show(f.old), show(f.new)] for c in result.changed for f in c.fields
    ]
    tables = [
        Table(["change", "kind", "slug", "path"], entities, title="Entities"),
        Table(["kind", "slug", "path", "field", "old", "new"], fields, title="Fields"),
    ]
    emit(Report(data, tables, empty_message="no changes"), output_format)


def _diff_lines(result: Any) -> list[str]:
    lines = []
    for entity in result.added:
        lines.append(f"+ {entity.label}")
        lines += [f"  + {line}" for line in appended(entity.kind, None, entity.data)]
    lines += [f"- {e.label}" for e in result.removed]
    for change in result.changed:
        lines.append(f"~ {change.entity.label}")
        lines += [f"  + {line}" for line in change.appended]
    if lines:
        lines.append("")
    lines.append(result.counts())
    for change in result.changed:
        entity = change.entity
        where = f" ({entity.path})" if entity.slug is not None else ""
        lines += ["", f"~ {entity.label}{where}"]
        lines += [f"    {f.line()}" for f in change.fields]
    return lines
