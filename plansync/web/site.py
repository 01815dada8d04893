"""The repository a web view serves, opened afresh for every request.

Nothing is kept between requests but the load cache under ``.plansync/``:
an edit made in an editor shows on the next page load, and a file read
once is not parsed again until it changes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from plansync.load.repository import open_repository
from plansync.load.workspace import Workspace, load_workspace
from plansync.plugins.manager import get_registry
from plansync.repo.repository import PlanRepo

#: Folders whose changes never change a page (the caches, git's own files).
_QUIET_FOLDERS = {".git", ".plansync"}


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

    def repo(self) -> PlanRepo:
        return open_repository(self.root, get_registry(), search=False)

    def workspace(self) -> Workspace:
        return load_workspace(self.repo())

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
