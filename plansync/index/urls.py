"""Where the index is: resolving its URL (no SQLAlchemy import, so the
no-change sync path stays light)."""

from __future__ import annotations

import os
from pathlib import Path

from plansync.errors import PlansyncError
from plansync.repo.paths import UnsafePathError, contained, node_kind
from plansync.repo.repository import PlanRepo

DEFAULT_SQLITE = "index.sqlite"


def index_url(repo: PlanRepo, override: str | None = None) -> str:
    """``--db``/``PLANSYNC_DB``, else ``index:`` in plansync.yaml, else the local SQLite file.

    The caller's URL is trusted as given. plansync.yaml is a file of the
    repository, possibly someone else's: a SQLite index it names must be a
    relative path inside the repository, and no SQLite file plansync finds
    there may be a link (SQLite would write wherever it leads).
    """
    url = override or os.environ.get("PLANSYNC_DB")
    if url:
        return url
    url = repo.settings.index
    if not url:
        return f"sqlite:///{_own_file(repo, repo.state_dir / DEFAULT_SQLITE)}"
    if is_sqlite(url):
        relative = url[len("sqlite:///") :].split("?", 1)[0] if url.startswith("sqlite:///") else ""
        if not relative or relative.startswith(":memory:"):
            return url
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise PlansyncError(
                f"index {url!r} in plansync.yaml leads outside the repository; a repository's settings may only name "
                "a SQLite file inside it (use --db or PLANSYNC_DB for another place)"
            )
        # A relative SQLite path in plansync.yaml is relative to the
        # repository, and stays in it once its folders' links are followed.
        try:
            contained(repo.root, Path(relative), f"index {url!r} in plansync.yaml")
        except UnsafePathError as exc:
            raise PlansyncError(
                f"{exc.message}; a repository's settings may only name a SQLite file inside it "
                "(use --db or PLANSYNC_DB for another place)"
            ) from None
        return f"sqlite:///{_own_file(repo, repo.root / relative)}"
    return url


def _own_file(repo: PlanRepo, path: Path) -> Path:
    if path.is_symlink():
        raise PlansyncError(
            f"the index {repo.relative(path)} is a link; plansync never writes through a link from the repository: remove it"
        )
    kind = node_kind(os.lstat(path).st_mode) if os.path.lexists(path) else None
    if kind is not None:
        raise PlansyncError(
            f"the index {repo.relative(path)} is {kind}, not a database file: remove it (it is rebuilt from the files)"
        )
    return path


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :].split("?", 1)[0]
        return Path(path) if path and path != ":memory:" else None
    return None
