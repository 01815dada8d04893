"""Read-only SQL on the index, enforced by the database, not by trust.

SQLite: the file is opened read-only (``mode=ro``) and an authorizer
refuses ATTACH, DETACH and every pragma but a few introspection ones.
PostgreSQL: the query runs in a READ ONLY transaction. On both, one
statement at a time: a second statement could end the read-only
transaction and start a writable one.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine

from plansync.errors import RefusedError
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


def _authorizer(action: int, arg1: Any, arg2: Any, _database: Any, _trigger: Any) -> int:
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and str(arg1).lower() in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def single_statement(sql: str) -> str:
    """``sql`` without a trailing ``;``; refuses a second statement."""
    index, length = 0, len(sql)
    end = None
    while index < length:
        char = sql[index]
        if char in "'\"":
            closing = sql.find(char, index + 1)
            index = length if closing < 0 else closing + 1
            continue
        if sql.startswith("--", index):
            newline = sql.find("\n", index)
            index = length if newline < 0 else newline + 1
            continue
        if sql.startswith("/*", index):
            closing = sql.find("*/", index + 2)
            index = length if closing < 0 else closing + 2
            continue
        if char == ";":
            end = index
            rest = sql[index + 1 :]
            if single_statement_rest_is_empty(rest):
                break
            raise RefusedError("query runs one statement at a time; remove what follows the ';'")
        index += 1
    statement = sql if end is None else sql[:end]
    if not statement.strip():
        raise RefusedError("the query is empty")
    return statement


def single_statement_rest_is_empty(rest: str) -> bool:
    stripped = rest.strip()
    while stripped.startswith("--") or stripped.startswith("/*") or stripped.startswith(";"):
        if stripped.startswith(";"):
            stripped = stripped[1:].strip()
        elif stripped.startswith("--"):
            newline = stripped.find("\n")
            stripped = "" if newline < 0 else stripped[newline + 1 :].strip()
        else:
            closing = stripped.find("*/")
            stripped = "" if closing < 0 else stripped[closing + 2 :].strip()
    return not stripped


def run_read_only(url: str, sql: str) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of ``sql``; refuses anything that would write."""
    statement = single_statement(sql)
    if is_sqlite(url):
        path = sqlite_path(url)
        engine: Engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    else:
        engine = create_engine(url)
    try:
        with engine.connect() as connection:
            dbapi_connection = connection.connection.dbapi_connection
            if is_sqlite(url):
                dbapi_connection.set_authorizer(_authorizer)  # type: ignore[union-attr]
            else:
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            # The DB-API cursor runs the text as written: no placeholder
            # parsing, so a LIKE '%x%' is just SQL.
            cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(statement)
                columns = [d[0] for d in cursor.description] if cursor.description else []
                rows = [tuple(row) for row in cursor.fetchall()] if cursor.description else []
            except Exception as exc:
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


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
