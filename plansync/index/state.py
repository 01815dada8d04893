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
import json
import os
import time
from pathlib import Path

from plansync.cache.fingerprint import signature
from plansync.cache.loadcache import Seen
from plansync.repo.repository import PlanRepo

STATE_FILE = "sync-state.json"
#: A file modified this close to the recording may have changed again in
#: the same clock tick without changing its stat: never trust it.
RACY_NS = 2_000_000_000


def _state_path(repo: PlanRepo) -> Path:
    return repo.state_dir / STATE_FILE


def forget(repo: PlanRepo) -> None:
    try:
        _state_path(repo).unlink()
    except FileNotFoundError:
        pass


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
    from plansync.store.atomic import write_atomic

    try:
        db = database.stat()
        state = {
            "url": url,
            "signature": signature(repo),
            "database": [db.st_size, db.st_mtime_ns, db.st_ino],
            "extensions": list(extensions),
            "problem_files": problem_files,
            "recorded_ns": started_ns,
            "files": {path: [s.size, s.mtime_ns, s.ctime_ns, s.inode, s.sha256] for path, s in files.items()},
        }
        write_atomic(_state_path(repo), json.dumps(state, separators=(",", ":")))
    except Exception:  # only speed is lost: the next sync takes the normal path
        forget(repo)


def unchanged(repo: PlanRepo, url: str, database: Path) -> dict[str, int] | None:
    """The sync report when nothing changed since the recorded sync, else None
    (also when the state file is missing, damaged or of another layout)."""
    try:
        state = json.loads(_state_path(repo).read_bytes())
        db = database.stat()
    except (OSError, ValueError):
        return None
    if not _sound(state):
        return None
    if state.get("url") != url or state.get("database") != [db.st_size, db.st_mtime_ns, db.st_ino]:
        return None
    if state.get("signature") != signature(repo):
        return None
    from plansync.load.sources import WorkTree

    source = WorkTree(repo.root)
    paths, problems = source.list_files(tuple(state["extensions"]))
    recorded = state["files"]
    if problems or len(paths) != len(recorded):
        return None
    racy_after = state["recorded_ns"] - RACY_NS
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
        if recorded_seen.matches(stat) and max(stat.st_mtime_ns, stat.st_ctime_ns) < racy_after:
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
