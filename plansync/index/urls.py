"""Where the index is: resolving its URL (no SQLAlchemy import, so the
no-change sync path stays light)."""

from __future__ import annotations

import os
from pathlib import Path

from plansync.repo import PlanRepo

DEFAULT_SQLITE = "index.sqlite"


def index_url(repo: PlanRepo, override: str | None = None) -> str:
    """``--db``/``PLANSYNC_DB``, else ``index:`` in plansync.yaml, else the local SQLite file."""
    url = override or os.environ.get("PLANSYNC_DB") or repo.settings.index
    if not url:
        return f"sqlite:///{repo.state_dir / DEFAULT_SQLITE}"
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        # A relative SQLite path in plansync.yaml is relative to the repository.
        relative = url[len("sqlite:///") :]
        if relative and not relative.startswith(":memory:") and not Path(relative).is_absolute():
            return f"sqlite:///{repo.root / relative}"
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :].split("?", 1)[0]
        return Path(path) if path and path != ":memory:" else None
    return None
