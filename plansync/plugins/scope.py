"""What an export of one event holds: the event and every definition it reaches.

An exporter given ``--event`` writes the event's own files (its file, runs,
amendments, snapshots), every definition its plan reaches through
references (goods, units, recipes, ingredients, material units, packages,
recipients), the materials those name, the products that buy any of them
(and their suppliers), and of the repository's stock files (inventory,
purchases) the lines about those things only. Taken as a repository of its
own it validates clean: nothing it holds names what it left out.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from plansync.engine.references import references

if TYPE_CHECKING:
    from plansync.load.documents import Document
    from plansync.load.workspace import Workspace

#: Event-owned kinds: exported with their event only.
EVENT_KINDS = ("event", "runs", "amendments", "snapshot")
#: Repository-wide files whose lines are kept when what they are about is
#: kept: the field holding the lines, and what a line may name besides.
LINE_FILES = {"inventory": ("items", ()), "purchases": ("purchases", ("supplier",))}


@dataclass(frozen=True)
class Scoped:
    """One document of an export: ``data`` is the document's own data, or a
    copy keeping only the lines in scope (``whole`` is then False, and the
    file's exact text no longer matches it)."""

    document: Document
    data: Any
    whole: bool = True


def _named(kind: str, data: Any) -> Iterator[tuple[str, str]]:
    """(kind, slug) of everything ``data`` names, materials included (the
    reference table leaves those to a warning, for older repositories)."""
    for _pointer, target, slug in references(kind, data):
        yield target, slug
    if not isinstance(data, dict):
        return
    if kind in ("material_unit", "product") and isinstance(data.get("material"), str):
        yield "material", data["material"]
    for line in data.get("items") or () if kind == "inventory" else ():
        if isinstance(line, dict) and isinstance(line.get("material"), str):
            yield "material", line["material"]


def _line_named(kind: str, line: Any) -> set[tuple[str, str]]:
    field, _besides = LINE_FILES[kind]
    return set(_named(kind, {field: [line]}))


def export_scope(workspace: Workspace, event: str | None) -> list[Scoped]:
    """The documents an export writes, in path order: every document, or
    (``event``) the event and what it reaches. Refuses an unknown event."""
    documents = sorted(workspace.documents, key=lambda d: d.path)
    if event is None:
        return [Scoped(doc, doc.data) for doc in documents]
    folder = posixpath.dirname(workspace.event(event).path) + "/"
    # Its own logs and snapshots, wherever they are, and what its folder holds.
    start = [d for d in documents if (d.kind in EVENT_KINDS and _owner(d) == event) or (folder != "/" and d.path.startswith(folder))]
    kept: dict[str, Document] = {}
    named: set[tuple[str, str]] = set()
    _reach(workspace, start, kept, named)
    buying = [
        d for d in workspace.all("product") if any(target in named for target in _named("product", d.data) if target[0] != "supplier")
    ]
    _reach(workspace, buying, kept, named)
    lined: list[Scoped] = []
    besides: list[Document] = []
    for kind, (field, others) in LINE_FILES.items():
        for doc in workspace.all(kind):
            lines = doc.data.get(field) if isinstance(doc.data, dict) else None
            if not isinstance(lines, list):
                continue
            keep = []
            for line in lines:
                about = _line_named(kind, line)
                if {target for target in about if target[0] not in others} <= named:
                    keep.append(line)
                    besides += [d for k, slug in about if k in others for d in workspace.by_kind.get(k, {}).get(slug, [])]
            if keep:
                whole = len(keep) == len(lines)
                lined.append(Scoped(doc, doc.data if whole else {**doc.data, field: keep}, whole))
    _reach(workspace, besides, kept, named)
    scoped = [Scoped(doc, doc.data) for doc in kept.values()] + lined
    return sorted(scoped, key=lambda s: s.document.path)


def _owner(doc: Document) -> str | None:
    if doc.kind == "event":
        return doc.slug
    return doc.data.get("event") if isinstance(doc.data, dict) else None


def _reach(workspace: Workspace, start: list[Document], kept: dict[str, Document], named: set[tuple[str, str]]) -> None:
    queue = list(start)
    while queue:
        doc = queue.pop()
        if doc.path in kept or doc.kind is None:
            continue
        kept[doc.path] = doc
        if doc.slug is not None:
            named.add((doc.kind, doc.slug))
        for target in _named(doc.kind, doc.data):
            if target[0] in EVENT_KINDS:
                continue  # a log names its own event, already kept
            named.add(target)
            queue.extend(workspace.by_kind.get(target[0], {}).get(target[1], []))
