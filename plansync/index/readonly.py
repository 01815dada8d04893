"""Read-only SQL on the index, enforced by the database, not by trust.

SQLite: the file is opened read-only (``mode=ro``) and an authorizer
refuses ATTACH, DETACH and every pragma but a few introspection ones.
PostgreSQL: only a reading statement (SELECT, WITH, VALUES, TABLE, SHOW,
EXPLAIN) is sent, as one prepared statement (the server refuses a second
one), in a READ ONLY transaction. A superuser may also run programs and
write files from a mere SELECT (``COPY ... TO PROGRAM``, ``lo_export``), so
over a superuser's connection the query runs as ``pg_read_all_data``
(PostgreSQL 14+), which can read every table and nothing else; the
functions that could switch back are refused by name
(:mod:`plansync.index.sqltext`). On both, one statement at a time.

A query runs for at most ``timeout`` seconds (``query_timeout`` in
plansync.yaml) and stops on Ctrl-C: SQLite calls a progress handler every
few thousand instructions, which ends the statement once the time is up or
SIGINT came (a recursive CTE never returns to Python otherwise, and
SIGINT's KeyboardInterrupt waits for it); PostgreSQL gets a
``statement_timeout``, and psycopg cancels the statement on Ctrl-C.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine

from plansync.errors import RefusedError
from plansync.index.numbers import plain_number
from plansync.index.service import check_connection
from plansync.index.sqltext import check_postgres_query, single_statement
from plansync.index.urls import is_sqlite, sqlite_path

_READ_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "compile_options", "collation_list", "function_list",
}  # fmt: skip
_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}


#: Functions that reveal the process rather than the index: fts3_tokenizer
#: returns a tokenizer's address in memory (and with two arguments, installs one).
_REFUSED_FUNCTIONS = {"fts3_tokenizer", "load_extension"}


def _authorizer(action: int, arg1: Any, arg2: Any, _database: Any, _trigger: Any) -> int:
    if action == sqlite3.SQLITE_FUNCTION and str(arg2).lower() in _REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and str(arg1).lower() in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


class QueryStopped(RefusedError):
    """A query ran past its time limit, or was interrupted (Ctrl-C)."""


#: SQLite virtual-machine instructions between two checks of the clock.
_PROGRESS_STEPS = 10_000


class _Stop:
    """When a SQLite statement must stop: a deadline, or SIGINT."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.interrupted = False
        self.timed_out = False

    def __call__(self) -> int:
        if self.interrupted:
            return 1
        if time.monotonic() > self.deadline:
            self.timed_out = True
            return 1
        return 0

    def error(self) -> QueryStopped | None:
        if self.interrupted:
            return QueryStopped("query stopped: interrupted (Ctrl-C)")
        if self.timed_out:
            return QueryStopped(
                f"query stopped after {self.timeout:g} s (query_timeout in plansync.yaml); "
                "narrow the query, or raise query_timeout"
            )
        return None


@contextmanager
def _sigint_stops(stop: _Stop) -> Iterator[None]:
    """Ctrl-C sets the stop flag while the statement runs (SQLite's C loop
    would not see a KeyboardInterrupt before it ends)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(_signum: int, _frame: Any) -> None:
        stop.interrupted = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_read_only(url: str, sql: str, timeout: float = 10.0) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of ``sql``; refuses anything that would write,
    and stops it after ``timeout`` seconds or on Ctrl-C."""
    statement = single_statement(sql)
    if not is_sqlite(url):
        check_postgres_query(statement)
    if is_sqlite(url):
        path = sqlite_path(url)
        engine: Engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    else:
        engine = create_engine(url)
        check_connection(engine)
    try:
        with engine.connect() as connection:
            dbapi_connection = connection.connection.dbapi_connection
            stop = _Stop(timeout)
            if is_sqlite(url):
                dbapi_connection.set_authorizer(_authorizer)  # type: ignore[union-attr]
                dbapi_connection.set_progress_handler(stop, _PROGRESS_STEPS)  # type: ignore[union-attr]
            else:
                _restrict_postgres(connection)
                connection.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(timeout * 1000))}")
            # The DB-API cursor runs the text as written: no placeholder
            # parsing, so a LIKE '%x%' is just SQL.
            cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                with _sigint_stops(stop):
                    if engine.dialect.driver == "psycopg":
                        # The extended protocol: the server takes exactly one statement.
                        cursor.execute(statement, prepare=True)
                    else:
                        cursor.execute(statement)
                    columns = [d[0] for d in cursor.description] if cursor.description else []
                    rows = [tuple(map(_plain, row)) for row in cursor.fetchall()] if cursor.description else []
            except KeyboardInterrupt:
                raise QueryStopped("query stopped: interrupted (Ctrl-C)") from None
            except Exception as exc:
                stopped = stop.error() or _postgres_timeout(exc, timeout)
                if stopped is not None:
                    raise stopped from None
                reason = _reason(exc)
                if reason in ("not authorized", "attempt to write a readonly database") or "read-only transaction" in reason:
                    reason = f"the index is read-only here: writes, ATTACH and setting pragmas are refused ({reason})"
                raise RefusedError(f"query refused: {reason}") from None
            finally:
                cursor.close()
                connection.rollback()
    finally:
        engine.dispose()
    return columns, rows


def _plain(value: Any) -> Any:
    """A PostgreSQL NUMERIC (a quantity, a SUM) as a number: an int when whole."""
    return plain_number(value) if isinstance(value, Decimal) else value


def _restrict_postgres(connection: Any) -> None:
    """A READ ONLY transaction, as a role that can only read when the
    connection's own role could do more (a superuser)."""
    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    superuser = connection.exec_driver_sql("SELECT current_setting('is_superuser')").scalar() == "on"
    if not superuser:
        return
    reader = connection.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = 'pg_read_all_data'").scalar()
    if not reader:
        raise RefusedError(
            "query refused: connected as a PostgreSQL superuser, whose queries can run programs on the server, "
            "and this server has no pg_read_all_data role (PostgreSQL 14+) to run them as; connect as a role "
            "that can only read the index"
        )
    connection.exec_driver_sql("SET LOCAL SESSION AUTHORIZATION pg_read_all_data")


def _postgres_timeout(exc: Exception, timeout: float) -> QueryStopped | None:
    if "statement timeout" not in _reason(exc):
        return None
    stop = _Stop(timeout)
    stop.timed_out = True
    return stop.error()


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
