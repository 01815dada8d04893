"""The one cache key: what, besides the files themselves, decides what
plansync computes from them. Every cache section is stored under a key
from :func:`key`, so all of it is dropped when any of that changes."""

from __future__ import annotations

import hashlib
import os
import sys
import time
from functools import cache
from pathlib import Path

from plansync import __version__
from plansync.cache.store import settled as store_settled
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


#: The installed plugins as last listed, with the search path they were
#: listed from: (path entries and their modification times, plugins).
_plugins_seen: tuple[tuple, list[str]] | None = None


def _search_path() -> tuple:
    """Each entry of ``sys.path`` with its modification time: installing or
    removing a distribution adds or removes a folder in one of them."""
    stamps = []
    for entry in sys.path:
        try:
            stamps.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            stamps.append((entry, None))
    return tuple(stamps)


def installed_plugins() -> list[str]:
    """The ``plansync`` entry points, listed again only when the search path
    or one of its folders changed (one command asks three times, a served
    repository on every request; each listing reads every distribution's
    metadata, ~20 ms)."""
    global _plugins_seen
    from importlib.metadata import entry_points  # only when a cache is read

    where = _search_path()
    if _plugins_seen is not None and _plugins_seen[0] == where:
        return _plugins_seen[1]
    plugins = sorted(f"{ep.name}={ep.value}" for ep in entry_points(group="plansync"))
    # A folder changed within the clock's resolution may change again
    # without a new mtime (the one racy-stat rule): not remembered then.
    now = time.time_ns()
    settled = all(mtime is None or store_settled(mtime, now) for _entry, mtime in where)
    _plugins_seen = (where, plugins) if settled else None
    return plugins


def signature(repo: PlanRepo) -> str:
    """The key of what the repository's settings and installed plugins make
    of its files (the files and sync sections)."""
    plugins = installed_plugins()
    return key(
        repr(repo.settings),
        # Bad settings fall back to the defaults: their problems tell them apart.
        repr(repo.settings_problems),
        os.environ.get("PLANSYNC_LOAD_PLUGINS", "*"),
        *plugins,
    )
