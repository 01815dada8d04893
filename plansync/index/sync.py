"""``sync``: bring the index in step with the files, in one transaction.

Files are compared with the ``files`` table by content hash (checkouts
reset modification times, so mtimes prove nothing). Only added and changed
files are parsed; unchanged files come back from the JSON the index kept,
so cross-file rules still see the whole repository. A file with error
problems (including a reference that no longer resolves) keeps a ``files``
row but none of its entity rows, until it is fixed. The transaction is
committed once at the end: a sync killed at any point leaves the previous
index as it was.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from plansync import __version__, schemas
from plansync.errors import LoadError, Problem
from plansync.index import models as m
from plansync.index.bulk import bulk_insert
from plansync.index.report import SyncReport
from plansync.index.rows import INSERT_ORDER, rows_of
from plansync.index.state import Seen
from plansync.loader import Document, check_document, format_for, parse_bytes
from plansync.repo import PlanRepo
from plansync.sources import WorkTree
from plansync.workspace import Workspace

Progress = Callable[[int, int], None]
CHUNK = 500


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _digest(repo: PlanRepo, rule_codes: Iterable[str]) -> str:
    """What, besides file contents, decides whether a file is valid."""
    settings = repr(repo.settings)
    parts = [__version__, str(m.INDEX_SCHEMA_VERSION), schemas.schema_version(), settings, ",".join(rule_codes)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _meta(session: Session) -> dict[str, str]:
    return {key: value for key, value in session.execute(select(m.Meta.key, m.Meta.value))}


def prepare(session: Session, rebuild: bool) -> str | None:
    """Create the tables, or drop and recreate them for a rebuild or an index
    written by another plansync version; returns why it was rebuilt."""
    bind = session.connection()
    m.Base.metadata.create_all(bind, tables=[m.Meta.__table__])
    meta = _meta(session)
    reason = None
    if rebuild:
        reason = "rebuild asked for"
    elif meta and meta.get("schema_version") != str(m.INDEX_SCHEMA_VERSION):
        reason = f"the index was written by another plansync version ({meta.get('plansync_version', '?')})"
    if reason:
        m.Base.metadata.drop_all(bind)
        session.expire_all()
    m.Base.metadata.create_all(bind)
    if reason or not meta:
        session.execute(delete(m.Meta))
        session.execute(
            insert(m.Meta),
            [
                {"key": "schema_version", "value": str(m.INDEX_SCHEMA_VERSION)},
                {"key": "plansync_version", "value": __version__},
                {"key": "digest", "value": ""},
            ],
        )
    return reason


def _read_all(source: WorkTree, paths: list[str], limit: int, report: SyncReport) -> dict[str, bytes | LoadError]:
    contents: dict[str, bytes | LoadError] = {}
    for path in paths:
        try:
            raw, stat = source.read_with_stat(path, limit)
        except LoadError as exc:
            contents[path] = exc
        except OSError as exc:
            contents[path] = LoadError(f"cannot read file: {exc.strerror}", code="unreadable")
        else:
            contents[path] = raw
            report.seen[path] = Seen.of(stat, hashlib.sha256(raw).hexdigest())
    return contents


def sync(
    session: Session,
    repo: PlanRepo,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Update the index from the work tree of ``repo``; the caller commits."""
    from plansync.plugins.manager import get_registry
    from plansync.validation.runner import validate

    registry = get_registry()
    report = SyncReport(rebuilt=prepare(session, rebuild))
    source = WorkTree(repo.root)
    paths, listing_problems = source.list_files(registry.extensions)
    contents = _read_all(source, paths, repo.settings.max_file_bytes, report)
    hashes = {path: report.seen[path].sha256 if path in report.seen else "unreadable" for path in paths}
    known = {
        row.path: row
        for row in session.execute(select(m.File.path, m.File.sha256, m.File.content, m.File.problems, m.File.indexed))
    }
    report.added = [p for p in paths if p not in known]
    report.changed = [p for p in paths if p in known and known[p].sha256 != hashes[p]]
    report.removed = sorted(set(known) - set(paths))
    report.unchanged = len(paths) - len(report.added) - len(report.changed)
    digest = _digest(repo, (rule.code for rule in registry.rules))
    meta = _meta(session)
    if not (report.added or report.changed or report.removed) and meta.get("digest") == digest:
        report.problem_files = sum(1 for row in known.values() if row.problems)
        return report

    fresh = set(report.added) | set(report.changed)
    documents: list[Document] = []
    load_problems: list[Problem] = list(listing_problems)
    for done, path in enumerate(paths, 1):
        doc, found = _document(path, contents[path], known.get(path), path in fresh, registry.format_by_extension)
        load_problems.extend(found)
        if doc is not None:
            documents.append(doc)
        if progress:
            progress(done, len(paths))
    workspace = Workspace(repo, source, documents, load_problems, len(paths))
    report.problems = [p for p in validate(workspace) if p.path in contents or p.path == "plansync.yaml"]
    broken = {p.path for p in report.problems if p.is_error}
    counts: dict[str, int] = {}
    for problem in report.problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
    report.problem_files = len({p.path for p in report.problems if p.path in contents})

    by_path = {doc.path: doc for doc in documents}
    stale = [p for p, row in known.items() if row.indexed and (p in fresh or p in report.removed or p in broken)]
    _delete_rows(session, stale)
    _delete_files(session, report.removed + report.changed)
    if fresh:
        now = _now()
        bulk_insert(
            session,
            m.File.__table__,
            [
                {
                    "path": path, "sha256": hashes[path], "kind": _kind(by_path.get(path)),
                    "slug": _slug(by_path.get(path)), "size": _size(contents[path]), "indexed_at": now,
                    "content": _content(by_path.get(path)), "problems": counts.get(path, 0), "indexed": False,
                }  # fmt: skip
                for path in sorted(fresh)
            ],
        )
    wanted = {p for p in paths if p not in broken and p in by_path}
    had = {p for p, row in known.items() if row.indexed and p not in stale}
    _insert_rows(session, [by_path[p] for p in sorted(wanted - had)])
    _update_flags(session, paths, known, fresh, wanted, counts)
    session.execute(update(m.Meta).where(m.Meta.key == "digest").values(value=digest))
    return report


def _document(path: str, raw: bytes | LoadError, row: Any, fresh: bool, formats: dict) -> tuple[Document | None, list[Problem]]:
    fmt = format_for(path, formats)
    if isinstance(raw, LoadError):
        return None, [Problem(path, raw.code or "unreadable", raw.message, "error", raw.line, raw.column)]
    if fmt is None:
        return None, [Problem(path, "unknown-format", "no format plugin reads this file's extension")]
    if not fresh and row is not None and row.content is not None:
        # Unchanged since the last sync: reuse its data instead of parsing it again.
        text = raw.decode("utf-8-sig", errors="replace")
        doc = Document(path, text, json.loads(row.content), fmt, row.sha256)
        return doc, check_document(doc)
    try:
        doc = parse_bytes(path, raw, fmt)
    except LoadError as exc:
        return None, [Problem(path, exc.code or "unreadable", exc.message, "error", exc.line, exc.column)]
    return doc, check_document(doc)


def _size(raw: bytes | LoadError) -> int:
    return len(raw) if isinstance(raw, bytes) else 0


def _kind(doc: Document | None) -> str | None:
    return doc.kind if doc else None


def _slug(doc: Document | None) -> str | None:
    return doc.slug if doc else None


def _content(doc: Document | None) -> str | None:
    if doc is None:
        return None
    return json.dumps(doc.data, ensure_ascii=False, separators=(",", ":"))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _delete_rows(session: Session, paths: list[str]) -> None:
    for table in reversed(INSERT_ORDER):
        for chunk in _chunks(paths):
            session.execute(delete(table).where(table.c.file_path.in_(chunk)))


def _delete_files(session: Session, paths: list[str]) -> None:
    for chunk in _chunks(paths):
        session.execute(delete(m.File).where(m.File.path.in_(chunk)))


def _insert_rows(session: Session, documents: list[Document]) -> None:
    grouped: dict[Table, list[dict]] = {}
    for doc in documents:
        kind = doc.kind
        if kind is None:
            continue
        for table, row in rows_of(kind, doc.path, doc.data):
            grouped.setdefault(table, []).append(row)
    for table in INSERT_ORDER:
        rows = grouped.get(table)
        if rows:
            bulk_insert(session, table, rows)


def _update_flags(session: Session, paths: list[str], known: dict, fresh: set[str], wanted: set[str], counts: dict[str, int]) -> None:
    changes = []
    for path in paths:
        indexed = path in wanted
        problems = counts.get(path, 0)
        row = known.get(path)
        if path in fresh or row is None or row.indexed != indexed or row.problems != problems:
            changes.append({"p": path, "indexed": indexed, "problems": problems})
    if changes:
        statement = update(m.File.__table__).where(m.File.__table__.c.path == bindparam("p"))
        session.execute(statement, changes)
