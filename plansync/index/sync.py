"""``sync``: bring the index in step with the files, in one transaction.

Files are compared with the ``files`` table by content hash (checkouts
reset modification times, so mtimes prove nothing). Files come through the
load cache (:mod:`plansync.cache.files`): only files whose content changed
are parsed, yet cross-file rules still see the whole repository. A file with error
problems (including a reference that no longer resolves) keeps a ``files``
row but none of its entity rows, until it is fixed. The transaction is
committed once at the end: a sync killed at any point leaves the previous
index as it was.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from sqlalchemy import Table, bindparam, delete, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from plansync import __version__
from plansync.index import identity as owner
from plansync.index import models as m
from plansync.index.bulk import bulk_insert
from plansync.index.database import _redacted
from plansync.index.leftout import indexable
from plansync.index.report import SyncReport
from plansync.index.rows import INSERT_ORDER, rows_of
from plansync.load.documents import Document
from plansync.load.workspace import Workspace, load_workspace
from plansync.plugins.manager import get_registry
from plansync.repo import schemas
from plansync.repo.repository import SETTINGS_FILE, PlanRepo
from plansync.validation.runner import validate

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


def _readable(session: Session) -> bool:
    """Whether the tables a sync reads first, if there, have plansync's columns."""
    existing = set(inspect(session.connection()).get_table_names())
    probes = {
        "meta": select(m.Meta.key, m.Meta.value),
        "files": select(m.File.path, m.File.sha256, m.File.problems, m.File.indexed),
    }
    try:
        with session.begin_nested():  # a failed probe must not end the sync's transaction
            for table, probe in probes.items():
                if table in existing:
                    session.execute(probe.limit(0))
    except DBAPIError:
        return False
    return True


def prepare(
    session: Session, rebuild: bool, repository: owner.Identity | None = None, damaged: bool = False
) -> str | None:
    """Create the tables, or drop and recreate them for a rebuild, an index
    written by another plansync version or one changed outside plansync
    (``damaged``); returns why it was rebuilt.

    An index recorded for another repository than ``repository`` is refused
    (:class:`~plansync.index.identity.OtherRepositoryError`) unless
    ``rebuild`` says to replace it.
    """
    bind = session.connection()
    foreign = not _readable(session)
    if not foreign:
        m.Base.metadata.create_all(bind, tables=[m.Meta.__table__])
    meta = {} if foreign else _meta(session)
    if repository is not None and not rebuild:
        where = _redacted(str(session.get_bind().url))
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
        m.Base.metadata.drop_all(bind)
        session.expire_all()
    m.Base.metadata.create_all(bind)
    if reason or not meta:
        meta = {}
        session.execute(delete(m.Meta))
        session.execute(
            insert(m.Meta),
            [
                {"key": "schema_version", "value": str(m.INDEX_SCHEMA_VERSION)},
                {"key": "plansync_version", "value": __version__},
                {"key": "digest", "value": ""},
            ],
        )
    if repository is not None:
        _record(session, meta, repository.meta())
    return reason


def _record(session: Session, meta: dict[str, str], values: dict[str, str]) -> None:
    """Set ``meta`` rows that differ from ``values``."""
    for key, value in values.items():
        if meta.get(key) == value:
            continue
        if key in meta:
            session.execute(update(m.Meta).where(m.Meta.key == key).values(value=value))
        else:
            session.execute(insert(m.Meta).values(key=key, value=value))


def sync(
    session: Session,
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

    registry = get_registry()
    report = SyncReport(rebuilt=prepare(session, rebuild, owner.identify(repo), damaged))
    if workspace is None:
        workspace = load_workspace(repo, progress=progress)
    hashes = workspace.hashes
    paths = sorted(hashes)
    report.seen = dict(workspace.seen)
    known = {row.path: row for row in session.execute(select(m.File.path, m.File.sha256, m.File.problems, m.File.indexed))}
    report.added = [p for p in paths if p not in known]
    report.changed = [p for p in paths if p in known and known[p].sha256 != hashes[p]]
    report.removed = sorted(set(known) - set(paths))
    report.unchanged = len(paths) - len(report.added) - len(report.changed)
    digest = _digest(repo, (rule.code for rule in registry.rules))
    meta = _meta(session)
    if not (report.added or report.changed or report.removed) and meta.get("digest") == digest:
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
                    "slug": _slug(by_path.get(path)), "size": _size(workspace.seen.get(path)), "indexed_at": now,
                    "problems": counts.get(path, 0), "indexed": path in wanted,
                }  # fmt: skip
                for path in sorted(fresh)
            ],
        )
    had = {p for p, row in known.items() if row.indexed and p not in stale}
    _insert_rows(session, [by_path[p] for p in sorted(wanted - had)])
    _update_flags(session, [p for p in paths if p not in fresh], known, wanted, counts)
    session.execute(update(m.Meta).where(m.Meta.key == "digest").values(value=digest))
    return report


def _size(seen: Any) -> int:
    return seen.size if seen is not None else 0


def _kind(doc: Document | None) -> str | None:
    return doc.kind if doc else None


def _slug(doc: Document | None) -> str | None:
    return doc.slug if doc else None


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


def _update_flags(session: Session, paths: list[str], known: dict, wanted: set[str], counts: dict[str, int]) -> None:
    """Files that did not change whose rows came or went, or whose problems did."""
    changes = []
    for path in paths:
        indexed = path in wanted
        problems = counts.get(path, 0)
        row = known[path]
        if row.indexed != indexed or row.problems != problems:
            changes.append({"p": path, "indexed": indexed, "problems": problems})
    if changes:
        statement = update(m.File.__table__).where(m.File.__table__.c.path == bindparam("p"))
        session.execute(statement, changes)
