"""``sync`` through SQLAlchemy: any database, and a local one that must be
created, rebuilt or repaired first; the work is :func:`plansync.index.changes.apply`.

The caller's transaction is committed once at the end: a sync killed at
any point leaves the previous index as it was.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from sqlalchemy import Connection, bindparam, delete, inspect, insert, select, update
from sqlalchemy.exc import DBAPIError

from plansync import __version__
from plansync.index import identity as owner
from plansync.index import models as m
from plansync.index.bulk import bulk_insert
from plansync.index.changes import Known, apply
from plansync.index.database import _redacted
from plansync.index.report import SyncReport
from plansync.index.rows import INSERT_ORDER, T
from plansync.load.workspace import Workspace, load_workspace
from plansync.repo.repository import PlanRepo

Progress = Callable[[int, int], None]
CHUNK = 500


def _meta(connection: Connection) -> dict[str, str]:
    return {key: value for key, value in connection.execute(select(m.meta.c.key, m.meta.c.value))}


def _readable(connection: Connection) -> bool:
    """Whether the tables a sync reads first, if there, have plansync's columns."""
    existing = set(inspect(connection).get_table_names())
    probes = {
        "meta": select(m.meta.c.key, m.meta.c.value),
        "files": select(m.files.c.path, m.files.c.sha256, m.files.c.problems, m.files.c.indexed),
    }
    try:
        with connection.begin_nested():  # a failed probe must not end the sync's transaction
            for table, probe in probes.items():
                if table in existing:
                    connection.execute(probe.limit(0))
    except DBAPIError:
        return False
    return True


def prepare(
    connection: Connection, rebuild: bool, repository: owner.Identity | None = None, damaged: bool = False
) -> str | None:
    """Create the tables, or drop and recreate them for a rebuild, an index
    written by another plansync version or one changed outside plansync
    (``damaged``); returns why it was rebuilt.

    An index recorded for another repository than ``repository`` is refused
    (:class:`~plansync.index.identity.OtherRepositoryError`) unless
    ``rebuild`` says to replace it.
    """
    foreign = not _readable(connection)
    if not foreign:
        m.metadata.create_all(connection, tables=[m.meta])
    meta = {} if foreign else _meta(connection)
    if repository is not None and not rebuild:
        where = _redacted(str(connection.engine.url))
        owner.check(repository, meta, where)
    reason = None
    if rebuild:
        reason = "rebuild asked for"
    elif foreign:
        reason = "the index holds tables plansync cannot read (damaged, or another program's)"
    elif meta and meta.get("schema_version") != str(m.INDEX_SCHEMA_VERSION):
        reason = f"the index was written by another plansync version ({meta.get('plansync_version', '?')})"
    elif damaged:
        reason = "it was changed outside plansync since the last sync (its digest differs)"
    if reason:
        m.metadata.drop_all(connection)
    m.metadata.create_all(connection)
    if reason or not meta:
        meta = {}
        connection.execute(delete(m.meta))
        connection.execute(
            insert(m.meta),
            [
                {"key": "schema_version", "value": str(m.INDEX_SCHEMA_VERSION)},
                {"key": "plansync_version", "value": __version__},
                {"key": "digest", "value": ""},
            ],
        )
    if repository is not None:
        _record(connection, meta, repository.meta())
    return reason


def _record(connection: Connection, meta: dict[str, str], values: dict[str, str]) -> None:
    """Set ``meta`` rows that differ from ``values``."""
    for key, value in values.items():
        if meta.get(key) == value:
            continue
        if key in meta:
            connection.execute(update(m.meta).where(m.meta.c.key == key).values(value=value))
        else:
            connection.execute(insert(m.meta).values(key=key, value=value))


def sync(
    connection: Connection,
    repo: PlanRepo,
    *,
    rebuild: bool = False,
    damaged: bool = False,
    progress: Progress | None = None,
    workspace: Workspace | None = None,
) -> SyncReport:
    """Update the index from the work tree of ``repo``; the caller commits.

    The files come through the load cache like every other command's, so
    files another command already read are neither read nor parsed again.
    ``workspace``: the work tree already loaded by the caller (which may have
    started loading it before opening the database). ``damaged``: the index
    was changed outside plansync, so it is rebuilt (yet an index of another
    repository is replaced only for ``rebuild``).
    """

    report = SyncReport(rebuilt=prepare(connection, rebuild, owner.identify(repo), damaged))
    if workspace is None:
        workspace = load_workspace(repo, progress=progress)
    return apply(CoreWriter(connection), repo, workspace, report)


class CoreWriter:
    """:class:`plansync.index.changes.Writer` on a SQLAlchemy connection (Core statements)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def meta(self) -> dict[str, str]:
        return _meta(self.connection)

    def files(self) -> dict[str, Known]:
        query = select(m.files.c.path, m.files.c.sha256, m.files.c.problems, m.files.c.indexed)
        return {path: Known(sha256, problems, indexed) for path, sha256, problems, indexed in self.connection.execute(query)}

    def delete_rows(self, paths: list[str]) -> None:
        for table in reversed(INSERT_ORDER):
            for chunk in _chunks(paths):
                self.connection.execute(delete(table).where(table.c.file_path.in_(chunk)))

    def delete_files(self, paths: list[str]) -> None:
        for chunk in _chunks(paths):
            self.connection.execute(delete(m.files).where(m.files.c.path.in_(chunk)))

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        bulk_insert(self.connection, T[table], rows)

    def update_flags(self, changes: list[dict[str, Any]]) -> None:
        if changes:
            statement = update(m.files).where(m.files.c.path == bindparam("p"))
            self.connection.execute(statement, changes)

    def set_digest(self, digest: str) -> None:
        self.connection.execute(update(m.meta).where(m.meta.c.key == "digest").values(value=digest))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
