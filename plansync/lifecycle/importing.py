"""Importing: an importer's documents checked, placed and written.

Import is the one writing command that goes on past a bad record: each
document is checked on its own (a safe path inside the repository, a format
for its extension, its kind's schema) and a bad one becomes a problem naming
it; the good ones are written, each atomically. What would be written is
known before anything is, so ``--dry-run`` shows exactly the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from functools import partial
from typing import Any, Callable

from plansync.errors import LoadError, PlansyncError
from plansync.formats.format import format_for
from plansync.plugins.types import Importer, RecordProblem
from plansync.repo import schemas
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


def _safe_path(repo: PlanRepo, relative: str) -> str:
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
    path = repo.path(_safe_path(repo, relative))
    fmt = format_for(relative, repo.formats)
    if fmt is None or not path.is_file():
        return None
    try:
        return fmt.read(path.read_text(encoding="utf-8-sig"))
    except (LoadError, OSError, UnicodeDecodeError):
        return None


def plan_import(
    repo: PlanRepo, importer: Importer, source: Path, progress: Callable[[int, int], None] | None = None
) -> ImportOutcome:
    plan = importer.convert(source, partial(_current, repo)) if importer.reads_repository else importer.convert(source)
    outcome = ImportOutcome(problems=list(plan.problems), notes=list(plan.notes))
    seen: set[str] = set()
    for done, (relative, data) in enumerate(plan.documents, 1):
        label = f"{data.get('kind', 'document')} {data.get('slug') or relative!r}" if isinstance(data, dict) else relative
        try:
            path = _safe_path(repo, relative)
            if path in seen:
                raise PlansyncError(f"{path} is written twice by this import")
            seen.add(path)
            kind = data.get("kind")
            if kind not in schemas.KINDS:
                raise PlansyncError(f"unknown kind {kind!r}")
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
