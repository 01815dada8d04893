"""``plansync validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from plansync.cli.context import open_workspace
from plansync.cli.options import at_revision, output_format
from plansync.cli.output import Report, Table, emit
from plansync.cli.usage import Command
from plansync.engine.wording import counted
from plansync.validation.runner import validate as run_validation

if TYPE_CHECKING:
    from plansync.load.workspace import Workspace


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path())
@output_format
@at_revision
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], output_format: str, revision: str | None) -> None:
    """Check plan files: schema, references and domain rules.

    Every problem is reported in one run as `path:line:col: severity:
    message [rule]`. The whole repository is always loaded (references
    cross files); PATHS (files or folders) limit what is reported.
    Exit code 0: clean or warnings only; 1: errors.

    \b
    Examples:
      plansync validate
      plansync validate catalog/recipes --format json
    """

    workspace = open_workspace(ctx, revision)
    problems = run_validation(workspace)
    files = workspace.files
    if paths:
        wanted = [workspace.repo.relative(p) for p in paths]
        problems = [p for p in problems if _named(p.path, wanted)]
        files = _files_named(workspace, wanted)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    report = Report(
        {"files": files, "problems": [p.to_json() for p in problems]},
        [Table(["path", "line", "column", "severity", "code", "message"],
               [[p.path, p.line, p.column, p.severity, p.code, p.message] for p in problems])],
    )  # fmt: skip
    if output_format == "table":
        for problem in problems:
            click.echo(problem.format())
    else:
        emit(report, output_format)
    if output_format != "json":
        # The verdict is the command's answer, clean or not: on stdout after
        # the problems, except in CSV, whose stdout is only rows.
        verdict = f"{counted(files, 'file')} checked: {errors} error(s), {warnings} warning(s)"
        click.echo(verdict, err=output_format == "csv")
    if errors:
        ctx.exit(1)


def _named(path: str, wanted: list[str]) -> bool:
    return any(w in (".", "") or path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)


def _files_named(workspace: Workspace, wanted: list[str]) -> int:
    """The plan files PATHS name: each listed file either parsed into a
    document or left a load problem on its path."""
    listed = {d.path for d in workspace.documents} | {p.path for p in workspace.problems}
    return sum(1 for path in listed if _named(path, wanted))
