"""Connecting to the index: SQLite by default, any SQLAlchemy URL otherwise.

SQLite connections switch foreign keys on (SQLite leaves them off unless
asked, per connection), wait for a busy database instead of failing, and
use write-ahead logging so reports can read while a sync writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from plansync.errors import PlansyncError
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


def _on_sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for reading and writing the index."""
    try:
        if is_sqlite(url):
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
            event.listen(engine, "connect", _on_sqlite_connect)
            return engine
        return create_engine(url)
    except PlansyncError:
        raise
    except Exception as exc:
        raise PlansyncError(f"cannot open the index at {_redacted(url)}: {_reason(exc)}") from None


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "the given URL"


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
