"""Loading the work tree through the load cache (:mod:`plansync.cache.files`).

Files whose stat proves them unchanged come from the cache without being
read; the others are read and hashed, and only those whose content changed
are parsed (:mod:`plansync.load.parsing`, on every core when there are many).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Callable

from plansync.cache.files import LoadCache
from plansync.cache.store import Seen
from plansync.errors import Problem
from plansync.formats.format import FormatTable, format_finder
from plansync.load.documents import Document, LoadResult
from plansync.load.parsing import ParseJob
from plansync.load.sources import Folder, WorkTree, file_stat, folder_record


@dataclass(frozen=True)
class Listing:
    """The work tree as :meth:`WorkTree.list_known_folders` listed it, from ``started_ns``."""

    folders: dict[str, Folder]
    stats: dict[str, list]
    problems: bool
    started_ns: int
    #: Every folder is one the cache recorded, not listed again.
    as_recorded: bool


class CachedLoad:
    """Loading ``paths`` through the cache: started by the constructor (the
    files that must be parsed are already being parsed), collected by
    :meth:`finish`."""

    def __init__(
        self,
        source: WorkTree,
        paths: list[str],
        formats: FormatTable,
        max_file_bytes: int,
        cache: LoadCache,
        listing: Listing | None = None,
    ) -> None:
        self.source, self.paths, self.formats, self.cache = source, paths, formats, cache
        self.listing = listing
        self.cached: dict[str, list] = {}
        todo: list[str] = []
        covered = 0
        #: Every file proven by its folder's digest: the folder records stand as they are.
        self.as_recorded = listing is not None and listing.as_recorded
        if listing is not None:
            # Folder by folder: one digest proves a folder's files unchanged.
            for prefix, folder in listing.folders.items():
                file_stats = listing.stats.get(prefix, [])
                every = cache.folder_trusted(prefix, folder.files, file_stats)
                self.as_recorded = self.as_recorded and every
                here = [prefix + name for name in folder.files]
                if every:
                    found = cache.entries_of(here)
                else:
                    found = [cache.trusted(p, stat) if stat is not None else None for p, stat in zip(here, file_stats)]
                for path, entry in zip(here, found):
                    if entry is None:
                        todo.append(path)
                    else:
                        self.cached[path] = entry
                covered += len(file_stats)
        if covered != len(paths):  # files of a folder that could not be stat'ed, or no listing: one by one
            root = str(source.root) + os.sep
            done = {*self.cached, *todo}
            for path in paths:
                if path in done:
                    continue
                own = file_stat(root + path)
                entry = cache.trusted(path, own) if own is not None else None
                if entry is None:
                    todo.append(path)
                else:
                    self.cached[path] = entry
        todo.sort()
        self.job_paths = todo
        self.job = ParseJob(str(source.root), todo, max_file_bytes, formats)

    def finish(
        self, progress: Callable[[int, int], None] | None = None, save: bool = True
    ) -> tuple[LoadResult, dict[str, str], Mapping[str, Seen]]:
        """Documents and problems of the paths; also each file's sha256
        ("unreadable" when it could not be read) and its stat as last checked.
        ``save``: write the cache now (else the caller saves it, once, after
        the validation that adds its results to the same write)."""
        return _collect(self, progress, save)


def _collect(
    load: CachedLoad, progress: Callable[[int, int], None] | None, save: bool
) -> tuple[LoadResult, dict[str, str], Mapping[str, Seen]]:
    source, paths, formats, cache, cached = load.source, load.paths, load.formats, load.cache, load.cached
    problems: list[Problem] = []
    hashes: dict[str, str] = {}
    for parsed in load.job.results(progress):
        if parsed.stat is None:  # unreadable: nothing to keep
            hashes[parsed.path] = "unreadable"
            problems.extend(parsed.problems)
            continue
        entry = cache.same_content(parsed.path, parsed.sha256, parsed.stat)
        if entry is None:
            entry = cache.store(parsed)
        cached[parsed.path] = entry
    documents: list[Document] = []
    # Asked once, not per file: the command's table asks the plugin registry
    # on every lookup (a tenth of this loop at 50,000 files).
    find_format = format_finder(formats)
    for path, sha256, data_json, kind_slug, found, valid in cache.unpack_all(paths, cached):
        hashes[path] = sha256
        if found:
            problems.extend(found)
        if data_json is not None:
            fmt = find_format(path)
            if fmt is not None:
                documents.append(Document(path, None, None, fmt, sha256, valid, source, None, data_json, kind_slug))
    cache.keep_only(paths)
    listing = load.listing
    if listing is None or listing.problems:  # a folder whose listing met a problem must be listed again to say it
        cache.forget_folders()
    elif load.job_paths or not load.as_recorded:  # else every folder and file is as recorded: the records stand
        records = {prefix: folder_record(folder) for prefix, folder in listing.folders.items()}
        cache.remember_folders(records, listing.started_ns)
    if save:
        cache.save()
    return LoadResult(documents, problems, len(paths)), hashes, SeenView(cached)


class SeenView(Mapping[str, Seen]):
    """Each file's stat as last checked, by path, built when asked for: only
    a sync and the web view ask (50,000 objects cost a tenth of a second)."""

    def __init__(self, entries: dict[str, list]) -> None:
        self._entries = entries

    def __getitem__(self, path: str) -> Seen:
        return LoadCache.seen(self._entries[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
