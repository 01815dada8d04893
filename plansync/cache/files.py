"""The files section: parsed files and validation results, kept between runs.

The section (git-ignored, like the index; see :mod:`plansync.cache.store`) keeps, per plan
file, the stat it had before its content was hashed, the hash, the parsed
data, and the file's own located problems (syntax, schema). A later run
trusts an entry whose file has the same size, mtime, ctime and inode and
was not modified within a moment of being checked (a "racily clean" file
is hashed again); a file whose content hash still matches keeps its data
without being parsed. It also keeps the problems of the last whole-
repository validation under a fingerprint of every file's hash, so the
planning commands do not run every rule again when nothing changed.
And it keeps the folders as last listed, each with one digest of its
files' recorded stats: a folder whose own stat stands is not listed again,
and a folder whose files' stats give the same digest is proven unchanged
in one comparison (:meth:`LoadCache.folder_trusted`), as the sync state
does for a no-change sync.

Everything is dropped when the plansync code, schemas, settings or
installed plugins change (:func:`plansync.cache.keys.signature`). A
missing or damaged cache only costs time; a damaged entry is dropped alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

from plansync.cache import store
from plansync.cache.keys import signature
from plansync.cache.store import Seen
from plansync.errors import Problem
from plansync.repo.repository import PlanRepo

#: Entry layout: [size, mtime_ns, ctime_ns, inode, sha256, checked_ns,
#: data as JSON text (decoded only when used), kind, slug, problems, valid]
_SIZE, _MTIME, _CTIME, _INODE, _SHA, _CHECKED, _DATA, _KIND, _SLUG, _PROBLEMS, _VALID = range(11)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sound_problem_row(row: Any) -> bool:
    return (
        isinstance(row, list) and len(row) == 5 and isinstance(row[0], str) and isinstance(row[1], str)
        and row[2] in ("error", "warning") and (row[3] is None or _is_int(row[3])) and (row[4] is None or _is_int(row[4]))
    )  # fmt: skip


_TEXT_OR_NONE = (str, type(None))
#: The exact types of an entry's fields (JSON gives no subclasses, and a
#: bool where a number belongs is damage), checked in one comparison.
_ENTRY_TYPES = (int, int, int, int, str, int)


#: The layout of nearly every entry (a file with data, kind and slug), told in one comparison.
_COMMON_TYPES = (*_ENTRY_TYPES, str, str, str, list, bool)


def _sound_entry(entry: Any) -> bool:
    """Whether a cache entry has the layout this code writes."""
    if type(entry) is not list or len(entry) != 11:
        return False
    types = tuple(map(type, entry))
    if types == _COMMON_TYPES:
        return not entry[_PROBLEMS] or all(map(_sound_problem_row, entry[_PROBLEMS]))
    if types[:_DATA] != _ENTRY_TYPES or types[_PROBLEMS] is not list or types[_VALID] is not bool:
        return False
    if types[_DATA] not in _TEXT_OR_NONE or types[_KIND] not in _TEXT_OR_NONE or types[_SLUG] not in _TEXT_OR_NONE:
        return False
    return all(map(_sound_problem_row, entry[_PROBLEMS]))


def _sound_results(results: Any) -> bool:
    if not isinstance(results, dict) or not isinstance(results.get("fingerprint"), str):
        return False
    rows = results.get("problems")
    return isinstance(rows, list) and all(
        isinstance(row, list) and len(row) == 6 and isinstance(row[0], str) and _sound_problem_row(row[1:]) for row in rows
    )


def _problem_row(problem: Problem) -> list:
    return [problem.code, problem.message, problem.severity, problem.line, problem.column]


def _problem(path: str, row: list) -> Problem:
    return Problem(path, row[0], row[1], row[2], row[3], row[4])


def _sound_folders(listed: Any) -> bool:
    """Whether the recorded folders have the layout :meth:`LoadCache.remember_folders` writes."""
    if type(listed) is not dict or not _is_int(listed.get("at")) or type(listed.get("records")) is not dict:
        return False
    return all(store.sound_folder_record(record) and len(record) == 7 for record in listed["records"].values())


class LoadCache:
    def __init__(self, repo: PlanRepo) -> None:
        self.repo = repo
        repo.state_dir  # refuses a .plansync that is a link or a file, with its message
        self.signature = signature(repo)
        self.entries: dict[str, list] = {}
        self.results: dict[str, Any] = {}
        #: The folders as the last load listed them: prefix -> a
        #: :func:`~plansync.load.sources.folder_record` plus the digest of its
        #: files' recorded stats (None when one was not settled), and when.
        self.folders: dict[str, list] = {}
        self.folders_ns = 0
        self.dirty = False
        self.now_ns = time.time_ns()
        #: The stored base this cache was read from, and the paths whose
        #: entries differ from it (its delta's and this run's): see save.
        self.generation: str | None = None
        self.changed: set[str] = set()

    @classmethod
    def open(cls, repo: PlanRepo) -> LoadCache:
        cache = cls(repo)
        stored, delta = store.read_split(repo.root, "files", cache.signature)
        if stored is not None:
            # A damaged cache (wrong types, a foreign file) is worth nothing,
            # entry by entry: what does not look exactly right is dropped.
            # Entries are checked when first used (see entry): a command
            # reading a few files does not pay for checking thousands.
            files = stored.get("files")
            if isinstance(files, dict):
                cache.entries = files
                cache.generation = stored.get("generation")
            cache.dirty = not isinstance(files, dict)
            changed = delta.get("files") if delta is not None and cache.generation is not None else None
            if isinstance(changed, dict):
                cache._apply(changed)
                stored = delta  # its results and folders are the later ones
            results = stored.get("results")
            if _sound_results(results):
                cache.results = results
            listed = stored.get("folders")
            if _sound_folders(listed):
                cache.folders, cache.folders_ns = listed["records"], listed["at"]
        return cache

    def _apply(self, changed: dict[str, Any]) -> None:
        """The entries a delta changed over the base (None: the file is gone)."""
        for path, entry in changed.items():
            if entry is None:
                self.entries.pop(path, None)
            else:
                self.entries[path] = entry
        self.changed = set(changed)

    # --- files ------------------------------------------------------------

    def entry(self, path: str) -> list | None:
        """The entry for ``path``, without a stat check (for a file
        :meth:`folder_trusted` proved); a damaged one (wrong types, a foreign
        file) is worth nothing and is dropped."""
        entry = self.entries.get(path)
        if entry is None or _sound_entry(entry):
            return entry
        del self.entries[path]
        self.changed.add(path)
        self.dirty = True
        return None

    def entries_of(self, paths: list[str]) -> list[list | None]:
        """:meth:`entry` of each path (one call for a folder's files)."""
        get = self.entries.get
        found: list[list | None] = []
        for path in paths:
            entry = get(path)
            found.append(entry if entry is None or _sound_entry(entry) else self.entry(path))
        return found

    def trusted(self, path: str, stat: tuple[int, int, int, int]) -> list | None:
        """The entry for ``path`` if its stat (size, mtime, ctime, inode)
        proves the file unchanged."""
        entry = self.entry(path)
        if entry is None:
            return None
        # store.trusted's rule, on the entry's fields (5,000 Seen objects cost more than the check)
        same = entry[_SIZE:_SHA] == list(stat)
        return entry if same and store.settled(max(stat[1], stat[2]), entry[_CHECKED]) else None

    def folder_trusted(self, prefix: str, names: list[str], stats: list[tuple[int, int, int, int] | None]) -> bool:
        """Whether the folder's files, as stat'ed now, are each :meth:`trusted`:
        one digest for the folder (the record's digest covers only entries
        that were settled when written)."""
        record = self.folders.get(prefix)
        return (
            record is not None and record[6] is not None and record[4] == names and None not in stats
            and store.stat_digest(stats) == record[6]
        )  # fmt: skip

    def remember_folders(self, listed: dict[str, list], listed_ns: int) -> None:
        """Record the folders as listed (by prefix, each a
        :func:`~plansync.load.sources.folder_record`, their stats taken after
        ``listed_ns``) with the digest of their files' entries, for
        :meth:`folder_trusted` and the next listing
        (:meth:`~plansync.load.sources.WorkTree.list_known_folders`)."""
        records: dict[str, list] = {}
        for prefix, record in listed.items():
            entries = [self.entries.get(prefix + name) for name in record[4]]
            found = None
            if None not in entries:
                stats = [tuple(entry[_SIZE:_SHA]) for entry in entries]  # type: ignore[index]
                found = store.settled_digest(stats, [entry[_CHECKED] for entry in entries])  # type: ignore[index]
            records[prefix] = [*record, found]
        # Also when the records are the same but one becomes settled only as
        # of this listing: else that folder would be listed again every time.
        newly_settled = any(
            store.settled(max(r[0], r[1]), listed_ns) and not store.settled(max(r[0], r[1]), self.folders_ns)
            for r in records.values()
        )
        if records != self.folders or newly_settled:
            self.folders, self.folders_ns, self.dirty = records, listed_ns, True

    def forget_folders(self) -> None:
        """A listing that met problems is recorded by nobody: the next lists every folder."""
        if self.folders:
            self.folders, self.dirty = {}, True

    def same_content(self, path: str, sha256: str, stat: tuple[int, int, int, int]) -> list | None:
        """The entry for ``path`` if its content hash still matches (the stat
        changed: a checkout, a touch); the entry now carries the new stat."""
        entry = self.entry(path)
        if entry is None or entry[_SHA] != sha256:
            return None
        moved = entry[_SIZE:_SHA] != list(stat)
        # A file changed moments ago stays unproven by its stat whatever is
        # recorded, and costs one more hash next time; rewriting the whole
        # cache for it on every command in that window would cost far more.
        settled = store.settled(max(stat[1], stat[2]), self.now_ns)
        entry[_SIZE:_CHECKED + 1] = [*stat, sha256, self.now_ns]
        if moved or settled:
            self.changed.add(path)
            self.dirty = True
        return entry

    def store(self, parsed: Any) -> list:
        """Remember a freshly read file (a :class:`plansync.load.parsing.Parsed`)."""
        entry = [
            *parsed.stat, parsed.sha256, self.now_ns, parsed.json, parsed.kind, parsed.slug,
            [_problem_row(p) for p in parsed.problems], parsed.valid,
        ]  # fmt: skip
        self.entries[parsed.path] = entry
        self.changed.add(parsed.path)
        self.dirty = True
        return entry

    @staticmethod
    def seen(entry: list) -> Seen:
        return Seen(entry[_SIZE], entry[_MTIME], entry[_CTIME], entry[_INODE], entry[_SHA])

    @staticmethod
    def unpack_all(
        paths: list[str], entries: dict[str, list]
    ) -> Iterator[tuple[str, str, str | None, tuple[str | None, str | None], list[Problem], bool]]:
        """(path, sha256, data as JSON text, (kind, slug), problems, valid) of
        each path that has an entry, in order: one loop for a whole load
        (a call per entry costs a tenth of it at 50,000 files)."""
        get = entries.get
        for path in paths:
            entry = get(path)
            if entry is not None:
                rows = entry[_PROBLEMS]
                problems = [_problem(path, row) for row in rows] if rows else []
                yield path, entry[_SHA], entry[_DATA], (entry[_KIND], entry[_SLUG]), problems, entry[_VALID]

    def keep_only(self, paths: list[str]) -> None:
        gone = set(self.entries) - set(paths)
        for path in gone:
            del self.entries[path]
        self.changed |= gone
        self.dirty = self.dirty or bool(gone)

    # --- whole-repository validation results ---------------------------------

    @staticmethod
    def fingerprint(hashes: list[tuple[str, str]], listing_problems: list[Problem], head: str = "") -> str:
        digest = hashlib.sha256(f"HEAD {head}\n".encode())
        for path, sha in sorted(hashes):
            digest.update(f"{path}\0{sha}\n".encode())
        for problem in listing_problems:
            digest.update(f"{problem.path}\0{problem.code}\n".encode())
        return digest.hexdigest()

    def problems_for(self, fingerprint: str) -> list[Problem] | None:
        if self.results.get("fingerprint") != fingerprint:
            return None
        return [_problem(row[0], row[1:]) for row in self.results["problems"]]

    def remember_problems(self, fingerprint: str, problems: list[Problem]) -> None:
        self.results = {"fingerprint": fingerprint, "problems": [[p.path, *_problem_row(p)] for p in problems]}
        self.dirty = True
        self.save()

    def save(self) -> None:
        """Write what changed: a delta over the stored base when few entries
        did (a one-file edit writes kilobytes, not the whole section), else
        the whole section as a new base (:func:`plansync.cache.store.write_split`)."""
        if not self.dirty:
            return
        folders = {"at": self.folders_ns, "records": self.folders}

        def whole() -> dict[str, Any]:
            return {"files": self.entries, "results": self.results, "folders": folders}

        def delta() -> dict[str, Any] | None:
            if not store.delta_fits(len(self.changed), len(self.entries)):
                return None
            files = {path: self.entries.get(path) for path in sorted(self.changed)}
            return {"files": files, "results": self.results, "folders": folders}

        generation = store.write_split(self.repo.root, "files", self.signature, self.generation, whole, delta)
        if generation is not None:
            if generation != self.generation:
                self.changed = set()
            self.generation, self.dirty = generation, False
