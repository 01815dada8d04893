"""What the last sync of the index saw, so a no-change sync is answered
without importing SQLAlchemy: a local SQLite index is not even opened, an
index on a PostgreSQL server is asked two questions (:mod:`plansync.index.served`).

Like git's index: the state file records each plan file's size,
modification time and inode as they were *before* its content was hashed,
plus the hash. A later sync trusts a file whose stat is the same and which
was not modified within a moment of the recording (a "racily clean" file
is hashed again); any other file is read and hashed, so a change is always
found by content. The state also records the index file's own stat, the
plansync and schema versions, the settings and the installed plugins (for a
server: its generation and fingerprint instead of the file's stat): if
any differ, the sync takes the normal path. The file is written only after
the index transaction committed; a missing, stale or unreadable state just
means the normal path.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
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
    database: Path | None,
    files: dict[str, Seen],
    extensions: tuple[str, ...],
    problem_files: int,
    started_ns: int,
    server: dict[str, str | None] | None = None,
) -> None:
    """Record what a committed sync saw (best effort: a failure only costs speed).

    ``database``: the local SQLite file; ``server``: for an index on a
    server, its generation and fingerprint as the sync's transaction saw them.
    """
    try:
        own = digest(database) if database is not None else None  # first: reading may create the empty write-ahead log
        state = {
            # A server's URL may carry a password: only its digest is kept.
            "url": url if database is not None else _hidden(url),
            "database": _database_stat(database) if database is not None else None,
            "server": server,
            "digest": own,
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


#: What :func:`unchanged` answers for an index changed outside plansync.
DAMAGED: dict[str, int] = {"damaged": 1}


def unchanged(repo: PlanRepo, url: str, database: Path) -> dict[str, int] | None:
    """The sync report when nothing changed since the recorded sync, else None
    (also when the state file is missing, damaged or of another layout)."""
    try:
        db = _database_stat(database)
    except OSError:
        return None
    state = store.read(repo.root, "sync", signature(repo))
    if state is None or not _sound(state):
        return None
    if state.get("url") != url:
        return None
    # The file's stat can stay while its content changes (a dropped table
    # lives in the write-ahead log first): the index's own digest decides.
    # The state is forgotten before every sync, so a digest that differs
    # from the recorded one is a change made outside plansync.
    if state.get("digest") is not None and state.get("digest") != digest(database):
        return DAMAGED
    if state.get("database") != db:
        return None
    return _files_unchanged(repo, state)


def unchanged_on_server(repo: PlanRepo, url: str) -> dict[str, int] | None:
    """:func:`unchanged` for an index on a PostgreSQL server: nobody synced
    since (same generation) and nothing changed it outside plansync (same
    fingerprint, else :data:`DAMAGED`)."""
    state = store.read(repo.root, "sync", signature(repo))
    if state is None or not _sound(state) or state.get("url") != _hidden(url):
        return None
    recorded = state.get("server")
    if not isinstance(recorded, dict) or not recorded.get("generation"):
        return None
    from plansync.index import served  # ctypes and libpq: only for an index on a server

    asked = served.ask(url)
    if asked is None or asked[0] != recorded["generation"]:
        return None
    if asked[1] != recorded.get("fingerprint"):
        return DAMAGED
    return _files_unchanged(repo, state)


def _hidden(url: str) -> str:
    return "sha256:" + hashlib.sha256(url.encode("utf-8", errors="surrogatepass")).hexdigest()


def _files_unchanged(repo: PlanRepo, state: dict) -> dict[str, int] | None:
    """The report when every plan file is as the state recorded it, else None."""
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


def _database_stat(database: Path) -> list[int | None]:
    """The index file's stat, and its write-ahead log's (where recent
    changes live until a checkpoint)."""
    db = database.stat()
    try:
        wal = os.stat(f"{database}-wal")
        wal_stat: list[int | None] = [wal.st_size, wal.st_mtime_ns, wal.st_ino]
    except OSError:
        wal_stat = [None, None, None]
    return [db.st_size, db.st_mtime_ns, db.st_ino, *wal_stat]


def digest(database: Path) -> str | None:
    """A digest of what the index holds: its schema and every table's row
    count (a dropped or emptied table changes it); None when unreadable."""
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        counts = [
            (name, connection.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0])
            for kind, name, _sql in rows
            if kind == "table"
        ]
        return hashlib.sha256(repr((rows, counts)).encode("utf-8", errors="surrogatepass")).hexdigest()
    except sqlite3.Error:
        return None
    finally:
        connection.close()


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
