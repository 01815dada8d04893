"""``sync --history``: every committed version of every plan file, as rows.

One ``git log --raw`` (:mod:`plansync.git.log`, as ``history`` reads
it) lists what each commit changed (on the first-parent line, so a merge
counts as the change it brought); one ``git cat-file
--batch`` process reads the blobs, each distinct blob parsed once. Rows go
to ``versions`` with the commit, author, time, path, kind, slug and content
as JSON; a deletion is a row with ``removed`` true. The last commit indexed
is kept in ``meta``, so the next run reads only newer commits (history that
was rewritten is indexed again from the start).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, delete, insert, select, update

from plansync.errors import LoadError
from plansync.formats.format import FormatTable, format_for
from plansync.git import log as gitlog
from plansync.git.io import CatFile, GitError, is_work_tree, run_git
from plansync.index import models as m
from plansync.repo.repository import SETTINGS_FILE, PlanRepo

HEAD_KEY = "history_head"


@dataclass(frozen=True)
class HistoryReport:
    commits: int
    versions: int
    rebuilt: bool


def _is_plan_path(path: str, extensions: tuple[str, ...]) -> bool:
    return (
        path.lower().endswith(extensions)
        and path != SETTINGS_FILE
        and not any(part.startswith(".") for part in path.split("/"))
    )


def sync_history(connection: Connection, repo: PlanRepo) -> HistoryReport:
    """Index the commits not yet in ``versions``; the caller commits."""
    if not is_work_tree(repo.root):
        raise GitError(f"{repo.root} is not in a git repository: there is no history to index")
    formats = repo.formats
    head = run_git(repo.root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).decode().strip()
    if not head:
        return HistoryReport(0, 0, False)
    last = connection.execute(select(m.meta.c.value).where(m.meta.c.key == HEAD_KEY)).scalar()
    rebuilt = False
    if last and not _is_ancestor(repo, last, head):
        connection.execute(delete(m.versions))
        last, rebuilt = None, True
    commits = gitlog.commits(repo.root, None, since=last, oldest_first=True)
    parsed: dict[str, tuple[str | None, str | None, str | None]] = {}
    rows: list[dict] = []
    with CatFile(repo.root) as cat:
        for commit in commits:
            when = datetime.fromisoformat(commit.committed).astimezone(timezone.utc).replace(tzinfo=None)
            for change in commit.changes:
                if not _is_plan_path(change.path, formats.extensions):
                    continue
                row = {"commit_sha": commit.sha, "committed_at": when, "author": commit.author, "path": change.path}
                if change.status == "D" or change.new_blob is None:
                    rows.append({**row, "kind": None, "slug": None, "content": None, "removed": True})
                    continue
                if change.new_blob not in parsed:
                    parsed[change.new_blob] = _parse_blob(cat, change.new_blob, change.path, formats)
                kind, slug, content = parsed[change.new_blob]
                rows.append({**row, "kind": kind, "slug": slug, "content": content, "removed": False})
    if rows:
        connection.execute(insert(m.versions), rows)
    _remember_head(connection, head)
    return HistoryReport(len(commits), len(rows), rebuilt)


def _is_ancestor(repo: PlanRepo, ancestor: str, head: str) -> bool:
    try:
        run_git(repo.root, "merge-base", "--is-ancestor", ancestor, head)
    except GitError:
        return False
    return True


def _parse_blob(cat: CatFile, blob: str, path: str, formats: FormatTable) -> tuple[str | None, str | None, str | None]:
    raw = cat.read(blob)
    fmt = format_for(path, formats)
    if raw is None or fmt is None:
        return None, None, None
    try:
        data = fmt.read(raw.decode("utf-8-sig"))
    except (LoadError, UnicodeDecodeError):
        return None, None, None
    if not isinstance(data, dict):
        return None, None, json.dumps(data, ensure_ascii=False)
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None
    slug = data.get("slug") if isinstance(data.get("slug"), str) else None
    if slug is None and kind in ("runs", "amendments", "snapshot") and isinstance(data.get("event"), str):
        slug = data["event"]
    return kind, slug, json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _remember_head(connection: Connection, head: str) -> None:
    exists = connection.execute(select(m.meta.c.key).where(m.meta.c.key == HEAD_KEY)).scalar()
    if exists:
        connection.execute(update(m.meta).where(m.meta.c.key == HEAD_KEY).values(value=head))
    else:
        connection.execute(insert(m.meta).values(key=HEAD_KEY, value=head))
