"""The repository a web view serves, opened for every request.

An edit made in an editor shows on the next page load. The last loaded
workspace is served again while the work tree is provably as it was
loaded: the same settings and git HEAD, every folder's entries and every
plan file's stat (size, mtime, ctime, inode) unchanged and settled, the
check the no-change sync makes (:meth:`WorkTree.unchanged_since`). Anything
else loads again, through the load cache under ``.plansync/``, so a file
read once is not parsed again until it changes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from plansync.cache.store import settled
from plansync.errors import PlansyncError
from plansync.load.repository import open_repository
from plansync.load.sources import FileStat, WorkTree, folder_record, suffixes_of
from plansync.load.workspace import Workspace, git_head, load_workspace
from plansync.plugins.manager import get_registry
from plansync.repo.repository import PlanRepo

#: Folders whose changes never change a page (the caches, git's own files).
_QUIET_FOLDERS = {".git", ".plansync"}


@dataclass
class _Kept:
    """A loaded workspace and the tree it was loaded from."""

    workspace: Workspace
    head: str
    #: by folder prefix: :func:`folder_record`; its files' stats, in name order
    folders: dict[str, list]
    stats: dict[str, list[FileStat]]
    checked_ns: int
    #: What pages computed from this workspace (see :meth:`Site.remembered`).
    answers: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, workspace: Workspace, started_ns: int) -> _Kept | None:
        """What proves ``workspace`` current later; None when the tree moved
        while it loaded, a file changed moments before (racily clean), or
        the load met a listing problem."""
        repo = workspace.repo
        if workspace.cache is None:
            return None
        # The folders' stats are taken after the load: an entry added since
        # the load listed the tree shows as a difference here, one added
        # after this listing in the folder's stat.
        paths, problems, listed = WorkTree(repo.root).list_folders(repo.formats.extensions)
        seen = workspace.seen
        if problems or len(paths) != len(seen) or not all(path in seen for path in paths):
            return None
        stats: dict[str, list[FileStat]] = {}
        for prefix, folder in listed.items():
            here = [seen[prefix + name] for name in folder.files]
            if not all(settled(max(s.mtime_ns, s.ctime_ns), started_ns) for s in here):
                return None
            stats[prefix] = [(s.size, s.mtime_ns, s.ctime_ns, s.inode) for s in here]
        folders = {prefix: folder_record(folder) for prefix, folder in listed.items()}
        return cls(workspace, git_head(repo), folders, stats, started_ns)

    def serves(self, repo: PlanRepo) -> bool:
        kept = self.workspace.repo
        if (repo.root, repo.settings, repo.settings_problems, repo.formats) != (
            kept.root, kept.settings, kept.settings_problems, kept.formats
        ):
            return False
        files = WorkTree(repo.root).unchanged_since(
            self.folders, suffixes_of(repo.formats.extensions), self.checked_ns,
            lambda prefix, _names, stats: stats == self.stats[prefix],
        )  # fmt: skip
        # Rules such as append-only compare files with HEAD: a commit alone changes answers.
        return files is not None and git_head(repo) == self.head


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Site:
    """One served repository: where it is, who may ask, and how."""

    root: Path
    host: str = "127.0.0.1"
    port: int = 8765
    #: Asked of every request when set (required off loopback).
    token: str | None = None
    #: Signs the per-session CSRF tokens; new for every server start.
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    #: The library's caches and file locks are made for one command at a
    #: time: requests take turns (a kitchen has a few readers, not hundreds).
    turn: threading.RLock = field(default_factory=threading.RLock)

    #: The last workspace loaded, while it may be served again.
    _kept: _Kept | None = field(default=None, repr=False)

    def repo(self) -> PlanRepo:
        return open_repository(self.root, get_registry(), search=False)

    def workspace(self) -> Workspace:
        repo = self.repo()
        kept = self._kept
        if kept is not None and kept.serves(repo):
            return kept.workspace
        started = time.time_ns()
        workspace = load_workspace(repo)
        self._kept = _Kept.of(workspace, started)
        return workspace

    def remembered(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` (which reads only the workspace just served) once
        while that workspace is served again; a refusal it raises is
        remembered and raised again alike."""
        kept = self._kept
        if kept is None:
            return compute()
        if key not in kept.answers:
            try:
                kept.answers[key] = (True, compute())
            except PlansyncError as refused:
                kept.answers[key] = (False, refused)
        done, answer = kept.answers[key]
        if not done:
            raise answer
        return answer

    @property
    def allowed_hosts(self) -> set[str] | None:
        """``Host`` values a request may carry (None: any, behind the token)."""
        if self.host in ("0.0.0.0", "::", ""):
            return None
        names = {self.host}
        if is_loopback(self.host):
            names |= {"localhost", "127.0.0.1", "[::1]"}
        return {f"{name}:{self.port}" for name in names} | (names if self.port == 80 else set())

    def csrf_token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: str | None, token: str | None) -> bool:
        return bool(session and token) and hmac.compare_digest(self.csrf_token(session or ""), token or "")

    def token_ok(self, offered: str | None) -> bool:
        return self.token is None or (offered is not None and hmac.compare_digest(self.token, offered))

    def fingerprint(self) -> str:
        """Changes whenever a file of the repository changes: what an open
        page polls to know when to reload itself."""
        digest = hashlib.blake2b(digest_size=12)
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if d not in _QUIET_FOLDERS)
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                digest.update(f"{folder}/{name}:{stat.st_mtime_ns}:{stat.st_size};".encode())
        return digest.hexdigest()
