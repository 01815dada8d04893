"""``export --to csv``: the index's tables as CSV files, one per table.

The rows are those ``sync`` writes, built from the files by the index's own
row builders and left out by the same rule (a file with errors, or one that
names what such a file declares, has no rows), so the files need no
database. Each file has a header row of the table's columns and its rows
sorted by key; the numbers the database assigns to child rows (``id``) are
left out, as they say nothing about the plan. The index's bookkeeping
tables (``meta``, ``files``, ``versions``) are not exported.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from plansync.index.leftout import indexable
from plansync.index.rows import INSERT_ORDER, rows_of
from plansync.load.workspace import Workspace
from plansync.plugins.scope import export_scope
from plansync.validation.runner import validate

#: Columns the database fills in, not the files.
ASSIGNED = ("id",)


def index_tables(workspace: Workspace, event: str | None) -> dict[str, str]:
    """``{"<table>.csv": text}`` for every plan table of the index; with
    ``event``, only the rows of that event and what it reaches."""
    scoped = export_scope(workspace, event)
    in_index = _indexed_paths(workspace)
    rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in INSERT_ORDER}
    for item in scoped:
        doc = item.document
        if doc.kind is None or doc.path not in in_index:
            continue
        for table, row in rows_of(doc.kind, doc.path, item.data):
            rows[table.name].append(row)
    files = {}
    for table in INSERT_ORDER:
        columns = [column.name for column in table.columns if column.name not in ASSIGNED]
        key = [column.name for column in table.primary_key.columns if column.name not in ASSIGNED] or columns
        ordered = sorted(rows[table.name], key=lambda row: tuple(_sortable(row.get(name)) for name in key))
        files[f"{table.name}.csv"] = _csv(columns, ordered)
    return files


def _indexed_paths(workspace: Workspace) -> set[str]:
    """The files whose rows a sync puts in the index (see index/sync.py)."""
    broken = {p.path for p in validate(workspace) if p.is_error or p.code == "only-in-snapshot"}
    by_path = {doc.path: doc for doc in workspace.documents}
    wanted, _left_out = indexable(by_path, {path for path in by_path if path not in broken})
    return wanted


def _sortable(value: Any) -> tuple[bool, Any]:
    return (value is not None, value if value is not None else 0)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in columns])
    return out.getvalue()
