"""What, besides the files themselves, decides what plansync computes from
them: caches keyed on this are dropped when any of it changes."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from plansync import __version__
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


def signature(repo: PlanRepo) -> str:
    from importlib.metadata import entry_points

    from plansync.repo import schemas

    plugins = sorted(f"{ep.name}={ep.value}" for ep in entry_points(group="plansync"))
    parts = [
        __version__,
        code_stamp(),
        schemas.schema_version(),
        repr(repo.settings),
        # Bad settings fall back to the defaults: their problems tell them apart.
        repr(repo.settings_problems),
        os.environ.get("PLANSYNC_LOAD_PLUGINS", "*"),
        *plugins,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
