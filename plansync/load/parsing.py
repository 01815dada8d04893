"""Reading and parsing many files, on every core when there are many.

Parsing is the bulk of a cold ``validate`` or ``sync``, and each file is
independent, so past :data:`PARALLEL_MIN` files the work is split over
forked worker processes (they inherit the loaded plugins). A worker reads,
hashes, parses and schema-checks a file, locates its problems, and sends
back only text: the data as compact JSON (which the load cache keeps
anyway and the main process decodes only for documents it uses), kind,
slug and problems.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from plansync.errors import Problem
from plansync.formats.format import FormatTable, format_for
from plansync.load.documents import load_file
from plansync.load.sources import WorkTree

#: Below this many files a pool costs more than it saves.
PARALLEL_MIN = 300
CHUNK = 64


@dataclass
class Parsed:
    path: str
    #: (size, mtime_ns, ctime_ns, inode) taken before the content was read.
    stat: tuple[int, int, int, int] | None
    sha256: str
    json: str | None
    kind: str | None
    slug: str | None
    problems: list[Problem]
    valid: bool


@cache
def _tree(root: str) -> WorkTree:
    return WorkTree(Path(root))


def parse_file(root: str, path: str, limit: int, formats: FormatTable) -> Parsed:
    """Read, hash, parse and check one work-tree file (in a worker or in-process)."""
    stats: list[os.stat_result] = []

    def read() -> bytes:
        raw, stat = _tree(root).read_with_stat(path, limit)
        stats.append(stat)
        return raw

    loaded = load_file(path, format_for(path, formats), read)
    if loaded.sha256 is None:  # unreadable: nothing to keep
        return Parsed(path, None, "unreadable", None, None, None, loaded.problems, False)
    stat = stats[0]
    stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    doc = loaded.document
    if doc is None:
        return Parsed(path, stamp, loaded.sha256, None, None, None, loaded.problems, False)
    return Parsed(path, stamp, loaded.sha256, doc.json_text(), doc.kind, doc.slug, loaded.problems, doc.valid)


#: The formats a forked worker parses with: set before the pool forks, so
#: workers inherit them (a plugin's format need not pickle).
_worker_formats: FormatTable | None = None


def _parse_in_worker(job: tuple[str, str, int]) -> Parsed:
    assert _worker_formats is not None
    return parse_file(*job, _worker_formats)


class ParseJob:
    """:func:`parse_file` for many paths, started now and collected later, so
    the caller can do other work (import the database layer) meanwhile."""

    def __init__(self, root: str, paths: list[str], limit: int, formats: FormatTable) -> None:
        global _worker_formats
        self.paths = paths
        workers = min(os.cpu_count() or 1, 8)
        self._pool = None
        self._results: Iterator[Parsed]
        if len(paths) < PARALLEL_MIN or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            self._results = (parse_file(root, path, limit, formats) for path in paths)
        else:
            import plansync.formats.yamlread  # noqa: F401 - imported once, before the workers fork

            _worker_formats = formats
            self._pool = multiprocessing.get_context("fork").Pool(workers)
            jobs = [(root, path, limit) for path in paths]
            self._results = self._pool.imap(_parse_in_worker, jobs, chunksize=CHUNK)

    def results(self, progress: Callable[[int, int], None] | None = None) -> list[Parsed]:
        """Every :class:`Parsed`, in path order."""
        collected = []
        try:
            for done, parsed in enumerate(self._results, 1):
                collected.append(parsed)
                if progress:
                    progress(done, len(self.paths))
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool.join()
        return collected


def parse_files(
    root: str, paths: list[str], limit: int, formats: FormatTable, progress: Callable[[int, int], None] | None = None
) -> list[Parsed]:
    """:func:`parse_file` for every path, in path order."""
    return ParseJob(root, paths, limit, formats).results(progress)
