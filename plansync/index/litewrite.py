"""Writing a local SQLite index with the sqlite3 module, without SQLAlchemy.

Importing SQLAlchemy (Core alone) costs about 0.25 s on the project's
machine: five times what a sync of one changed file may add. So a
local index that is missing (a first sync) or already in shape (every
table there, ``meta`` and ``files`` readable, this schema version, this
repository's) is written here, with the statements SQLAlchemy compiled
from the models once (:mod:`plansync.index.compiled`), the same rows and
the same conversions as the SQLAlchemy path. Anything else (an index to
rebuild, of another version or repository, damaged or not a database at
all) returns None, and the SQLAlchemy path (:mod:`plansync.index.sync`)
deals with it as it always did, messages included.
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any, Callable

from plansync import __version__
from plansync.index import compiled
from plansync.index import identity as owner
from plansync.index.changes import Known
from plansync.index.pragmas import configure

_CONVERTERS: dict[str, Callable[[Any], Any]] = {"int": int, "float": float}


def open_ready(database: Path, identity: owner.Identity) -> LiteWriter | None:
    """A writer in an open transaction on ``database``, created if missing;
    None when the index needs what only the SQLAlchemy path does."""
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(database, isolation_level=None)
    except (OSError, sqlite3.Error):  # the SQLAlchemy path says why, as it always did
        return None
    writer = None
    try:
        configure(connection)
        connection.execute("BEGIN IMMEDIATE")
        writer = _ready(connection, identity)
    except sqlite3.DatabaseError:
        writer = None
    if writer is None:
        connection.close()  # closing rolls back whatever was begun
    return writer


def _ready(connection: sqlite3.Connection, identity: owner.Identity) -> LiteWriter | None:
    objects = connection.execute("SELECT type, name FROM sqlite_master").fetchall()
    deferred: list[str] = []
    if not objects:
        # A new index's secondary indexes are built after its rows: one
        # sorted build each costs less than keeping 72 of them in step with
        # every insert of a first sync.
        for statement in compiled.CREATE:
            if statement.startswith("CREATE INDEX "):
                deferred.append(statement)
            else:
                connection.execute(statement)
        meta: dict[str, str] = {}
        _insert_meta(connection, {"schema_version": str(compiled.INDEX_SCHEMA_VERSION), "plansync_version": __version__,
                                  "digest": ""})  # fmt: skip
    else:
        tables = {name for kind, name in objects if kind == "table"}
        if not tables.issuperset(compiled.TABLES):
            return None  # create_all adds what is missing
        connection.execute(compiled.SELECT_FILES + " LIMIT 0")  # plansync's columns, or DatabaseError
        meta = dict(connection.execute(compiled.SELECT_META).fetchall())
        if meta.get("schema_version") != str(compiled.INDEX_SCHEMA_VERSION):
            return None  # empty, or another version's: rebuilt
        recorded = meta.get(owner.KEY)
        if recorded is not None and not identity.accepts(recorded, meta.get(owner.LOCATION_KEY)):
            return None  # refused, with the message, by the SQLAlchemy path
    changed = {key: value for key, value in identity.meta().items() if meta.get(key) != value}
    sql, names = compiled.UPDATE_META
    for key, value in changed.items():
        if key in meta:
            connection.execute(sql, tuple({"k": key, "v": value}[n] for n in names))
        else:
            _insert_meta(connection, {key: value})
    return LiteWriter(connection, deferred)


def _insert_meta(connection: sqlite3.Connection, values: dict[str, str]) -> None:
    sql, names = compiled.INSERT["meta"]
    connection.executemany(sql, [tuple({"key": k, "value": v}[n] for n in names) for k, v in values.items()])


class LiteWriter:
    """:class:`plansync.index.changes.Writer` on a sqlite3 connection; as a
    context manager it commits on success, rolls back on error, and closes."""

    def __init__(self, connection: sqlite3.Connection, deferred_indexes: list[str] | None = None) -> None:
        self.connection = connection
        #: CREATE INDEX statements run at commit, in the same transaction.
        self.deferred_indexes = deferred_indexes or []

    def __enter__(self) -> LiteWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None) -> None:
        try:
            if kind is None:
                for statement in self.deferred_indexes:
                    self.connection.execute(statement)
            self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            self.connection.close()

    def meta(self) -> dict[str, str]:
        return dict(self.connection.execute(compiled.SELECT_META).fetchall())

    def files(self) -> dict[str, Known]:
        rows = self.connection.execute(compiled.SELECT_FILES)
        return {path: Known(sha256, problems, bool(indexed)) for path, sha256, problems, indexed in rows}

    def delete_rows(self, paths: list[str]) -> None:
        if paths:
            keys = [(path,) for path in paths]
            for table in reversed(compiled.INSERT_ORDER):
                self.connection.executemany(compiled.DELETE_ROWS[table], keys)

    def delete_files(self, paths: list[str]) -> None:
        if paths:
            self.connection.executemany(compiled.DELETE_FILE, [(path,) for path in paths])

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            sql, names = compiled.INSERT[table]
            self.connection.executemany(sql, _parameters(table, names, rows))

    def update_flags(self, changes: list[dict[str, Any]]) -> None:
        if changes:
            sql, names = compiled.UPDATE_FLAGS
            self.connection.executemany(sql, _parameters("files", names, changes))

    def set_digest(self, digest: str) -> None:
        sql, names = compiled.UPDATE_META
        self.connection.execute(sql, tuple({"k": "digest", "v": digest}[n] for n in names))


def _parameters(table: str, names: tuple[str, ...], rows: list[dict[str, Any]]) -> list[tuple]:
    """Rows as the driver's tuples, converted as SQLAlchemy converts them
    (a Number column as float, a Boolean as int; None stays None)."""
    converters = [(i, _CONVERTERS[kind]) for i, name in enumerate(names) if (kind := compiled.CONVERT.get(table, {}).get(name))]
    values_of = itemgetter(*names)  # every statement has two parameters or more: a tuple each
    if not converters:
        return [values_of(row) for row in rows]
    parameters = []
    for row in rows:
        values = list(values_of(row))
        for i, convert in converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        parameters.append(tuple(values))
    return parameters
