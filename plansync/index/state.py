"""What the last sync of the index saw, so a no-change sync is answered
without importing SQLAlchemy: a local SQLite index is not even opened, an
index on a PostgreSQL server is asked two questions (:mod:`plansync.index.served`).

Like git's index: the state file records each plan file's size,
modification time and inode as they were *before* its content was hashed,
plus the hash. A later sync trusts a file whose stat is the same and which
was not modified within a moment of the recording (a "racily clean" file
is hashed again); any other file is read and hashed, so a change is always
found by content.

The records are kept per folder, so the cost of the check follows what
changed. Like git's untracked cache, a folder whose own stat (taken before
it was listed) is unchanged and settled is not listed again: adding,
removing or renaming an entry changes a folder's modification time, while
editing a file changes only the file's, so every file is still stat'ed (one
system call each: the floor without a file-watching daemon). A folder
holding a symlink is always listed again. Each folder's file stats are
compared through one digest; only a folder whose digest differs (a touch, a
racily clean file) decodes its per-file records and hashes what moved.

The state also records the index file's own stat, the
plansync and schema versions, the settings and the installed plugins (for a
server: its generation and fingerprint instead of the file's stat): if
any differ, the sync takes the normal path. The file is written only after
the index transaction committed; a missing, stale or unreadable state just
means the normal path.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from itertools import repeat
from pathlib import Path

from plansync.cache import store
from plansync.cache.keys import signature
from plansync.cache.store import Seen
from plansync.errors import Problem
from plansync.load.sources import FileStat, Folder, WorkTree, folder_record, suffixes_of
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
    listing: Listing | None = None,
) -> None:
    """Record what a committed sync saw (best effort: a failure only costs speed).

    ``database``: the local SQLite file; ``server``: for an index on a
    server, its generation and fingerprint as the sync's transaction saw them;
    ``listing``: the sync's own :meth:`WorkTree.list_folders` (else the tree
    is listed again). Its folders' stats were taken before the files were
    read: whatever came or went since shows in them, so the next check lists
    that folder again and finds it.
    """
    try:
        own = digest(database) if database is not None else None  # first: reading may create the empty write-ahead log
        folders = _folder_records(repo, files, extensions, started_ns, listing)
        if folders is None:  # the tree moved since the sync listed it: no fast answer until the next sync
            forget(repo)
            return
        state = {
            # A server's URL may carry a password: only its digest is kept.
            "url": url if database is not None else _hidden(url),
            "database": _database_stat(database) if database is not None else None,
            "server": server,
            "digest": own,
            "extensions": list(extensions),
            "problem_files": problem_files,
            "recorded_ns": started_ns,
            "folders": folders,
        }
    except OSError:  # only speed is lost: the next sync takes the normal path
        forget(repo)
        return
    if not store.write(repo.root, "sync", signature(repo), state):
        forget(repo)


#: What :meth:`WorkTree.list_folders` returns: paths, problems, folders by prefix.
Listing = tuple[list[str], list[Problem], dict[str, Folder]]


def _folder_records(
    repo: PlanRepo, files: dict[str, Seen], extensions: tuple[str, ...], started_ns: int, listing: Listing | None
) -> dict[str, list] | None:
    """Per folder (by prefix): its stat, whether it holds a link, its plan
    files' and subfolders' names, the digest of its files' stats (None when
    one of them was racily clean) and the files' records as JSON text
    (decoded only when the digest differs); None when the tree no longer
    holds exactly the synced files (or a listing problem is met)."""
    paths, problems, listed = listing if listing is not None else WorkTree(repo.root).list_folders(extensions)
    if problems or len(paths) != len(files) or not all(path in files for path in paths):
        return None
    records: dict[str, list] = {}
    for prefix, folder in listed.items():
        seen = [files[prefix + name] for name in folder.files]
        stats = [(s.size, s.mtime_ns, s.ctime_ns, s.inode) for s in seen]
        detail = json.dumps([[*stat, s.sha256] for stat, s in zip(stats, seen)], separators=(",", ":"))
        records[prefix] = [*folder_record(folder), store.settled_digest(stats, repeat(started_ns)), detail]
    return records


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
    folders: dict[str, list] = state["folders"]
    checked_ns = state["recorded_ns"]

    def same(prefix: str, names: list[str], stats: list[FileStat]) -> bool:
        stat_digest, detail = folders[prefix][6:]
        if stat_digest is not None and store.stat_digest(stats) == stat_digest:
            return True
        return _folder_unchanged(repo, source, prefix, names, stats, detail, checked_ns)

    files = source.unchanged_since(folders, suffixes_of(tuple(state["extensions"])), checked_ns, same)
    if files is None:
        return None
    return {"added": 0, "changed": 0, "removed": 0, "unchanged": files, "problems": state["problem_files"]}


def _folder_unchanged(
    repo: PlanRepo, source: WorkTree, prefix: str, names: list[str], stats: list[FileStat],
    detail: str, checked_ns: int,
) -> bool:  # fmt: skip
    """Whether a folder's files whose stats moved (or were racily clean)
    still hold the recorded content."""
    try:
        rows = json.loads(detail)
    except ValueError:
        return False
    if not isinstance(rows, list) or len(rows) != len(names):
        return False
    for name, now, row in zip(names, stats, rows):
        if not (isinstance(row, list) and len(row) == 5 and isinstance(row[4], str)):
            return False
        recorded = Seen(*row)
        if (recorded.size, recorded.mtime_ns, recorded.ctime_ns, recorded.inode) == now and store.settled(
            max(now[1], now[2]), checked_ns
        ):
            continue
        try:
            content = source.read(prefix + name, repo.settings.max_file_bytes)
        except Exception:
            return False
        if hashlib.sha256(content).hexdigest() != recorded.sha256:
            return False
    return True


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


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sound(state: object) -> bool:
    """Whether a state file has the layout :func:`remember` writes."""
    if not isinstance(state, dict):
        return False
    extensions, folders = state.get("extensions"), state.get("folders")
    numbers = (state.get("problem_files"), state.get("recorded_ns"))
    if not store.is_name_list(extensions) or not all(map(_is_int, numbers)) or not isinstance(folders, dict):
        return False
    return all(
        store.sound_folder_record(record) and len(record) == 8 and type(record[7]) is str for record in folders.values()
    )


def now_ns() -> int:
    return time.time_ns()
