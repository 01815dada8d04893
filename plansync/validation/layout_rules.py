"""Rules over where files are: a file named for its slug, one event per folder.

A file's kind comes from its ``kind`` field, so a misnamed file still
loads; but ``new``, shell completion and a baker reading the tree all find
an entity by its file name, and an event's logs and snapshots live in the
event file's folder.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from typing import Iterator

from plansync.errors import Problem
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plugins.types import RuleContext
from plansync.repo.layout import EVENTS_FOLDER, FOLDERS, SLUG

#: Kinds whose file is named for its slug (``catalog/<folder>/<slug>.yaml``).
_NAMED_KINDS = (*FOLDERS, "event")


def _where(doc: Document) -> str:
    line, column = doc.locate(("slug",))
    return f"{doc.path}:{line}:{column}"


def file_names(context: RuleContext) -> Iterator[Problem]:
    """A catalog file is named ``<slug>.<ext>``; an event file sits in
    ``events/<slug>/``. A warning: the file works, but nothing that looks
    for the entity by name finds it."""
    for kind in _NAMED_KINDS:
        for doc in context.workspace.all(kind):
            yield from file_name_of(context.workspace, doc)


def file_name_of(workspace: Workspace, doc: Document) -> Iterator[Problem]:
    """:func:`file_names` of one document: its answer follows from the
    document and the files declaring the same slug."""
    kind, slug = doc.kind, doc.slug
    if kind not in _NAMED_KINDS or slug is None or not SLUG.match(slug):
        return  # no slug, or one the schema already refuses
    if len(workspace.by_kind[kind][slug]) > 1:
        return  # duplicate-slug says it: renaming onto the other file is no advice
    folder, name = posixpath.split(doc.path)
    stem, ext = posixpath.splitext(name)
    if kind == "event":
        expected = f"{EVENTS_FOLDER}/{slug}/event{ext}"
        if posixpath.basename(folder) != slug:
            message = f"event {slug!r} is in folder {folder or '.'}/, not {EVENTS_FOLDER}/{slug}/: move it to {expected}"
        elif stem != "event":
            message = f"file {name} declares event {slug!r}: rename it to {expected}"
        else:
            return
    else:
        if stem == slug:
            return
        expected = posixpath.join(folder, f"{slug}{ext}")
        message = f"file {name} declares {kind.replace('_', ' ')} {slug!r}: rename it to {expected}"
    yield doc.problem(("slug",), "file-name", message, severity="warning")


def event_folders(context: RuleContext) -> Iterator[Problem]:
    """One event file per folder: the folder holds that event's snapshots,
    amendments and runs, which a second event would share."""
    by_folder: dict[str, list[Document]] = defaultdict(list)
    for doc in context.workspace.all("event"):
        by_folder[posixpath.dirname(doc.path)].append(doc)
    for folder, docs in sorted(by_folder.items()):
        if len(docs) < 2:
            continue
        for doc in docs:
            others = ", ".join(_where(o) for o in docs if o is not doc)
            pointer = ("slug",) if doc.slug is not None else ("kind",)
            yield doc.problem(
                pointer,
                "event-folder",
                f"{folder or '.'}/ holds more than one event file (also {others}); "
                f"an event's snapshots and logs live in its folder: give each event its own {EVENTS_FOLDER}/<slug>/",
            )
