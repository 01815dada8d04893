"""What a sync changes in the index, whichever way the index is written.

Files are compared with the ``files`` table by content hash (checkouts
reset modification times, so mtimes prove nothing). Files come through the
load cache (:mod:`plansync.cache.files`): only files whose content changed
are parsed, yet cross-file rules still see the whole repository. A file with error
problems (including a reference that no longer resolves) keeps a ``files``
row but none of its entity rows, until it is fixed.

The index is written through a :class:`Writer`: SQLAlchemy Core for any
database (:mod:`plansync.index.sync`), or the sqlite3 module for a local
index that is already in shape (:mod:`plansync.index.litewrite`), which
spares a sync the import of SQLAlchemy. Both get the same calls with the
same rows, so both leave the same index. No SQLAlchemy here.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any, Iterable, NamedTuple, Protocol

from plansync import __version__
from plansync.index import compiled
from plansync.index.builders import rows_of
from plansync.index.leftout import indexable
from plansync.index.report import SyncReport
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plugins.manager import get_registry
from plansync.repo import schemas
from plansync.repo.repository import SETTINGS_FILE, PlanRepo
from plansync.validation.runner import validate


class Known(NamedTuple):
    """A file's row as the last sync left it."""

    sha256: str
    problems: int
    indexed: bool


class Writer(Protocol):
    """The index's tables, inside the caller's transaction."""

    def meta(self) -> dict[str, str]: ...

    def files(self) -> dict[str, Known]: ...

    def delete_rows(self, paths: list[str]) -> None:
        """Every entity row from these files (children first)."""

    def delete_files(self, paths: list[str]) -> None: ...

    def insert(self, table: str, rows: list[dict[str, Any]]) -> None: ...

    def update_flags(self, changes: list[dict[str, Any]]) -> None:
        """``{"p": path, "indexed": ..., "problems": ...}`` for each file."""

    def set_digest(self, digest: str) -> None: ...


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def digest(repo: PlanRepo, rule_codes: Iterable[str]) -> str:
    """What, besides file contents, decides whether a file is valid."""
    settings = repr(repo.settings)
    parts = [__version__, str(compiled.INDEX_SCHEMA_VERSION), schemas.schema_version(), settings, ",".join(rule_codes)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def apply(writer: Writer, repo: PlanRepo, workspace: Workspace, report: SyncReport) -> SyncReport:
    """Bring the index behind ``writer`` in step with ``workspace``; fills and returns ``report``."""
    registry = get_registry()
    hashes = workspace.hashes
    paths = sorted(hashes)
    report.seen = dict(workspace.seen)
    known = writer.files()
    report.added = [p for p in paths if p not in known]
    report.changed = [p for p in paths if p in known and known[p].sha256 != hashes[p]]
    report.removed = sorted(set(known) - set(paths))
    report.unchanged = len(paths) - len(report.added) - len(report.changed)
    wanted_digest = digest(repo, (rule.code for rule in registry.rules))
    meta = writer.meta()
    if not (report.added or report.changed or report.removed) and meta.get("digest") == wanted_digest:
        report.problem_files = sum(1 for row in known.values() if row.problems and not row.indexed)
        return report

    fresh = set(report.added) | set(report.changed)
    report.problems = [p for p in validate(workspace) if p.path in hashes or p.path == SETTINGS_FILE]
    # A locked event may name a definition only its snapshot keeps: its rows
    # would break a foreign key, so it stays out like a file with errors.
    broken = {p.path for p in report.problems if p.is_error or p.code == "only-in-snapshot"}
    counts: dict[str, int] = {}
    for problem in report.problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1

    by_path = {doc.path: doc for doc in workspace.documents}
    wanted, left_out = indexable(by_path, {p for p in paths if p not in broken})
    report.problems += left_out
    for problem in left_out:
        counts[problem.path] = counts.get(problem.path, 0) + 1
    # Files left out of the index for their problems (warnings alone leave a file in).
    report.problem_files = len({p.path for p in report.problems if p.path in hashes and p.path not in wanted})
    stale = [p for p, row in known.items() if row.indexed and (p in fresh or p in report.removed or p not in wanted)]
    writer.delete_rows(stale)
    writer.delete_files(report.removed + report.changed)
    if fresh:
        at = now()
        writer.insert(
            "files",
            [
                {
                    "path": path, "sha256": hashes[path], "kind": _kind(by_path.get(path)),
                    "slug": _slug(by_path.get(path)), "size": _size(workspace.seen.get(path)), "indexed_at": at,
                    "problems": counts.get(path, 0), "indexed": path in wanted,
                }  # fmt: skip
                for path in sorted(fresh)
            ],
        )
    had = {p for p, row in known.items() if row.indexed and p not in stale}
    _insert_rows(writer, [by_path[p] for p in sorted(wanted - had)])
    writer.update_flags(_flag_changes([p for p in paths if p not in fresh], known, wanted, counts))
    writer.set_digest(wanted_digest)
    return report


def _size(seen: Any) -> int:
    return seen.size if seen is not None else 0


def _kind(doc: Document | None) -> str | None:
    return doc.kind if doc else None


def _slug(doc: Document | None) -> str | None:
    return doc.slug if doc else None


def _insert_rows(writer: Writer, documents: list[Document]) -> None:
    grouped: dict[str, list[dict]] = {}
    for doc in documents:
        kind = doc.kind
        if kind is None:
            continue
        for table, row in rows_of(kind, doc.path, doc.data):
            grouped.setdefault(table, []).append(row)
    for table in compiled.INSERT_ORDER:
        rows = grouped.get(table)
        if rows:
            writer.insert(table, rows)


def _flag_changes(paths: list[str], known: dict[str, Known], wanted: set[str], counts: dict[str, int]) -> list[dict]:
    """Files that did not change whose rows came or went, or whose problems did."""
    changes = []
    for path in paths:
        indexed = path in wanted
        problems = counts.get(path, 0)
        row = known[path]
        if row.indexed != indexed or row.problems != problems:
            changes.append({"p": path, "indexed": indexed, "problems": problems})
    return changes
