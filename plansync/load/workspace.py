"""The loaded repository: every document, by kind and slug.

A :class:`Workspace` is what commands compute over: the documents of one
version of the repository (the work tree or a git revision), the problems
met loading them, and the settings. Building the typed model
(:mod:`plansync.engine.model`) from it is cheap and done on demand.
"""

from __future__ import annotations

import posixpath
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from plansync.cache import units as unitcache
from plansync.cache.files import LoadCache
from plansync.cache.store import Seen
from plansync.engine import fromdata, model
from plansync.errors import Problem, RefusedError
from plansync.git.io import GitError, run_git
from plansync.load.cached import CachedLoad, Listing
from plansync.load.documents import Document, load_paths
from plansync.load.sources import Folder, Source, WorkTree
from plansync.repo.repository import PlanRepo
from plansync.store.locks import ReadLock


@dataclass
class Workspace:
    repo: PlanRepo
    source: Source
    documents: list[Document]
    problems: list[Problem]
    files: int
    #: The load cache and this version's fingerprint, when loaded through it.
    cache: LoadCache | None = None
    fingerprint: str | None = None
    #: Through the load cache: each listed file's sha256 ("unreadable" when it
    #: could not be read) and its stat as last checked.
    hashes: dict[str, str] = field(default_factory=dict)
    seen: Mapping[str, Seen] = field(default_factory=dict)
    #: Through the load cache: the commit HEAD named ('' outside git).
    head: str = ""
    #: Built from ``documents`` at construction: the workspace is complete
    #: when it is built.
    by_kind: dict[str, dict[str, list[Document]]] = field(default_factory=dict, init=False)
    singletons: dict[str, list[Document]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        by_kind, singletons = self.by_kind, self.singletons
        for doc in self.documents:
            kind, slug = doc.kind_slug
            if kind is None:
                continue
            if slug is None:
                singletons.setdefault(kind, []).append(doc)
                continue
            # get before setdefault: no empty dict or list made per document
            slugs = by_kind.get(kind)
            if slugs is None:
                slugs = by_kind[kind] = {}
            group = slugs.get(slug)
            if group is None:
                slugs[slug] = [doc]
            else:
                group.append(doc)

    @property
    def root(self) -> Path:
        return self.repo.root

    def has(self, kind: str, slug: str) -> bool:
        return slug in self.by_kind.get(kind, {})

    def get(self, kind: str, slug: str) -> Document | None:
        """The (first valid) document declaring ``slug`` of ``kind``."""
        docs = self.by_kind.get(kind, {}).get(slug, [])
        for doc in docs:
            if doc.valid:
                return doc
        return docs[0] if docs else None

    def all(self, kind: str) -> list[Document]:
        """Every document of ``kind``, valid or not, in path order."""
        docs = list(self.singletons.get(kind, []))
        docs += [d for group in self.by_kind.get(kind, {}).values() for d in group]
        return sorted(docs, key=lambda d: d.path)

    def valid(self, kind: str) -> list[Document]:
        """Schema-valid documents of ``kind``, in path order."""
        return [d for d in self.all(kind) if d.valid]

    def slugs(self, kind: str) -> list[str]:
        return sorted(self.by_kind.get(kind, {}))

    def event(self, slug: str) -> Document:
        """The event ``slug``; refuses an unknown one naming the known ones."""
        doc = self.get("event", slug)
        if doc is None:
            known = ", ".join(self.slugs("event")) or "none"
            raise RefusedError(f"unknown event {slug!r} (events: {known})")
        return doc

    def event_folder(self, slug: str) -> str:
        """Repository-relative folder of the event: where its logs and snapshots live."""
        return posixpath.dirname(self.event(slug).path)

    def event_documents(self, kind: str, slug: str) -> list[Document]:
        """Documents of ``kind`` (runs, amendments, snapshot) that belong to event ``slug``."""
        return [d for d in self.valid(kind) if d.data.get("event") == slug]

    @cached_property
    def catalog(self) -> model.Catalog:
        """The live catalog as typed model objects (valid documents only).

        Entities are built when first looked up: an event reaches a few
        hundred definitions of a catalog that may hold thousands.
        """
        parts = {
            attribute: _LazyEntities(self, kind, build) for kind, (attribute, build) in fromdata.CATALOG_KINDS.items()
        }
        items: list[model.InventoryItem] = []
        for doc in self.valid("inventory"):
            items.extend(fromdata.inventory_items_from(doc.data))
        purchases = [line for doc in self.valid("purchases") for line in fromdata.purchases_from(doc.data)]
        return model.Catalog(inventory=tuple(items), purchases=tuple(purchases), **parts)


class _LazyEntities(Mapping[str, Any]):
    """slug -> model object of one kind, converted from the document on first use."""

    def __init__(self, workspace: Workspace, kind: str, build: Any) -> None:
        self._workspace = workspace
        self._kind = kind
        self._build = build
        self._built: dict[str, Any] = {}

    def _document(self, slug: str) -> Document | None:
        doc = self._workspace.get(self._kind, slug)
        return doc if doc is not None and doc.valid else None

    def __getitem__(self, slug: str) -> Any:
        if slug not in self._built:
            doc = self._document(slug)
            if doc is None:
                raise KeyError(slug)
            self._built[slug] = self._build(doc.data)
        return self._built[slug]

    def __contains__(self, slug: object) -> bool:
        return isinstance(slug, str) and self._document(slug) is not None

    def __iter__(self) -> Iterator[str]:
        return (slug for slug in self._workspace.slugs(self._kind) if self._document(slug) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def git_head(repo: PlanRepo) -> str:
    """The commit HEAD names ('' outside git): rules such as append-only
    compare files with it, so remembered results depend on it too."""

    try:
        return run_git(repo.root, "rev-parse", "-q", "--verify", "HEAD", check=False).decode().strip()
    except GitError:
        return ""


class PendingLoad:
    """A workspace being loaded: :func:`start_loading` has listed the files
    and started parsing those the load cache cannot answer for; the caller
    may do other work before :meth:`finish` collects them."""

    def __init__(
        self,
        repo: PlanRepo,
        source: Source,
        paths: list[str],
        problems: list[Problem],
        use_cache: bool,
        read_lock: ReadLock | None = None,
        folders: dict[str, Folder] | None = None,
        cache: LoadCache | None = None,
        listing: Listing | None = None,
    ) -> None:
        self.repo, self.source, self.paths, self.problems = repo, source, paths, problems
        #: The work tree's folders as listed (:meth:`WorkTree.list_folders`):
        #: a sync records them for its next no-change answer.
        self.folders = folders
        self.read_lock = read_lock
        self.formats = repo.formats
        self.cached_load = None
        self.cache = cache
        if isinstance(source, WorkTree) and use_cache:
            if self.cache is None:
                unitcache.attach(repo)
                self.cache = LoadCache.open(repo)
            self.cached_load = CachedLoad(source, paths, self.formats, repo.settings.max_file_bytes, self.cache, listing)

    def finish(self, progress: Callable[[int, int], None] | None = None, save_cache: bool = True) -> Workspace:
        """The workspace; ``save_cache`` False leaves writing the load cache
        to the caller (``workspace.cache.save()``), after what it adds."""
        try:
            return self._finish(progress, save_cache)
        finally:
            if self.read_lock is not None:
                self.read_lock.release()

    def __del__(self) -> None:
        if getattr(self, "read_lock", None) is not None:
            self.read_lock.release()  # type: ignore[union-attr]

    def _finish(self, progress: Callable[[int, int], None] | None, save_cache: bool) -> Workspace:
        repo, source, paths, problems = self.repo, self.source, self.paths, self.problems
        if self.cached_load is None:
            result = load_paths(source, paths, self.formats, repo.settings.max_file_bytes)
            return Workspace(repo, source, result.documents, problems + result.problems, result.files)
        result, hashes, seen = self.cached_load.finish(progress, save_cache)
        head = git_head(repo)
        return Workspace(
            repo,
            source,
            result.documents,
            problems + result.problems,
            result.files,
            cache=self.cache,
            fingerprint=self.cache.fingerprint(list(hashes.items()), problems, head),
            hashes=hashes,
            seen=seen,
            head=head,
        )


def start_loading(repo: PlanRepo, source: Source | None = None, use_cache: bool = True) -> PendingLoad:
    """List the plan files of ``source`` (default: the work tree) and start
    parsing them; the work tree goes through the load cache unless
    ``use_cache`` is False."""
    source = source or WorkTree(repo.root)
    if not isinstance(source, WorkTree):
        # Settings belong to the version being read.
        text = source.read_settings()
        if text is not None:
            repo = repo.with_settings(text)
    # The work tree is read under the shared files lock, so a step that
    # renames several files (amend: log and plan) is seen whole or not at all.
    read_lock = ReadLock(repo.state_dir).__enter__() if isinstance(source, WorkTree) else None
    try:
        if isinstance(source, WorkTree) and use_cache:
            # The cache first: it knows the folders as last listed, and only
            # those that moved since are listed again.
            unitcache.attach(repo)
            cache = LoadCache.open(repo)
            started_ns = time.time_ns()
            paths, problems, folders, stats, reused = source.list_known_folders(
                repo.formats.extensions, cache.folders, cache.folders_ns
            )
            listing = Listing(folders, stats, bool(problems), started_ns, reused == len(cache.folders) == len(folders))
            return PendingLoad(repo, source, paths, problems, use_cache, read_lock, folders, cache, listing)
        if isinstance(source, WorkTree):
            paths, problems, folders = source.list_folders(repo.formats.extensions)
            return PendingLoad(repo, source, paths, problems, use_cache, read_lock, folders)
        paths, problems = source.list_files(repo.formats.extensions)
        return PendingLoad(repo, source, paths, problems, use_cache, read_lock)
    except BaseException:
        if read_lock is not None:
            read_lock.release()
        raise


def load_workspace(
    repo: PlanRepo,
    source: Source | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Workspace:
    """Load every plan file of ``source`` (default: the work tree)."""
    return start_loading(repo, source, use_cache).finish(progress)
