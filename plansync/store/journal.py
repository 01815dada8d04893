"""A step that writes several files, finished or undone even when its writer is killed.

Each file is written atomically on its own, but ``lock`` (snapshot, then
the event's state), ``start`` (baseline, then the state) and ``amend`` (log
entry, then the plan) change two files, and a process killed between two
renames would leave one without the other. So such a step goes in three
phases:

1. a journal (``.plansync/journal/<pid>-<n>.json``) names each file, the
   sha256 of its old and new content, and the temporary file its new
   content goes to (``.plansync-<pid>-<n>-<i>.pending``, hidden);
2. every new content is written to its temporary file and flushed;
3. the temporary files are renamed over their targets; the journal goes.

The next writing command (under the event lock, so the writer is gone)
settles a journal left by a dead process: if a rename had happened, or
every temporary file is complete, the remaining renames are done (the
step completes); otherwise the temporary files are removed (the step
never happened). A file changed by someone since is left alone and named.

A journal lives in the repository's folder: its paths must be plan files
(no hidden folder such as ``.git``, nothing outside the repository) and its
temporary files hidden names beside them, so it can never write what a
commit could not.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from plansync.errors import PlansyncError
from plansync.repo.repository import PlanRepo
from plansync.store.atomic import (
    TEMP_PREFIX,
    WriteError,
    commit,
    prepare,
    process_alive,
    remove_quietly,
    write_atomic,
)
from plansync.store.locks import FILES_LOCK, FileLock

JOURNAL_FOLDER = "journal"
PENDING_SUFFIX = ".pending"
_PENDING = re.compile(re.escape(TEMP_PREFIX) + r"\d+-\d+-\d+" + re.escape(PENDING_SUFFIX) + r"\Z")
_counter = itertools.count(1)


def _sha(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


@dataclass
class Entry:
    path: str
    old: str | None
    new: str
    temp: str

    def target(self, repo: PlanRepo) -> Path:
        return repo.writable(self.path)

    def temp_path(self, repo: PlanRepo) -> Path:
        return self.target(repo).parent / self.temp


class Step:
    """Several files written as one (see the module's description)."""

    def __init__(self, repo: PlanRepo, files: list[tuple[str, bytes | None, bytes]], flush_once: bool = False) -> None:
        self.repo = repo
        #: One os.sync() for every file, then one fsync per folder, instead
        #: of two fsyncs per file: an import of 10,000 files spent 45 s in them.
        self.flush_once = flush_once
        number = next(_counter)
        self.journal = repo.state_dir / JOURNAL_FOLDER / f"{os.getpid()}-{number}.json"
        self.entries = [
            Entry(path, _sha(old), _sha(new) or "", f"{TEMP_PREFIX}{os.getpid()}-{number}-{i}{PENDING_SUFFIX}")
            for i, (path, old, new) in enumerate(files)
        ]
        self.contents = [new for _path, _old, new in files]

    def run(self) -> None:
        """Journal, prepare every file, rename each; a failure before the
        first rename changes nothing, and the caller undoes the renames."""
        repo = self.repo
        record = {"pid": os.getpid(), "files": [vars(e) for e in self.entries]}
        try:
            write_atomic(self.journal, json.dumps(record))
        except WriteError as exc:
            names = [PurePosixPath(e.path).name for e in self.entries]
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            raise PlansyncError(f"could not write {shown}: {exc.reason}; no file was changed") from None
        targets: list[Path] = []
        try:
            folders: set[Path] = set()  # each folder resolved and checked once
            for entry in self.entries:
                targets.append(repo.writable(entry.path, folders))
            sync = not self.flush_once
            for entry, target, content in zip(self.entries, targets, self.contents):
                prepare(target, content, target.parent / entry.temp, sync=sync)
            if self.flush_once:
                os.sync()
            # Readers hold the files lock shared while they read: none sees
            # the first file renamed and the second not yet.
            with FileLock(repo.state_dir, FILES_LOCK):
                for entry, target in zip(self.entries, targets):
                    commit(target.parent / entry.temp, target, sync_folder=sync)
            if self.flush_once:
                os.sync()  # the renames too: cheaper than an fsync of each of hundreds of folders
        finally:
            for entry, target in zip(self.entries, targets):
                remove_quietly(target.parent / entry.temp)
            remove_quietly(self.journal)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    return pid == os.getpid() or process_alive(pid)


def _entries(content: object) -> list[Entry]:
    """The sound entries of a journal read back (anything else is ignored)."""
    files = content.get("files") if isinstance(content, dict) else None
    entries = []
    for item in files if isinstance(files, list) else ():
        if not isinstance(item, dict):
            continue
        path, old, new, temp = item.get("path"), item.get("old"), item.get("new"), item.get("temp")
        if _plan_file(path) and isinstance(new, str) and isinstance(temp, str) and _PENDING.match(temp):
            if old is None or isinstance(old, str):
                entries.append(Entry(path, old, new, temp))
    return entries


def _plan_file(path: object) -> bool:
    if not isinstance(path, str) or not path:
        return False
    pure = PurePosixPath(path)
    return not pure.is_absolute() and not any(part.startswith(".") or part == ".." for part in pure.parts)


def finish_interrupted(repo: PlanRepo, notify: Callable[[str], None]) -> list[str]:
    """Settle every journal a killed writer left; returns the paths written."""
    folder = repo.state_dir / JOURNAL_FOLDER
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    written: list[str] = []
    for name in names:
        journal = folder / name
        try:
            content = json.loads(journal.read_bytes())
        except (OSError, ValueError):
            content = None
        if isinstance(content, dict) and _alive(content.get("pid")):
            continue  # its writer is still at work (on another event)
        with FileLock(repo.state_dir, FILES_LOCK):
            done, left = _settle(repo, _entries(content))
        remove_quietly(journal)
        written += done
        if done or left:
            what = f"finished writing {', '.join(done)}" if done else "changed nothing"
            kept = f"; left {', '.join(left)} as it is (changed since)" if left else ""
            notify(f"a previous plansync was interrupted while writing several files: {what}{kept}")
    return written


def _settle(repo: PlanRepo, entries: list[Entry]) -> tuple[list[str], list[str]]:
    states = []
    for entry in entries:
        try:
            current = _sha(_read(entry.target(repo)))
            temp = _sha(_read(entry.temp_path(repo)))
        except PlansyncError:
            current, temp = "?", None
        states.append((entry, current, temp))
    started = any(current == entry.new for entry, current, _temp in states)
    ready = all(temp == entry.new or current == entry.new for entry, current, temp in states)
    done: list[str] = []
    left: list[str] = []
    for entry, current, temp in states:
        if (started or ready) and current == entry.old and temp == entry.new:
            try:
                commit(entry.temp_path(repo), entry.target(repo))
                done.append(entry.path)
            except PlansyncError:
                left.append(entry.path)
        elif current not in (entry.old, entry.new):
            left.append(entry.path)
        try:
            remove_quietly(entry.temp_path(repo))
        except PlansyncError:
            pass
    return done, left
