"""Connecting to the index: SQLite by default, any SQLAlchemy URL otherwise.

SQLite connections are set up as :mod:`plansync.index.pragmas` says.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event

from plansync.errors import PlansyncError
from plansync.index.pragmas import configure
from plansync.index.urls import is_sqlite, sqlite_path


def _on_sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    configure(dbapi_connection)


# The drivers the ``postgres`` extra brings; a missing one is an install step, not a bug.
_POSTGRES_DRIVERS = frozenset({"psycopg", "psycopg2"})


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
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in _POSTGRES_DRIVERS:
            raise PlansyncError(
                f"cannot open the index at {_redacted(url)}: the PostgreSQL driver "
                f"'{exc.name}' is not installed; install it with: pip install 'plansync[postgres]'"
            ) from None
        raise PlansyncError(f"cannot open the index at {_redacted(url)}: {_reason(exc)}") from None
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
