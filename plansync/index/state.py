"""What the last sync of a local SQLite index saw, so a no-change sync is
answered without opening the database (or importing SQLAlchemy).

Like git's index: the state file records each plan file's size,
modification time and inode as they were *before* its content was hashed,
plus the hash. A later sync trusts a file whose stat is the same and which
was not modified within a moment of the recording (a "racily clean" file
is hashed again); any other file is read and hashed, so a change is always
found by content. The state also records the index file's own stat, the
plansync and schema versions, the settings and the installed plugins: if
any differ, the sync takes the normal path. The file is written only after
the index transaction committed; a missing, stale or unreadable state just
means the normal path.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from plansync.cache import store
from plansync.cache.keys import signature
from plansync.cache.store import Seen
from plansync.load.sources import WorkTree
from plansync.repo.repository import PlanRepo


def forget(repo: PlanRepo) -> None:
    store.forget(repo.root, "sync")


def remember(
    repo: PlanRepo,
    url: str,
    database: Path,
    files: dict[str, Seen],
    extensions: tuple[str, ...],
    problem_files: int,
    started_ns: int,
) -> None:
    """Record what a committed sync saw (best effort: a failure only costs speed)."""
    try:
        db = database.stat()
        state = {
            "url": url,
            "database": [db.st_size, db.st_mtime_ns, db.st_ino],
            "extensions": list(extensions),
            "problem_files": problem_files,
            "recorded_ns": started_ns,
            "files": {path: [s.size, s.mtime_ns, s.ctime_ns, s.inode, s.sha256] for path, s in files.items()},
        }
    except OSError:  # only speed is lost: the next sync takes the normal path
        forget(repo)
        return
    if not store.write(repo.root, "sync", signature(repo), state):
        forget(repo)


def unchanged(repo: PlanRepo, url: str, database: Path) -> dict[str, int] | None:
    """The sync report when nothing changed since the recorded sync, else None
    (also when the state file is missing, damaged or of another layout)."""
    try:
        db = database.stat()
    except OSError:
        return None
    state = store.read(repo.root, "sync", signature(repo))
    if state is None or not _sound(state):
        return None
    if state.get("url") != url or state.get("database") != [db.st_size, db.st_mtime_ns, db.st_ino]:
        return None

    source = WorkTree(repo.root)
    paths, problems = source.list_files(tuple(state["extensions"]))
    recorded = state["files"]
    if problems or len(paths) != len(recorded):
        return None
    root = str(repo.root) + os.sep
    for path in paths:
        seen = recorded.get(path)
        if seen is None:
            return None
        try:
            stat = os.stat(root + path)
        except OSError:
            return None
        recorded_seen = Seen(*seen)
        if store.trusted(recorded_seen, stat, state["recorded_ns"]):
            continue
        try:
            content = source.read(path, repo.settings.max_file_bytes)
        except Exception:
            return None
        if hashlib.sha256(content).hexdigest() != recorded_seen.sha256:
            return None
    return {"added": 0, "changed": 0, "removed": 0, "unchanged": len(paths), "problems": state["problem_files"]}


def _sound(state: object) -> bool:
    """Whether a state file has the layout :func:`remember` writes."""
    if not isinstance(state, dict):
        return False
    extensions, files = state.get("extensions"), state.get("files")
    numbers = (state.get("problem_files"), state.get("recorded_ns"))
    if not isinstance(extensions, list) or not all(isinstance(e, str) for e in extensions):
        return False
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers) or not isinstance(files, dict):
        return False
    return all(
        isinstance(seen, list) and len(seen) == 5 and isinstance(seen[4], str)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in seen[:4])
        for seen in files.values()
    )  # fmt: skip


def now_ns() -> int:
    return time.time_ns()
