"""Entities added, removed and changed between two versions of a repository.

Entities are matched by (kind, slug), so a recipe moved to another file is
the same recipe; files without a slug (inventory, run logs, amendment logs,
snapshots) are matched by path, and so is ``plansync.yaml`` (kind
``settings``). A changed entity lists its changed fields (:mod:`.fielddiff`);
a move adds a ``(file)`` field. A file that does not parse on one side is
shown as that entity changed (``(file)``: parses -> does not parse), or as
a ``file`` added or removed when it has no other side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plansync.audit.decode import appended
from plansync.audit.fielddiff import FieldChange, field_changes
from plansync.errors import LoadError
from plansync.formats.format import format_for
from plansync.load.workspace import Workspace
from plansync.repo.repository import SETTINGS_FILE

FILE_FIELD = "(file)"


@dataclass(frozen=True)
class Entity:
    kind: str
    slug: str | None
    path: str
    data: Any = None
    #: Why the file does not parse (then ``kind`` is "file").
    error: str | None = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.slug if self.slug is not None else self.path}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "slug": self.slug, "path": self.path}


@dataclass(frozen=True)
class Changed:
    entity: Entity
    fields: list[FieldChange]
    #: Lines appended to a log, decoded (``purchase 3: 2 x flour-5lb, 9.98``).
    appended: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**self.entity.to_json(), "fields": [f.to_json() for f in self.fields]}


@dataclass
class EntityDiff:
    added: list[Entity] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)

    def counts(self) -> str:
        return f"{len(self.added)} to add, {len(self.changed)} to change, {len(self.removed)} to remove"

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [e.to_json() for e in self.added],
            "removed": [e.to_json() for e in self.removed],
            "changed": [c.to_json() for c in self.changed],
        }


def entities(workspace: Workspace) -> dict[tuple[str, str], Entity]:
    """The entities of a workspace by key: ("kind:slug", slug) or ("path", path)."""
    found: dict[tuple[str, str], Entity] = {}
    for doc in sorted(workspace.documents, key=lambda d: d.path):
        kind = doc.kind or "file"
        key = (f"kind:{kind}", doc.slug) if doc.slug is not None else ("path", doc.path)
        if key in found:  # a slug declared twice: the later files by path
            key = ("path", doc.path)
        found[key] = Entity(kind, doc.slug, doc.path, doc.data)  # type: ignore[index]
    parsed = {doc.path for doc in workspace.documents}
    for problem in workspace.problems:
        if problem.path not in parsed and problem.is_error and ("path", problem.path) not in found:
            found[("path", problem.path)] = Entity("file", None, problem.path, None, problem.message)
    settings = _settings(workspace)
    if settings is not None:
        found[("path", SETTINGS_FILE)] = settings
    return found


def _settings(workspace: Workspace) -> Entity | None:
    text = workspace.source.read_settings()
    if text is None:
        return None
    fmt = format_for(SETTINGS_FILE, workspace.repo.formats)
    try:
        data: Any = fmt.read(text) if fmt is not None else text
    except LoadError:
        data = text
    return Entity("settings", None, SETTINGS_FILE, data)


def diff_workspaces(old: Workspace, new: Workspace) -> EntityDiff:
    before, after = entities(old), entities(new)
    result = EntityDiff()
    removed = {key: entity for key, entity in before.items() if key not in after}
    added = {key: entity for key, entity in after.items() if key not in before}
    for key, entity in before.items():
        if key in after:
            fields = _fields(entity, after[key])
            if fields:
                result.changed.append(Changed(after[key], fields, appended(entity.kind, entity.data, after[key].data)))
    # A file that stopped (or started) parsing: the same entity, changed.
    broken_after = {e.path: key for key, e in added.items() if e.error is not None}
    for key, entity in list(removed.items()):
        if entity.path in broken_after and entity.error is None:
            other = added.pop(broken_after[entity.path])
            del removed[key]
            result.changed.append(Changed(entity, [FieldChange(FILE_FIELD, "parses", f"does not parse: {other.error}")]))
    broken_before = {e.path: key for key, e in removed.items() if e.error is not None}
    for key, entity in list(added.items()):
        if entity.path in broken_before and entity.error is None:
            other = removed.pop(broken_before[entity.path])
            del added[key]
            result.changed.append(Changed(entity, [FieldChange(FILE_FIELD, f"does not parse: {other.error}", "parses")]))
    result.added = sorted(added.values(), key=_order)
    result.removed = sorted(removed.values(), key=_order)
    result.changed.sort(key=lambda c: _order(c.entity))
    return result


def _fields(old: Entity, new: Entity) -> list[FieldChange]:
    fields = []
    if old.path != new.path:
        fields.append(FieldChange(FILE_FIELD, old.path, new.path))
    if old.error is not None or new.error is not None:
        if old.error != new.error:
            fields.append(FieldChange(FILE_FIELD, f"does not parse: {old.error}", f"does not parse: {new.error}"))
        return fields
    return fields + field_changes(old.data, new.data)


def _order(entity: Entity) -> tuple[str, str, str]:
    return entity.kind, entity.slug or "", entity.path
