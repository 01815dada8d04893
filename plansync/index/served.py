"""What a PostgreSQL index says about itself, asked in a few milliseconds.

A no-change sync of a shared index must still ask the server whether
someone else synced since (a teammate's sync, another machine). Importing
SQLAlchemy and psycopg to ask costs more than the whole answer may take
(psycopg's import alone is 50-90 ms, see docs/benchmarks.md), so this asks
through libpq itself, the C library psycopg is built on, with
:mod:`ctypes`: one connection, two reading statements, text results. When
libpq cannot be loaded or anything fails, the answer is None and the sync
takes the normal path, which says what went wrong.

Two facts answer "unchanged?": the ``generation`` every sync writes in
``meta`` (another sync happened) and a fingerprint of the schema and of
every table's rows (a table dropped, emptied or updated outside plansync). Both are
also read inside the sync's own transaction (:data:`GENERATION_SQL`,
:data:`FINGERPRINT_SQL`), so what is recorded is what was committed.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import importlib.util
import os
from typing import Any, Iterator, Sequence

GENERATION_SQL = "SELECT value FROM meta WHERE key = 'generation'"

#: Every table of the index's schema: its columns and types, its row count
#: and the sum of its rows' ``xmin`` (the transaction that wrote each row
#: version: an UPDATE outside plansync changes it). ``query_to_xml`` runs
#: the aggregate of each table found, so one statement sees every table,
#: whatever the schema holds. All text, so libpq's and psycopg's answers
#: compare equal.
FINGERPRINT_SQL = """
SELECT c.relname::text,
       (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
          FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) || '':'' || coalesce(sum(xmin::text::bigint), 0) AS n FROM %I.%I',
                                  n.nspname, c.relname), false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
 ORDER BY c.relname
"""

_DRIVERS = ("postgresql://", "postgresql+psycopg://", "postgresql+psycopg2://")
_CONNECTION_OK = 0
_PGRES_TUPLES_OK = 2


def fingerprint(rows: Sequence[Sequence[str | None]]) -> str:
    return hashlib.sha256(repr([tuple(row) for row in rows]).encode("utf-8", errors="surrogatepass")).hexdigest()


def conninfo(url: str) -> str | None:
    """The libpq connection URI of a SQLAlchemy PostgreSQL URL (None for another database)."""
    for prefix in _DRIVERS:
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            joiner = "&" if "?" in rest else "?"
            return f"postgresql://{rest}{joiner}client_encoding=UTF8"
    return None


def ask(url: str) -> tuple[str | None, str] | None:
    """(generation, fingerprint) of the index at ``url``; None when it cannot be asked."""
    info = conninfo(url)
    pq = _libpq() if info else None
    if pq is None or info is None:
        return None
    connection = pq.PQconnectdb(info.encode("utf-8"))
    if not connection:
        return None
    try:
        if pq.PQstatus(connection) != _CONNECTION_OK:
            return None
        generation = _rows(pq, connection, GENERATION_SQL)
        rows = _rows(pq, connection, FINGERPRINT_SQL)
        if generation is None or rows is None:
            return None
        return (generation[0][0] if generation else None), fingerprint(rows)
    finally:
        pq.PQfinish(connection)


def _rows(pq: Any, connection: int, sql: str) -> list[tuple[str | None, ...]] | None:
    result = pq.PQexec(connection, sql.encode("utf-8"))
    if not result:
        return None
    try:
        if pq.PQresultStatus(result) != _PGRES_TUPLES_OK:
            return None
        width = pq.PQnfields(result)
        return [
            tuple(
                None if pq.PQgetisnull(result, row, column) else pq.PQgetvalue(result, row, column).decode("utf-8")
                for column in range(width)
            )
            for row in range(pq.PQntuples(result))
        ]
    finally:
        pq.PQclear(result)


_LOADED: list[Any] = []


def _libpq() -> Any:
    """libpq, declared for the calls above; None when none can be loaded."""
    if _LOADED:
        return _LOADED[0]
    library = None
    for candidate in _candidates():
        try:
            library = ctypes.CDLL(candidate)
            break
        except OSError:
            continue
    if library is not None:
        _declare(library)
    _LOADED.append(library)
    return library


def _candidates() -> Iterator[str]:
    """The system's libpq, then the copy psycopg's binary wheel carries."""
    yield from ("libpq.so.5", "libpq.5.dylib", "libpq.dylib", "libpq.dll")
    try:
        spec = importlib.util.find_spec("psycopg_binary")  # finds, does not import
    except (ImportError, ValueError):
        return
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        parent = os.path.dirname(folder)
        for pattern in ("psycopg_binary.libs/libpq*.so*", "psycopg_binary/.dylibs/libpq*.dylib"):
            yield from sorted(glob.glob(os.path.join(parent, pattern)))


def _declare(pq: Any) -> None:
    pointer, integer, text = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    signatures = {
        "PQconnectdb": ([text], pointer),
        "PQstatus": ([pointer], integer),
        "PQfinish": ([pointer], None),
        "PQexec": ([pointer, text], pointer),
        "PQresultStatus": ([pointer], integer),
        "PQntuples": ([pointer], integer),
        "PQnfields": ([pointer], integer),
        "PQgetisnull": ([pointer, integer, integer], integer),
        "PQgetvalue": ([pointer, integer, integer], text),
        "PQclear": ([pointer], None),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(pq, name)
        function.argtypes = arguments
        function.restype = result
