"""``plansync init``."""

from __future__ import annotations

from pathlib import Path

import click

from plansync.lifecycle.init import init_repository


@click.command()
@click.argument("path", type=click.Path(file_okay=False), default=".")
def init(path: str) -> None:
    """Create a new plan repository in PATH (default: here).

    Writes plansync.yaml, the catalog and events folders, an empty
    inventory, a .gitignore for the local index, and the JSON Schemas in
    .schemas/ (every YAML file's first line points its editor at them).
    Runs `git init` when PATH is not inside a git repository.

    \b
    Example:
      plansync init holiday-plans
    """

    root = Path(path)
    created = init_repository(root)
    schemas = [c for c in created if c.startswith(".schemas/")]
    for item in created:
        if not item.startswith(".schemas/"):
            click.echo(f"created {item}")
    if schemas:
        click.echo(f"created .schemas/ ({len(schemas)} JSON Schemas for editor completion)")
    click.echo(f"\nA new plan repository is ready in {root}. Next: add recipes under catalog/recipes/, then `plansync validate`.")
