"""Where plan files are read from: the work tree, or a git revision.

A source lists the plan files (by registered extension) and reads their
bytes. Hidden files and folders (``.git``, ``.plansync``, ``.schemas``, the
temporary files of an interrupted write) are never plan files. A symlink
that leads outside the repository is refused, not followed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

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


class WorkTree:
    """The files on disk under ``root``."""

    label = "work tree"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = os.path.realpath(root)

    def list_files(self, extensions: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
        found: list[str] = []
        problems: list[Problem] = []
        suffixes = tuple(e.lower() for e in extensions)
        self._walk(str(self.root), "", suffixes, found, problems)
        found.sort()
        return found, problems

    def _walk(self, folder: str, prefix: str, suffixes: tuple[str, ...], found: list[str], problems: list[Problem]) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(Problem(prefix.rstrip("/") or ".", "unreadable", f"cannot list folder: {exc.strerror}"))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relative = prefix + name
            if entry.is_symlink():
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
                self._walk(entry.path, relative + "/", suffixes, found, problems)
            elif name.lower().endswith(suffixes) and relative != SETTINGS_FILE:
                if not entry.is_file():  # a FIFO or a device would block or never end
                    problems.append(Problem(relative, "unreadable", "not a regular file; not read"))
                elif unprintable(relative):
                    problems.append(Problem(printable_path(relative), "unreadable", "the file name holds control characters; rename it"))
                else:
                    found.append(relative)

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
