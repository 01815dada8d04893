"""Opening the index for a command: corruption recovery and the sync lock."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import Connection, Engine, text

from plansync.errors import PlansyncError
from plansync.index.database import _redacted, make_engine
from plansync.index.urls import is_sqlite, sqlite_path

Notify = Callable[[str], None]

#: Key of the PostgreSQL advisory lock that serialises syncs of a shared index.
ADVISORY_LOCK_KEY = 0x706C616E73796E63 & 0x7FFFFFFFFFFFFFFF


def open_index(url: str, notify: Notify, own_folder: Path | None = None) -> Engine:
    """An engine on the index; a SQLite file that is not a database any more
    is removed and rebuilt, with a message, instead of failing every command.
    Only a file in ``own_folder`` (``.plansync/``, where plansync keeps its
    caches) is ever removed: any other file is someone's, and left alone."""
    engine = make_engine(url)
    if not is_sqlite(url):
        check_connection(engine)
        return engine
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except Exception as exc:
        path = sqlite_path(url)
        engine.dispose()
        if path is None:
            raise PlansyncError(f"cannot read the index: {_first_line(exc)}") from None
        if own_folder is None or os.path.dirname(os.path.abspath(path)) != os.path.abspath(own_folder):
            raise PlansyncError(
                f"the index {path} is not a readable SQLite database ({_first_line(exc)}); it is not plansync's own "
                "file under .plansync/, so it is left as it is: move it away or give another --db"
            ) from None
        notify(f"the index {path.name} is unreadable ({_first_line(exc)}); rebuilding it from the files")
        for suffix in ("", "-wal", "-shm"):
            candidate = path.with_name(path.name + suffix)
            if candidate.exists():
                candidate.unlink()
        engine = make_engine(url)
    return engine


def check_connection(engine: Engine) -> None:
    """Refuse, in one line, an index server that cannot be reached."""

    try:
        with engine.connect():
            pass
    except Exception as exc:
        engine.dispose()
        raise PlansyncError(f"cannot connect to the index at {_redacted(str(engine.url))}: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text_[0] if text_ else type(exc).__name__


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction (SQLAlchemy Core, no ORM session); the caller holds the sync lock.

    A shared PostgreSQL index is also held with an advisory lock for the
    transaction, so team members' syncs from other machines serialise too.
    Commits on success, rolls back on any error.
    """
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # One lock per schema: repositories in schemas of one database do not wait for each other.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key # hashtext(current_setting('search_path'))::bigint)"),
                {"key": ADVISORY_LOCK_KEY},
            )
            _create_schema(connection)
        yield connection


def _create_schema(connection: Connection) -> None:
    """Create the schema a URL's ``search_path`` names (``?options=-csearch_path=NAME``)
    when it is not there yet: tables go to the first schema that exists."""
    if connection.execute(text("SELECT current_schema()")).scalar() is not None:
        return
    wanted = [name for name in search_path(connection.execute(text("SHOW search_path")).scalar() or "") if name != "$user"]
    if wanted:
        quoted = connection.dialect.identifier_preparer.quote_identifier(wanted[0])
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))


def search_path(setting: str) -> list[str]:
    """The schema names of a ``search_path`` setting, unquoted (``"My Team", b`` -> ``My Team``, ``b``)."""
    names, name, quoted, i = [], "", False, 0
    while i < len(setting):
        char = setting[i]
        if quoted and char == '"' and setting[i + 1 : i + 2] == '"':
            name, i = name + '"', i + 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            names.append(name.strip())
            name = ""
        else:
            name += char
        i += 1
    names.append(name.strip())
    return [n for n in names if n]


def stamp(connection: Connection) -> dict[str, str | None]:
    """Mark a sync of an index on a PostgreSQL server with a new generation,
    and return what a later no-change sync compares (:mod:`plansync.index.served`)."""
    from plansync.index import served  # the fingerprint's SQL, shared with the no-change check

    generation = uuid.uuid4().hex
    changed = connection.execute(text("UPDATE meta SET value = :g WHERE key = 'generation'"), {"g": generation})
    if not changed.rowcount:  # type: ignore[attr-defined]
        connection.execute(text("INSERT INTO meta (key, value) VALUES ('generation', :g)"), {"g": generation})
    rows = connection.execute(text(served.FINGERPRINT_SQL)).all()
    return {"generation": generation, "fingerprint": served.fingerprint(rows)}
