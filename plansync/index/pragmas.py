"""How plansync sets up every connection to a SQLite index, whether SQLAlchemy
or the sqlite3 writer (:mod:`plansync.index.litewrite`) opens it.

Foreign keys are switched on (SQLite leaves them off unless asked, per
connection), a busy database is waited for instead of failing, and
write-ahead logging lets reports read while a sync writes.
"""

from __future__ import annotations

from typing import Any

PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=30000", "PRAGMA journal_mode=WAL")


def configure(dbapi_connection: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
