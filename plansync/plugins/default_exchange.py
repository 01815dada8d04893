"""The built-in ``json`` exporter and importer: the whole repository as one document.

``export --to json`` writes every plan file (path, kind, slug, data, and
its exact text) in path order, with no time stamp, so the same repository
always gives the same bytes; with ``--event`` only that event and what it
reaches (:mod:`plansync.plugins.scope`), a stock file trimmed to its lines
about those (and then without its text). ``import --from json`` of that document into
an empty repository recreates byte-identical files. Run logs carry their
event's name so the export reads on its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from plansync.errors import PlansyncError
from plansync.plugins import Exporter, Importer, ImportPlan, RecordProblem, export_scope, hookimpl, read_source

if TYPE_CHECKING:
    from plansync.load.workspace import Workspace

EXPORT_FORMAT = "plansync-export"
EXPORT_VERSION = 1


def export_json(workspace: Workspace, event: str | None) -> str:
    names = {slug: workspace.get("event", slug).data.get("name") for slug in workspace.slugs("event")}  # type: ignore[union-attr]
    files = []
    for scoped in export_scope(workspace, event):
        doc = scoped.document
        entry = {"path": doc.path, "kind": doc.kind, "slug": doc.slug, "data": scoped.data}
        if scoped.whole:
            entry["text"] = doc.text
        if doc.kind == "runs" and doc.data.get("event"):
            entry["event_name"] = names.get(doc.data["event"])
        files.append(entry)
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "files": files}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def import_json(path: Path) -> ImportPlan:
    try:
        document = json.loads(read_source(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlansyncError(f"{path.name} is not a plansync JSON export: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise PlansyncError(f"{path.name} is not a plansync JSON export (no \"format\": \"{EXPORT_FORMAT}\")")
    if document.get("version") != EXPORT_VERSION:
        raise PlansyncError(f"{path.name} is export version {document.get('version')!r}; this plansync reads {EXPORT_VERSION}")
    plan = ImportPlan()
    for index, entry in enumerate(document.get("files") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not isinstance(entry.get("data"), dict):
            plan.problems.append(RecordProblem(f"file entry {index + 1}", "needs a \"path\" and a \"data\" mapping"))
            continue
        plan.documents.append((entry["path"], entry["data"]))
        if isinstance(entry.get("text"), str):
            plan.texts[entry["path"]] = entry["text"]
    return plan


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(Exporter("json", "the whole repository as one deterministic JSON document", export_json))


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    register(Importer("json", "a plansync JSON export (plansync export --to json)", import_json))
