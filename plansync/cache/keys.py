"""The one cache key: what, besides the files themselves, decides what
plansync computes from them. Every cache section is stored under a key
from :func:`key`, so all of it is dropped when any of that changes."""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from plansync import __version__
from plansync.cache import store
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


#: The installed plugins as last listed, with what the search path held
#: then (:func:`_search_path`).
_plugins_seen: tuple[tuple, list[str]] | None = None
#: Repositories whose cache holds the listing in ``_plugins_seen``: one
#: listed before any repository was named (the plugin registry asks first)
#: is still kept in the first repository that asks.
_kept_in: set[Path] = set()
#: Set by :func:`forget_plugins`: the next listing skips the stored one.
_listing_forgotten = False


def _search_path() -> tuple:
    """What of ``sys.path`` decides the installed distributions: in each
    folder, every distribution's metadata folder and its entry points' file
    stamp (installing, removing, upgrading or reinstalling one changes it);
    any other entry (a zip) by its own stamp. Not a folder's own mtime: it
    moves with any file made beside (``python -m`` run from /tmp puts /tmp
    first on the path, where the worker pool makes its temporary folder)."""
    stamps: list = []
    for entry in sys.path:
        folder = entry or "."
        try:
            names = sorted(name for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info")))
        except NotADirectoryError:
            stamps.append((entry, _stamp(folder)))
            continue
        except OSError:
            stamps.append((entry, None))
            continue
        stamps.append((entry, [(name, _stamp(os.path.join(folder, name, "entry_points.txt"))) for name in names]))
    return tuple(stamps)


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size


def installed_plugins(root: Path | None = None) -> list[str]:
    """The ``plansync`` entry points, listed again only when what the search
    path holds (:func:`_search_path`) changed or :func:`forget_plugins` was
    called: a sync asks three times, a served repository on every request,
    and a listing imports :mod:`importlib.metadata` and reads every
    distribution's metadata (~25 ms; the check ~1 ms). With ``root``, the
    listing is kept in that repository's cache under the same stamps, so a
    command that lists nothing else starts without it."""
    global _plugins_seen, _listing_forgotten
    where = _search_path()  # before the listing: a distribution added during it changes this
    if _plugins_seen is not None and _plugins_seen[0] == where:
        listed = _plugins_seen[1]
        if root is not None and root not in _kept_in:
            _keep(root, where, listed)
        return listed
    stamp = key("plugins", repr(where))
    stored = None if root is None or _listing_forgotten else store.read(root, "plugins", stamp)
    listed = stored.get("plugins") if stored is not None else None
    _kept_in.clear()
    if isinstance(listed, list) and all(isinstance(name, str) for name in listed):
        _kept_in.add(root)  # type: ignore[arg-type]
    else:
        from importlib.metadata import entry_points  # only when the search path changed

        listed = sorted(f"{ep.name}={ep.value}" for ep in entry_points(group="plansync"))
        if root is not None:
            _keep(root, where, listed)
    _plugins_seen, _listing_forgotten = (where, listed), False
    return listed


def _keep(root: Path, where: tuple, listed: list[str]) -> None:
    store.write(root, "plugins", key("plugins", repr(where)), {"plugins": listed}, create=True)
    _kept_in.add(root)


def forget_plugins() -> None:
    """List the installed plugins again next time, from the distributions
    themselves (the plugin manager's reset)."""
    global _plugins_seen, _listing_forgotten
    _plugins_seen, _listing_forgotten = None, True
    _kept_in.clear()


def signature(repo: PlanRepo) -> str:
    """The key of what the repository's settings and installed plugins make
    of its files (the files and sync sections)."""
    plugins = installed_plugins(repo.root)
    return key(
        repr(repo.settings),
        # Bad settings fall back to the defaults: their problems tell them apart.
        repr(repo.settings_problems),
        os.environ.get("PLANSYNC_LOAD_PLUGINS", "*"),
        *plugins,
    )
