"""Finding the repository and loading it for a command.

The command owns the plugin registry: it opens the repository with the
registry's formats, and everything below reads and writes through them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from plansync.load.workspace import Workspace
    from plansync.plugins.manager import Registry
    from plansync.repo.repository import PlanRepo


def registry() -> Registry:
    """The plugins' registry, loaded on first use (``--help`` loads none)."""
    from plansync.plugins.manager import get_registry  # entry points load only for a command that reads files

    return get_registry()


def open_repo(ctx: click.Context) -> PlanRepo:
    from plansync.load.repository import open_repository  # not imported by --help

    repo_path = (ctx.find_root().obj or {}).get("repo_path")
    if repo_path:
        return open_repository(Path(repo_path), registry(), search=False)
    return open_repository(None, registry())


def open_workspace(ctx: click.Context, revision: str | None = None) -> Workspace:
    """The repository's files: the work tree, or those of ``revision``."""
    from plansync.load.workspace import load_workspace  # not imported by --help

    repo = open_repo(ctx)
    if revision is not None:
        from plansync.load.revision import RevisionSource  # only with --at

        source = RevisionSource(repo.root, revision)
        try:
            return load_workspace(repo, source)  # reads every file now
        finally:
            source.close()
    return load_workspace(repo)


def db_url(ctx: click.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("db_url")
