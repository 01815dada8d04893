"""Finding the repository and loading it for a command.

The command owns the plugin registry: it opens the repository with the
registry's formats, and everything below reads and writes through them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from plansync.formats.format import Format
    from plansync.load.workspace import Workspace
    from plansync.plugins.manager import Registry
    from plansync.repo.repository import PlanRepo


def registry() -> Registry:
    """The plugins' registry, loaded on first use (``--help`` loads none)."""
    from plansync.plugins.manager import (
        get_registry,  # entry points load only for a command that reads files
    )

    return get_registry()


class PluginFormats:
    """The registry's formats, asked for only when a file must be read: a
    command answered from its caches (a no-op sync) loads no plugin."""

    @property
    def format_by_extension(self) -> Mapping[str, Format]:
        return registry().format_by_extension

    @property
    def extensions(self) -> tuple[str, ...]:
        return registry().extensions


def given_repo_path(ctx: click.Context) -> str | None:
    """The --repo given, before or after the command; None: search from here.

    Shell completion parses without running the group's callback, so the
    value may still be only in the root context's params."""
    root = ctx.find_root()
    return (root.obj or {}).get("repo_path") or root.params.get("repo_path")


def open_repo(ctx: click.Context) -> PlanRepo:
    from plansync.load.repository import open_repository  # not imported by --help

    repo_path = given_repo_path(ctx)
    if repo_path:
        return open_repository(Path(repo_path), PluginFormats(), search=False)
    return open_repository(None, PluginFormats())


#: The collector's thresholds in a process that runs one command (Python's
#: default: 700, 10, 10). A command reads its caches as a few hundred
#: thousand small objects that live until it ends; by the default they were
#: scanned in ~160 passes, 0.04-0.06 s of a one-change sync at 5,000 files
#: (~0.003 s at these). Cycles are still collected, every 100,000
#: allocations instead of 700.
ONE_COMMAND_GC_THRESHOLD = (100_000, 100, 100)

#: Set by :func:`for_one_command`: this process runs one command and exits.
one_shot = False


def for_one_command() -> None:
    """The garbage-collection policy of a process that runs one command and
    exits (``plansync ...``, not ``serve`` or the tests' in-process
    commands): fewer passes throughout, and none over the loaded workspace
    (:func:`loading_for_process`)."""
    global one_shot
    one_shot = True
    gc.set_threshold(*ONE_COMMAND_GC_THRESHOLD)


@contextmanager
def loading_for_process() -> Iterator[None]:
    """Load without the cyclic collector, then leave what was loaded out of
    its later passes, in a process that runs one command.

    A workspace is a few objects per file, none of them garbage until the
    process ends; at 50,000 files the collector's passes over them (while
    they are made, while the engine makes its many small numbers, and at
    exit) were a third of `plan`'s CPU time (still 0.13 s of 0.76 s with the
    thresholds above). A process that loads again and again (`serve`, the
    tests' in-process commands) keeps the collector as it is: a frozen
    workspace would never be collected there."""
    if not one_shot:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def open_workspace(ctx: click.Context, revision: str | None = None) -> Workspace:
    """The repository's files: the work tree, or those of ``revision``."""
    from plansync.load.workspace import load_workspace  # not imported by --help

    repo = open_repo(ctx)
    with loading_for_process():
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
