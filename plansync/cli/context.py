"""Finding the repository and loading it for a command."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from plansync.repo.repository import PlanRepo

if TYPE_CHECKING:
    from plansync.load.workspace import Workspace


def open_repo(ctx: click.Context) -> PlanRepo:
    repo_path = (ctx.find_root().obj or {}).get("repo_path")
    if repo_path:
        return PlanRepo.open(Path(repo_path))
    return PlanRepo.find()


def open_workspace(ctx: click.Context, revision: str | None = None) -> Workspace:
    """The repository's files: the work tree, or those of ``revision``."""
    from plansync.load.workspace import load_workspace

    repo = open_repo(ctx)
    source = None
    if revision is not None:
        from plansync.git.io import RevisionSource

        source = RevisionSource(repo.root, revision)
        try:
            return load_workspace(repo, source)  # reads every file now
        finally:
            source.close()
    return load_workspace(repo, source)


def db_url(ctx: click.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("db_url")
