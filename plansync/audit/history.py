"""The audit trail of a plan repository, an event or a path, decoded.

``history`` lists the commits that touched the scope, newest first, and for
each the changes decoded from the files themselves (:mod:`.decode`). Every
blob is read through one ``git cat-file --batch`` process and parsed once
with the format plugin its extension names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plansync.audit.decode import Record, Version, decode
from plansync.errors import LoadError, PlansyncError, RefusedError
from plansync.formats.format import Format, FormatTable, format_for
from plansync.git import log as gitlog
from plansync.git.io import CatFile
from plansync.load.workspace import load_workspace
from plansync.repo.layout import SLUG
from plansync.repo.repository import PlanRepo


@dataclass(frozen=True)
class Scope:
    """What a history covers: the whole repository, an event's folder, or a path."""

    #: "repository", "event" or "path"
    kind: str
    #: Relative to the plan repository; None for the whole repository.
    path: str | None
    label: str


@dataclass(frozen=True)
class Entry:
    commit: gitlog.Commit
    changes: list[Record]

    def to_json(self) -> dict[str, Any]:
        c = self.commit
        return {
            "sha": c.sha, "short": c.short, "date": c.date, "author": c.author, "subject": c.subject, "changes": self.changes,
        }  # fmt: skip


@dataclass(frozen=True)
class History:
    scope: Scope
    entries: list[Entry]

    def to_json(self) -> dict[str, Any]:
        return {"commits": [entry.to_json() for entry in self.entries]}


def resolve_scope(repo: PlanRepo, argument: str | None) -> Scope:
    """The scope ``argument`` names: an event slug, else a file or folder
    (relative to the working directory or to the plan repository), present
    now or in the history. Anything else is refused."""
    gitlog.require_git(repo.root)
    if argument is None or argument.strip() in ("", "."):
        return Scope("repository", None, "the plan repository")
    slug = argument if SLUG.match(argument) else None
    if slug and _conventional_event(repo, slug):
        return Scope("event", f"events/{slug}", f"event {slug}")
    path = _existing_path(repo, argument)
    if path is not None:
        return Scope("repository", None, "the plan repository") if path == "." else Scope("path", path, path)
    if slug:
        folder = _event_folder(repo, slug)
        if folder is not None:
            return Scope("event", folder, f"event {slug}")
    relative = _repo_relative(argument)
    if relative is not None and gitlog.touched(repo.root, relative):
        return Scope("path", relative, relative)
    raise RefusedError(
        f"unknown event or path {argument!r}: no event has that slug, "
        "and no file or folder has that path now or in the history"
    )


def _conventional_event(repo: PlanRepo, slug: str) -> bool:
    folder = repo.root / "events" / slug
    return any((folder / f"event{extension}").is_file() for extension in repo.formats.extensions)


def _existing_path(repo: PlanRepo, argument: str) -> str | None:
    """``argument`` as a plan-repository-relative path, when it exists in the work tree."""

    candidate = Path(argument).expanduser()
    if candidate.is_absolute() or os.path.exists(argument):
        try:
            relative = repo.relative(candidate)
        except PlansyncError:
            relative = None
        if relative is not None and (repo.root / relative).exists():
            return relative
    relative = _repo_relative(argument)
    if relative is not None and (repo.root / relative).exists():
        return relative
    return None


def _repo_relative(argument: str) -> str | None:
    path = Path(argument)
    if path.is_absolute() or ".." in path.parts:
        return None
    return path.as_posix()


def _event_folder(repo: PlanRepo, slug: str) -> str | None:
    """Where event ``slug`` lives now, or lived (a removed event's folder)."""

    workspace = load_workspace(repo)
    if workspace.has("event", slug):
        return workspace.event_folder(slug)
    if gitlog.touched(repo.root, f"events/{slug}"):
        return f"events/{slug}"
    return None


def history(repo: PlanRepo, argument: str | None, limit: int | None = None) -> History:
    """The decoded audit trail of ``argument`` (see :func:`resolve_scope`), newest first."""
    scope = resolve_scope(repo, argument)
    commits = gitlog.commits(repo.root, scope.path, limit)
    reader = _Reader(repo.formats, repo.settings.max_file_bytes)
    entries = []
    with CatFile(repo.root) as cat:
        for commit in commits:
            records: list[Record] = []
            for change in commit.changes:
                old = reader.version(cat, change.old_blob, change.path) if change.status != "A" else None
                new = reader.version(cat, change.new_blob, change.path) if change.status != "D" else None
                records.extend(decode(change.path, old, new))
            entries.append(Entry(commit, records))
    return History(scope, entries)


class _Reader:
    """Blobs parsed once each (per format), however many commits show them."""

    def __init__(self, formats: FormatTable, limit: int) -> None:
        self._formats = formats
        self._limit = limit
        self._parsed: dict[tuple[str | None, str], Version] = {}

    def version(self, cat: CatFile, blob: str | None, path: str) -> Version:
        fmt = format_for(path, self._formats)
        if fmt is None:
            return Version(opaque=True)
        key = (blob, fmt.name)
        if key not in self._parsed:
            self._parsed[key] = self._parse(cat, blob, fmt)
        return self._parsed[key]

    def _parse(self, cat: CatFile, blob: str | None, fmt: Format) -> Version:
        raw = cat.read(blob) if blob else None
        if raw is None:
            return Version(error="not in the git object database")
        if len(raw) > self._limit:
            return Version(error=f"file is {len(raw)} bytes, over the limit of {self._limit}")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return Version(error="not UTF-8")
        if not text.strip():
            return Version(error="the file is empty")
        try:
            return Version(fmt.read(text))
        except LoadError as exc:
            where = f"line {exc.line}: " if exc.line is not None else ""
            return Version(error=f"{where}{exc.message}")
        except (ValueError, TypeError, RecursionError) as exc:  # a third-party format's own failure
            return Version(error=f"{fmt.name} cannot read it: {exc}")
