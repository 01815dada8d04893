"""``plansync init``."""

from __future__ import annotations

from pathlib import Path

import click

from plansync.lifecycle.init import init_repository
from plansync.cli.context import open_repo
from plansync.cli.usage import Command
from plansync.lifecycle.init_example import first_commit, write_example
from plansync.lifecycle.init_templates import KINDS, write_template


@click.command(cls=Command)
@click.argument("path", type=click.Path(file_okay=False), default=".")
@click.option("--example", is_flag=True, help="Write the example catalog and events instead of an empty repository.")
def init(path: str, example: bool) -> None:
    """Create a new plan repository in PATH (default: here).

    Writes plansync.yaml, the catalog and events folders, an empty
    inventory, a .gitignore for the local index, and the JSON Schemas in
    .schemas/ (every YAML file's first line points its editor at them).
    Runs `git init` when PATH is not inside a git repository, and commits
    the new files when that repository has no commit yet. With --example
    the repository holds the example catalog and two events, ready for
    `plansync plan christmas-2026`.

    \b
    Example:
      plansync init holiday-plans
      plansync init try-it --example
    """

    root = Path(path)
    if example:
        written = write_example(root)
        sha = first_commit(root, "plansync init --example")
        click.echo(f"created the example plan repository in {root} ({len(written)} files)")
        if sha:
            click.echo(f"committed {sha[:12]}")
        click.echo(f"\nNext: plansync --repo {root} plan christmas-2026")
        return
    created = init_repository(root)
    schemas = [c for c in created if c.startswith(".schemas/")]
    for item in created:
        if not item.startswith(".schemas/"):
            click.echo(f"created {item}")
    if schemas:
        click.echo(f"created .schemas/ ({len(schemas)} JSON Schemas for editor completion)")
    sha = first_commit(root, "plansync init")
    if sha:
        click.echo(f"committed {sha[:12]}")
    click.echo(f"\nA new plan repository is ready in {root}. Next: add recipes under catalog/recipes/, then `plansync validate`.")


@click.command(cls=Command)
@click.argument("kind", metavar="KIND", type=click.Choice(KINDS), help=f"One of: {', '.join(KINDS)}.")
@click.argument("slug")
@click.option("--name", help="The display name (default: the slug in words).")
@click.pass_context
def new(ctx: click.Context, kind: str, slug: str, name: str | None) -> None:
    """Write a template file for a new KIND named SLUG.

    The file has the editor modeline, every required field and the
    optional ones commented out. References name example slugs: replace
    them with yours, then `plansync validate`. Refuses a slug in use.

    \b
    Example:
      plansync new recipe gingerbread-cookies --name "Gingerbread cookies"
    """

    repo = open_repo(ctx)
    relative = write_template(repo.root, kind, slug, name)
    click.echo(f"created {relative}")
