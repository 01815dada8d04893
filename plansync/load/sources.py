"""Where plan files are read from: the work tree, or a git revision.

A source lists the plan files (by registered extension) and reads their
bytes. Hidden files and folders (``.git``, ``.plansync``, ``.schemas``, the
temporary files of an interrupted write) are never plan files. A symlink
that leads outside the repository is refused, not followed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Protocol

from plansync.cache.store import settled
from plansync.errors import LoadError, Problem
from plansync.repo.paths import read_regular
from plansync.repo.repository import DEFAULT_MAX_FILE_BYTES, SETTINGS_FILE


class Source(Protocol):
    """Plan files of one version of the repository."""

    label: str

    def list_files(self, extensions: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
        """Repository-relative POSIX paths of plan files, sorted, and problems met."""

    def read(self, path: str, limit: int) -> bytes:
        """The bytes of ``path``; raises LoadError past ``limit`` bytes."""

    def read_settings(self) -> str | None:
        """The text of ``plansync.yaml``, or None when absent."""


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def unprintable(path: str) -> bool:
    """A name with a line break or another control character (it would
    break every one-line-per-problem report, and git's batch protocol)."""
    return _CONTROL.search(path) is not None


def printable_path(path: str) -> str:
    return _CONTROL.sub("?", path)


def suffixes_of(extensions: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(e.lower() for e in extensions)


#: A file's (size, mtime_ns, ctime_ns, inode).
FileStat = tuple[int, int, int, int]


@dataclass(frozen=True)
class Folder:
    """One folder as a listing saw it."""

    #: taken before the folder was listed
    stat: os.stat_result
    #: the names of its plan files and of its subfolders, sorted
    files: list[str]
    folders: list[str]
    #: a symlink among its entries
    linked: bool


def _still_listed(record: list, own: os.stat_result, checked_ns: int) -> bool:
    """Whether a folder recorded as ``record`` (a :func:`folder_record`) as of
    ``checked_ns`` still holds the entries recorded, judged by its own stat."""
    mtime, ctime, inode, linked = record[:4]
    return (
        not linked and (own.st_mtime_ns, own.st_ctime_ns, own.st_ino) == (mtime, ctime, inode)
        and settled(max(mtime, ctime), checked_ns)
    )  # fmt: skip


def file_stat(path: str) -> FileStat | None:
    """The (size, mtime, ctime, inode) of ``path``; None when it cannot be stat'ed."""
    try:
        own = os.stat(path)
    except OSError:
        return None
    return own.st_size, own.st_mtime_ns, own.st_ctime_ns, own.st_ino


def files_stats(folder: str, names: list[str]) -> list[FileStat | None]:
    """:func:`file_stat` of each file of ``folder`` (a path ending in a
    separator), in one pass while none fails: a call per file costs a tenth
    of listing 50,000."""
    try:
        return [(s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino) for s in map(os.stat, [folder + n for n in names])]
    except OSError:
        return [file_stat(folder + name) for name in names]


def folder_record(folder: Folder) -> list:
    """What :meth:`WorkTree.unchanged_since` needs of a folder, as JSON can keep it."""
    own = folder.stat
    return [own.st_mtime_ns, own.st_ctime_ns, own.st_ino, folder.linked, folder.files, folder.folders]


class WorkTree:
    """The files on disk under ``root``."""

    label = "work tree"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)

    def list_files(self, extensions: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
        found: list[str] = []
        problems: list[Problem] = []
        suffixes = suffixes_of(extensions)

        def walk(folder: str, prefix: str) -> None:
            self._scan(folder, prefix, suffixes, found, problems, walk)

        walk(str(self.root), "")
        found.sort()
        return found, problems

    def list_folders(self, extensions: tuple[str, ...]) -> tuple[list[str], list[Problem], dict[str, Folder]]:
        """:meth:`list_files`, and what each folder (by its prefix: ``""``,
        ``"catalog/"``...) held, with its stat taken before it was listed."""
        paths, problems, folders, _stats, _reused = self.list_known_folders(extensions, {}, 0, stat_files=False)
        return paths, problems, folders

    def list_known_folders(
        self, extensions: tuple[str, ...], known: Mapping[str, list], checked_ns: int, stat_files: bool = True
    ) -> tuple[list[str], list[Problem], dict[str, Folder], dict[str, list[FileStat | None]], int]:
        """:meth:`list_folders`, listing again only the folders that moved
        since ``known`` recorded them (each a :func:`folder_record`, by
        prefix, as of ``checked_ns``); also, with ``stat_files``, each
        folder's files' stats in the order of its names (None for a file
        gone since), and how many folders were not listed again.

        As in :meth:`unchanged_since`: a folder whose own stat is the
        recorded one and was settled then holds the entries it held (adding,
        removing or renaming one changes it); one holding a link is always
        listed again. A recorded folder is only ever one whose listing met
        no problem, so skipping its listing loses none.
        """
        found: list[str] = []
        problems: list[Problem] = []
        folders: dict[str, Folder] = {}
        stats: dict[str, list[FileStat | None]] = {}
        suffixes = suffixes_of(extensions)
        stat = os.stat
        reused = 0

        def walk(folder: str, prefix: str) -> None:
            nonlocal reused
            try:
                # Before the listing: an entry added or removed after it shows in the folder's stat.
                own = stat(folder)
            except OSError:
                own = None
            record = known.get(prefix) if own is not None else None
            if record is not None and _still_listed(record, own, checked_ns):
                files = [prefix + name for name in record[4]]
                found.extend(files)
                folders[prefix] = Folder(own, record[4], record[5], False)
                reused += 1
                for name in record[5]:
                    walk(os.path.join(folder, name), f"{prefix}{name}/")
            else:
                files = []
                subfolders: list[str] = []

                def descend(path: str, sub_prefix: str) -> None:
                    subfolders.append(sub_prefix[len(prefix) : -1])
                    walk(path, sub_prefix)

                linked = self._scan(folder, prefix, suffixes, files, problems, descend)
                found.extend(files)
                if own is not None:
                    folders[prefix] = Folder(own, sorted(path[len(prefix) :] for path in files), sorted(subfolders), linked)
            if stat_files and prefix in folders:
                stats[prefix] = files_stats(os.path.join(folder, ""), folders[prefix].files)

        walk(str(self.root), "")
        found.sort()
        return found, problems, folders, stats, reused

    def unchanged_since(
        self,
        folders: Mapping[str, list],
        suffixes: tuple[str, ...],
        checked_ns: int,
        same: Callable[[str, list[str], list[FileStat]], bool],
    ) -> int | None:
        """Whether the tree still holds the plan files ``folders`` recorded
        (each a :func:`folder_record`, by prefix, as of ``checked_ns``): the
        number of files, or None at the first difference.

        A folder whose own stat is the recorded one and settled is not listed
        again (an entry added, removed or renamed changes it); one holding a
        link, or whose stat moved, is listed and must name the same entries.
        Every file is stat'ed: ``same(prefix, names, stats)`` judges them.
        """
        root = os.path.join(str(self.root), "")
        stat = os.stat
        pending = [""]
        visited = files = 0
        while pending:
            prefix = pending.pop()
            record = folders.get(prefix)
            if record is None:
                return None
            names, subfolders = record[4:6]
            here = root + prefix
            try:
                if not _still_listed(record, stat(here), checked_ns):
                    listed, sublisted, problems = self.scan_folder(prefix, suffixes)
                    if problems or listed != names or sublisted != subfolders:
                        return None
                stats = [(s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino) for s in [stat(here + name) for name in names]]
            except OSError:
                return None
            if not same(prefix, names, stats):
                return None
            pending.extend(prefix + name + "/" for name in subfolders)
            visited += 1
            files += len(names)
        return files if visited == len(folders) else None

    def scan_folder(self, prefix: str, suffixes: tuple[str, ...]) -> tuple[list[str], list[str], list[Problem]]:
        """One folder alone (``prefix`` as in :meth:`list_folders`): the names
        of its plan files and of its subfolders, sorted, and the problems met."""
        files: list[str] = []
        subfolders: list[str] = []
        problems: list[Problem] = []
        folder = os.path.join(str(self.root), prefix) if prefix else str(self.root)
        self._scan(folder, prefix, suffixes, files, problems, lambda _path, sub: subfolders.append(sub[len(prefix) : -1]))
        return sorted(path[len(prefix) :] for path in files), sorted(subfolders), problems

    def _scan(
        self,
        folder: str,
        prefix: str,
        suffixes: tuple[str, ...],
        found: list[str],
        problems: list[Problem],
        descend: Callable[[str, str], None],
    ) -> bool:
        """List one folder: its plan files into ``found``, each subfolder to
        ``descend`` as met (so problems keep the walk's order). True when a
        symlink is among its entries (what a link leads to can change while
        the folder's own stat stays)."""
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(Problem(prefix.rstrip("/") or ".", "unreadable", f"cannot list folder: {exc.strerror}"))
            return False
        linked = False
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relative = prefix + name
            if entry.is_symlink():
                linked = True
                try:
                    target = os.path.realpath(entry.path)
                    linked_folder = entry.is_dir()
                except OSError as exc:  # a loop of links, or one too deep
                    if name.lower().endswith(suffixes):
                        problems.append(Problem(relative, "unreadable", f"the link cannot be followed: {exc.strerror}"))
                    continue
                if os.path.commonpath([self._real_root, target]) != self._real_root:
                    if linked_folder or name.lower().endswith(suffixes):
                        problems.append(
                            Problem(relative, "symlink", "symlink leads outside the repository; not followed", line=None)
                        )
                    continue
                if linked_folder:
                    continue  # a link inside the repository shows files already listed (or loops)
            if entry.is_dir(follow_symlinks=False):
                descend(entry.path, relative + "/")
            elif name.lower().endswith(suffixes) and relative != SETTINGS_FILE:
                if not entry.is_file():  # a FIFO or a device would block or never end
                    problems.append(Problem(relative, "unreadable", "not a regular file; not read"))
                elif unprintable(relative):
                    problems.append(Problem(printable_path(relative), "unreadable", "the file name holds control characters; rename it"))
                else:
                    found.append(relative)
        return linked

    def read(self, path: str, limit: int) -> bytes:
        return self.read_with_stat(path, limit)[0]

    def read_with_stat(self, path: str, limit: int) -> tuple[bytes, os.stat_result]:
        """The bytes of ``path`` and its stat taken before reading them (so a
        later change shows in the stat even if it raced this read)."""

        full = self.root / path
        with open(full, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > limit:
                raise LoadError(
                    f"file is {stat.st_size} bytes, over the limit of {limit} (max_file_bytes in plansync.yaml)",
                    code="too-large",
                )
            data = handle.read(stat.st_size + 1)
            if len(data) > stat.st_size:
                raise LoadError("the file changed while it was being read; run the command again", code="unreadable")
            return data, stat

    def read_settings(self) -> str | None:
        path = self.root / SETTINGS_FILE
        if not os.path.lexists(path):
            return None
        return read_regular(path, DEFAULT_MAX_FILE_BYTES, str(path)).decode("utf-8-sig", errors="replace")
