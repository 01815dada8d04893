"""Importing: an importer's documents checked, placed and written.

Import is the one writing command that goes on past a bad record: each
document is checked on its own (a safe path inside the repository, a format
for its extension, its kind's schema) and a bad one becomes a problem naming
it; the good ones are written. What would be written is known before
anything is, so ``--dry-run`` shows exactly the same plan. The writing is
all or nothing: every file goes through one journaled step
(:func:`plansync.lifecycle.files.write_together`), so a write that fails
part-way (a full disk, a target that turned into a link) puts back what
was written, removes the folders it made, and :class:`ImportAborted` says
what stopped it; a killed import is finished or undone by the next
writing command.
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
from plansync.lifecycle.files import Planned, write_together
from plansync.load.sources import unprintable
from plansync.plugins.sources import MAX_IMPORT_BYTES
from plansync.plugins.types import Importer, RecordProblem
from plansync.repo import schemas
from plansync.repo.layout import FOLDERS
from plansync.repo.paths import node_kind, read_regular
from plansync.repo.repository import PlanRepo
from plansync.store.atomic import WriteError
from plansync.store.writer import Rendered, render


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


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _check_name(repo: PlanRepo, relative: str, seen_folded: dict[str, str], listings: dict[Path, dict[str, str]]) -> None:
    """Names that validate (or another checkout) would refuse, or that the
    file system cannot hold, are refused before anything is written.
    ``listings`` keeps each folder's names (folded) for the whole import:
    listing a folder of 10,000 files for each of them made imports quadratic."""
    folded = _fold(relative)
    if folded in seen_folded and seen_folded[folded] != relative:
        raise PlansyncError(f"path {relative!r} differs from {seen_folded[folded]!r} only in case; one would hide the other")
    seen_folded[folded] = relative
    full = repo.path(relative)
    try:
        mode: int | None = os.lstat(full).st_mode
    except OSError:
        mode = None
    if mode is not None and os.path.isdir(full):
        raise PlansyncError(f"path {relative!r} is a folder in the repository; an import writes files only")
    kind = node_kind(mode) if mode is not None else None
    if kind is not None:
        raise PlansyncError(f"path {relative!r} is {kind} in the repository; an import replaces regular files only")
    if full.parent not in listings:
        try:
            names = os.listdir(full.parent)
        except OSError:
            names = []
        listings[full.parent] = {}
        for name in names:
            listings[full.parent].setdefault(_fold(name), name)
    existing = listings[full.parent].get(_fold(full.name))
    if existing is not None and existing != full.name:
        raise PlansyncError(f"path {relative!r} differs from the existing {existing!r} only in case; one would hide the other")


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


def _safe_path(repo: PlanRepo, relative: str, folders_checked: set[Path] | None = None) -> str:
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
    repo.writable(relative, folders_checked)
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
    listings: dict[Path, dict[str, str]] = {}
    folders_checked: set[Path] = set()
    for done, (relative, data) in enumerate(plan.documents, 1):
        label = f"{data.get('kind', 'document')} {data.get('slug') or relative!r}" if isinstance(data, dict) else relative
        try:
            path = _safe_path(repo, relative, folders_checked)
            if path in seen:
                raise PlansyncError(f"{path} is written twice by this import")
            seen.add(path)
            _check_name(repo, path, folded, listings)
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
            if exact is not None:  # no need to render what the importer gave exactly
                old = repo.path(path).read_text(encoding="utf-8") if repo.path(path).exists() else None
                action = "create" if old is None else ("unchanged" if old == exact else "update")
                rendered = Rendered(path, exact, action)
            else:
                rendered = render(repo, path, data)
            outcome.files.append(rendered)
        except PlansyncError as exc:
            outcome.problems.append(RecordProblem(label, exc.message))
        if progress:
            progress(done, len(plan.documents))
    return outcome


class ImportAborted(PlansyncError):
    """An import stopped while writing; every file is as it was before it.
    ``outcome`` is what it would have written, ``reason`` what stopped it."""

    def __init__(self, reason: str, outcome: ImportOutcome) -> None:
        changing = sum(1 for f in outcome.files if f.action != "unchanged")
        super().__init__(
            f"the import stopped: {reason}; nothing was written "
            f"(none of the {changing} file(s) it would have written was changed)"
        )
        self.reason = reason
        self.outcome = outcome


#: What a write error appends about the one file it failed on; the import's
#: own summary says it of every file.
_UNCHANGED = ("; the file is unchanged", "; no file was changed")


def _reason(exc: PlansyncError) -> str:
    message = exc.message
    if isinstance(exc, WriteError):
        for tail in _UNCHANGED:
            message = message.removesuffix(tail)
    return message


def _missing_folders(repo: PlanRepo, files: list[Rendered]) -> list[Path]:
    """The folders writing ``files`` would create, deepest first."""
    missing: set[Path] = set()
    for rendered in files:
        folder = repo.path(rendered.path).parent
        while folder != repo.root and folder not in missing and not os.path.lexists(folder):
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda folder: len(folder.parts), reverse=True)


def _old_bytes(repo: PlanRepo, relative: str) -> bytes | None:
    path = repo.path(relative)
    # The plan checked it is a regular file (or nothing); a bound all the same.
    return read_regular(path, MAX_IMPORT_BYTES, relative) if os.path.lexists(path) else None


def apply_import(repo: PlanRepo, outcome: ImportOutcome) -> None:
    """Write every file of ``outcome`` or none: on a failure the files
    written are put back, the folders made are removed, and
    :class:`ImportAborted` names what stopped the import."""
    changing = [f for f in outcome.files if f.action != "unchanged"]
    made = _missing_folders(repo, changing)
    try:
        planned = [Planned(rendered, _old_bytes(repo, rendered.path)) for rendered in changing]
        write_together(repo, planned, flush_once=True)
    except BaseException as exc:
        for folder in made:
            try:
                os.rmdir(folder)
            except OSError:
                pass  # not empty: someone else's file went there meanwhile
        if isinstance(exc, PlansyncError):
            raise ImportAborted(_reason(exc), outcome) from None
        raise
