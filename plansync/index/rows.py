"""From a validated document to the rows it puts in the index, as
SQLAlchemy tables (:mod:`plansync.index.builders` builds them by name)."""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import Table

from plansync.index import builders
from plansync.index import models as m

Rows = Iterator[tuple[Table, dict[str, Any]]]

T = m.metadata.tables


def rows_of(kind: str, path: str, data: dict) -> Rows:
    return ((T[name], row) for name, row in builders.rows_of(kind, path, data))


#: Entity tables in an order that satisfies every foreign key when inserting
#: (reverse it to delete).
INSERT_ORDER = [t for t in m.metadata.sorted_tables if t.name not in ("meta", "files", "versions")]
