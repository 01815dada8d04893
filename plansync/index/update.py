"""Bringing a repository's index up to date: the one function ``sync``,
``query`` and the web view call.

It owns the whole use case: the fast answer for an unchanged index (from
the recorded sync state, without importing SQLAlchemy; a PostgreSQL server
is asked whether anyone synced since), the sync
lock, loading the files (parsed on every core while the database layer
loads), the writer (the sqlite3 module for a local index that is in shape,
else SQLAlchemy Core: :mod:`plansync.index.litewrite`), one transaction, ``--history``, and
remembering the state for the next fast answer.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from plansync.errors import PlansyncError
from plansync.index import state
from plansync.index.report import SyncReport
from plansync.index.urls import index_url, is_sqlite, sqlite_path
from plansync.repo.repository import STATE_DIR, PlanRepo
from plansync.store.locks import FileLock, LockUnavailable

if TYPE_CHECKING:
    from plansync.load.workspace import PendingLoad, Workspace

Notify = Callable[[str], None]
Progress = Callable[[int, int], None]


def update_index(
    repo: PlanRepo,
    url: str | None,
    notify: Notify,
    *,
    rebuild: bool = False,
    history: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync the work tree of ``repo`` into the index at ``url`` (default:
    the repository's own); ``notify`` hears what the user should know
    (waiting for a lock, a rebuilt index, history counts)."""
    resolved = index_url(repo, url)
    database = sqlite_path(resolved) if is_sqlite(resolved) else None
    damaged = False
    served = database is None and resolved.startswith("postgresql")
    if not rebuild and (database is not None or served):
        if database is not None:
            quick = state.unchanged(repo, resolved, database)
        else:
            quick = state.unchanged_on_server(repo, resolved)
        if quick is state.DAMAGED:
            damaged = True
        elif quick is not None and not history:
            return SyncReport.unchanged_files(quick["unchanged"], quick["problems"])

    from plansync.load.workspace import (
        start_loading,  # the fast answer above reads no plan file
    )

    with _sync_lock(repo, database, notify):
        started = state.now_ns()
        state.forget(repo)
        pending = start_loading(repo)
        report = None
        server = None
        if database is not None and not (rebuild or damaged or history):
            report = _write_locally(repo, database, pending, progress)
        if report is None:
            # SQLAlchemy loads while the files are being parsed.
            from sqlalchemy.exc import DBAPIError  # with the path that raises it

            from plansync.index.service import (  # SQLAlchemy: not on the fast answer
                open_index,
                stamp,
                transaction,
            )
            from plansync.index.sync import (
                sync as sync_files,  # SQLAlchemy: not on the fast answer
            )

            engine = open_index(resolved, notify, own_folder=repo.state_dir)
            try:
                with (
                    _write_errors(repo, resolved, database, DBAPIError),
                    _loaded(pending, progress) as workspace,
                    transaction(engine) as connection,
                ):
                    report = sync_files(connection, repo, rebuild=rebuild, damaged=damaged, workspace=workspace)
                    if history:
                        from plansync.index.history import (
                            sync_history,  # git log parsing: only with --history
                        )

                        done = sync_history(connection, repo)
                        again = " (history was rewritten: indexed again)" if done.rebuilt else ""
                        notify(f"history: {done.commits} new commit(s), {done.versions} file version(s){again}")
                    server = stamp(connection) if served else None
            finally:
                engine.dispose()
        if report.rebuilt and not rebuild:  # said whatever the command and format
            notify(f"rebuilt the index: {report.rebuilt}")
        if database is not None or server is not None:
            listing = (pending.paths, pending.problems, pending.folders) if pending.folders is not None else None
            state.remember(
                repo, resolved, database, report.seen, repo.formats.extensions, report.problem_files, started, server,
                listing,
            )  # fmt: skip
    return report


@contextlib.contextmanager
def _sync_lock(repo: PlanRepo, database: Path | None, notify: Notify) -> Iterator[None]:
    """The repository's sync lock, held while the index is brought up to date.

    Where the lock cannot be made (a read-only repository, a ``.plansync/``
    closed to this user), an index inside the repository cannot be written
    either: refused, saying where an index can go. An index elsewhere (a
    ``--db`` file or server) is synced without it, as files are read
    without the shared read lock there: its own transaction keeps two syncs
    apart."""
    lock = FileLock(repo.state_dir, "sync", notify=notify)
    try:
        lock.acquire()
    except LockUnavailable as exc:
        if database is not None and _inside(repo.root, database):
            why = "the repository is on a read-only file system" if exc.read_only else f"{STATE_DIR}/ is not writable"
            raise PlansyncError(
                f"cannot make or update the index {repo.relative(database)}: {why}; give an index outside the "
                "repository, e.g. --db sqlite:////tmp/plansync-index.sqlite (or set PLANSYNC_DB)"
            ) from None
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _write_locally(repo: PlanRepo, database: Path, pending: PendingLoad, progress: Progress | None) -> SyncReport | None:
    """The sync through the sqlite3 writer, or None when the index needs the
    SQLAlchemy path (see :mod:`plansync.index.litewrite`)."""
    from plansync.index import (
        identity as owner,  # git, for the index's owner: only when writing
    )
    from plansync.index.changes import apply  # the rules: only when writing
    from plansync.index.litewrite import (
        open_ready,  # sqlite3 alone: no SQLAlchemy on this path
    )

    writer = open_ready(database, owner.identify(repo))
    if writer is None:
        return None
    with _write_errors(repo, str(database), database, sqlite3.Error), _loaded(pending, progress) as workspace, writer:
        return apply(writer, repo, workspace, SyncReport())


@contextlib.contextmanager
def _loaded(pending: PendingLoad, progress: Progress | None) -> Iterator[Workspace]:
    """The workspace, its load cache written once when the sync is done with
    it: the validation a sync runs adds its results to the same write (the
    whole cache, ~4 MB at 5,000 files, was written twice)."""
    workspace = pending.finish(progress, save_cache=False)
    try:
        yield workspace
    finally:
        if workspace.cache is not None:
            workspace.cache.save()


@contextlib.contextmanager
def _write_errors(repo: PlanRepo, url: str, database: Path | None, driver_error: type[Exception]) -> Iterator[None]:
    """A database that fails while the sync writes (a full disk, a server
    gone) is a located error, not a bug: its transaction is rolled back, so
    the index is as it was before the sync."""
    try:
        yield
    except driver_error as exc:
        reason = getattr(exc, "orig", None) or exc
        if database is None:
            where = _shown(url)
        else:
            where = repo.relative(database) if _inside(repo.root, database) else str(database)
        raise PlansyncError(
            f"cannot write the index {where}: {reason}; nothing was changed in it (is the disk full?)"
        ) from None


def _shown(url: str) -> str:
    from plansync.index.database import (
        _redacted,  # SQLAlchemy's URL parser: only on this error
    )

    return _redacted(url)
