"""Importing: an importer's documents checked, placed and written.

Import is the one writing command that goes on past a bad record: each
document is checked on its own (a safe path inside the repository, a format
for its extension, its kind's schema) and a bad one becomes a problem naming
it; the good ones are written, each atomically. What would be written is
known before anything is, so ``--dry-run`` shows exactly the same plan.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from plansync.errors import LoadError, PlansyncError, RefusedError
from plansync.formats.format import format_for
from plansync.load.sources import unprintable
from plansync.plugins.types import Importer, RecordProblem
from plansync.repo import schemas
from plansync.repo.layout import FOLDERS
from plansync.repo.paths import node_kind, read_regular
from plansync.repo.repository import PlanRepo
from plansync.store.writer import Rendered, render, write


@dataclass
class ImportOutcome:
    files: list[Rendered] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for f in self.files if f.action == action)

    @property
    def pending(self) -> bool:
        return any(f.action != "unchanged" for f in self.files)

    def to_json(self) -> dict:
        return {
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "files": [{"path": f.path, "action": f.action} for f in self.files],
            "problems": [{"record": p.record, "message": p.message} for p in self.problems],
            "notes": self.notes,
        }


#: The most an import reads: an export of a large repository is a few MB; a
#: FIFO or /dev/zero would otherwise be read until memory runs out.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
#: Kinds that belong to an event and live under ``events/``.
EVENT_KINDS = ("event", "snapshot", "amendments", "runs")
#: Names no Windows checkout can hold (git for Windows refuses them).
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_NAME_MAX = 255


def check_source(source: Path, limit: int = MAX_IMPORT_BYTES) -> None:
    """Refuse an import source that is not a regular file or a folder of
    them, or that holds more than ``limit`` bytes, before any importer reads it."""
    try:
        info = os.stat(source)
    except OSError as exc:
        raise RefusedError(f"cannot import {source}: {exc.strerror}") from None
    if os.path.isdir(source):
        total = 0
        for folder, _dirs, names in os.walk(source):
            for name in names:
                path = Path(folder) / name
                try:
                    mode = os.lstat(path).st_mode
                except OSError:
                    continue
                kind = node_kind(mode)
                if kind is not None and kind != "a symbolic link":
                    raise RefusedError(f"cannot import {path}: it is {kind}, not a regular file")
                total += os.stat(path).st_size if kind is None else 0
        info_size = total
    else:
        kind = node_kind(info.st_mode)
        if kind is not None:
            raise RefusedError(f"cannot import {source}: it is {kind}, not a regular file or a folder")
        info_size = info.st_size
    if info_size > limit:
        raise RefusedError(f"cannot import {source}: {info_size} bytes, over the limit of {limit} bytes for an import")


def _check_name(repo: PlanRepo, relative: str, seen_folded: dict[str, str]) -> None:
    """Names that validate (or another checkout) would refuse, or that the
    file system cannot hold, are refused before anything is written."""
    folded = unicodedata.normalize("NFC", relative).casefold()
    if folded in seen_folded and seen_folded[folded] != relative:
        raise PlansyncError(f"path {relative!r} differs from {seen_folded[folded]!r} only in case; one would hide the other")
    seen_folded[folded] = relative
    full = repo.path(relative)
    if os.path.isdir(full):
        raise PlansyncError(f"path {relative!r} is a folder in the repository; an import writes files only")
    try:
        siblings = os.listdir(full.parent)
    except OSError:
        siblings = []
    for name in siblings:
        if name != full.name and unicodedata.normalize("NFC", name).casefold() == unicodedata.normalize("NFC", full.name).casefold():
            raise PlansyncError(f"path {relative!r} differs from the existing {name!r} only in case; one would hide the other")


def _check_kind_place(repo: PlanRepo, relative: str, kind: str) -> None:
    """A document goes where its kind belongs, and never replaces a file of
    another kind or any file of an event past draft."""
    top = PurePosixPath(relative).parts[0]
    if kind in EVENT_KINDS and top != "events":
        raise PlansyncError(f"a {kind} goes under events/<event>/, not at {relative}")
    if kind not in EVENT_KINDS and top == "events":
        raise PlansyncError(f"a {kind} never goes under events/ ({relative}); its place is {FOLDERS.get(kind, 'the repository root')}/")
    old = _existing(repo, relative)
    if old is not None and isinstance(old, dict) and old.get("kind") != kind:
        raise PlansyncError(f"{relative} holds a {old.get('kind')}; an import never replaces a file of another kind")
    parts = PurePosixPath(relative).parts
    if top == "events" and len(parts) >= 3:
        for name in os.listdir(repo.path("/".join(parts[:2]))) if os.path.isdir(repo.path("/".join(parts[:2]))) else []:
            event = _existing(repo, f"{parts[0]}/{parts[1]}/{name}") if name.startswith("event.") else None
            state = event.get("plan_state", "draft") if isinstance(event, dict) and event.get("kind") == "event" else "draft"
            if state != "draft":
                raise PlansyncError(
                    f"event {parts[1]!r} is {state}; an import never changes the files of an event past draft"
                )


def _existing(repo: PlanRepo, relative: str) -> object:
    path = repo.path(relative)
    fmt = format_for(relative, repo.formats)
    if fmt is None or not path.is_file() or path.is_symlink():
        return None
    try:
        # No links, no special files, no more than loading would read.
        raw = read_regular(path, repo.settings.max_file_bytes)
        return fmt.read(raw.decode("utf-8-sig"))
    except (PlansyncError, OSError, UnicodeDecodeError):
        return None


def _check_text(relative: str) -> None:
    if unprintable(relative):
        raise PlansyncError(f"path {relative!r} holds a NUL or control character; plan file names are printable")
    for part in PurePosixPath(relative).parts:
        if len(part.encode("utf-8", errors="surrogatepass")) > _NAME_MAX:
            raise PlansyncError(f"path {relative[:60]!r}...: a name is longer than {_NAME_MAX} bytes")
        if part.split(".", 1)[0].lower() in _RESERVED:
            raise PlansyncError(f"path {relative!r}: {part!r} is a reserved device name on Windows; choose another name")


def _safe_path(repo: PlanRepo, relative: str) -> str:
    if not isinstance(relative, str):
        raise PlansyncError(f"path {relative!r} is not text")
    _check_text(relative)
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts or relative.startswith("~"):
        raise PlansyncError(f"path {relative!r} leads outside the repository")
    parts = candidate.parts
    if not parts or any(part.startswith(".") for part in parts):
        raise PlansyncError(f"path {relative!r} is hidden or empty; plan files are never hidden")
    if relative == "plansync.yaml":
        raise PlansyncError("an import never replaces plansync.yaml")
    repo.writable(relative)
    return candidate.as_posix()


def _exact_text(repo: PlanRepo, text: str | None, data: dict, relative: str) -> str | None:
    """The importer's exact text, when it really holds ``data``."""
    if text is None:
        return None
    fmt = format_for(relative, repo.formats)
    try:
        return text if fmt is not None and fmt.read(text) == data else None
    except LoadError:
        return None


def _current(repo: PlanRepo, relative: str) -> Any:
    """The data of one plan file as it is now (a folder, ending in ``/``:
    ``{path: data}`` of its plan files), for an importer that reads the repository."""
    if relative.endswith("/"):
        folder = repo.path(_safe_path(repo, relative.rstrip("/")))
        files = folder.glob("*") if folder.is_dir() else ()
        found = sorted(p.relative_to(repo.root).as_posix() for p in files if p.is_file() and not p.name.startswith("."))
        return {path: data for path in found if (data := _current(repo, path)) is not None}
    return _existing(repo, _safe_path(repo, relative))


def plan_import(
    repo: PlanRepo, importer: Importer, source: Path, progress: Callable[[int, int], None] | None = None
) -> ImportOutcome:
    check_source(source)
    plan = importer.convert(source, partial(_current, repo)) if importer.reads_repository else importer.convert(source)
    outcome = ImportOutcome(problems=list(plan.problems), notes=list(plan.notes))
    seen: set[str] = set()
    folded: dict[str, str] = {}
    for done, (relative, data) in enumerate(plan.documents, 1):
        label = f"{data.get('kind', 'document')} {data.get('slug') or relative!r}" if isinstance(data, dict) else relative
        try:
            path = _safe_path(repo, relative)
            if path in seen:
                raise PlansyncError(f"{path} is written twice by this import")
            seen.add(path)
            _check_name(repo, path, folded)
            kind = data.get("kind")
            if kind not in schemas.KINDS:
                raise PlansyncError(f"unknown kind {kind!r}")
            _check_kind_place(repo, path, kind)
            findings = schemas.check(kind, data)
            if findings:
                first = findings[0]
                where = "/".join(str(p) for p in first.pointer) or "top"
                raise PlansyncError(f"{first.message} (at {where})")
            if relative in plan.create_only and repo.path(path).exists():
                outcome.files.append(Rendered(path, repo.path(path).read_text(encoding="utf-8-sig"), "unchanged"))
                outcome.notes.append(f"kept the existing {path} (the import only had a stand-in for it)")
                continue
            exact = _exact_text(repo, plan.texts.get(relative), data, path)
            rendered = render(repo, path, data)
            if exact is not None:
                old = repo.path(path).read_text(encoding="utf-8") if repo.path(path).exists() else None
                action = "create" if old is None else ("unchanged" if old == exact else "update")
                rendered = Rendered(path, exact, action)
            outcome.files.append(rendered)
        except PlansyncError as exc:
            outcome.problems.append(RecordProblem(label, exc.message))
        if progress:
            progress(done, len(plan.documents))
    return outcome


def apply_import(repo: PlanRepo, outcome: ImportOutcome) -> None:
    for rendered in outcome.files:
        write(repo, rendered)
