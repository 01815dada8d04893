"""The one cache key: what, besides the files themselves, decides what
plansync computes from them. Every cache section is stored under a key
from :func:`key`, so all of it is dropped when any of that changes."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from plansync import __version__
from plansync.repo import schemas
from plansync.repo.repository import PlanRepo


@cache
def code_stamp() -> str:
    """The newest modification time of plansync's own modules: an edited
    checkout (same version number, new rules) must not reuse old results."""
    newest = 0
    for folder, _dirs, files in os.walk(Path(__file__).parent.parent):
        for name in files:
            if name.endswith(".py"):
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
    return str(newest)


def key(*parts: str) -> str:
    """A key over plansync's version, code and schemas and ``parts``."""
    digest = hashlib.sha256("\n".join((__version__, code_stamp(), schemas.schema_version(), *parts)).encode())
    return digest.hexdigest()


def signature(repo: PlanRepo) -> str:
    """The key of what the repository's settings and installed plugins make
    of its files (the files and sync sections)."""
    from importlib.metadata import entry_points  # only when a cache is read: ~20 ms

    plugins = sorted(f"{ep.name}={ep.value}" for ep in entry_points(group="plansync"))
    return key(
        repr(repo.settings),
        # Bad settings fall back to the defaults: their problems tell them apart.
        repr(repo.settings_problems),
        os.environ.get("PLANSYNC_LOAD_PLUGINS", "*"),
        *plugins,
    )
