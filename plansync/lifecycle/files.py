"""Writing several files of one event as one step: all of them or none.

A lifecycle command writes a new file (a snapshot, a log entry) and then
the event's own file (its state, its plan). Each write is atomic on its
own; :func:`write_together` makes the pair atomic too: when a later write
fails, the files written before it get their old content back (or are
removed when they were new), so a failed ``start`` never leaves a baseline
without the state change, nor the reverse.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from plansync.errors import PlansyncError, RefusedError
from plansync.load.documents import Document
from plansync.repo import schemas
from plansync.repo.repository import PlanRepo
from plansync.store import journal
from plansync.store.atomic import write_atomic
from plansync.store.writer import Rendered, render, write


@dataclass(frozen=True)
class Planned:
    """One file about to be written: its new text and its old bytes."""

    rendered: Rendered
    old: bytes | None

    @property
    def path(self) -> str:
        return self.rendered.path


def refuse_unfit(findings: list[schemas.SchemaFinding], path: str, what: str = "the new") -> None:
    """Raise for the schema findings of a document about to be written.

    A number out of the schema's range comes from the command's arguments
    (or what they multiply to): the command refuses it, before any file is
    written, rather than write what the next step could not read. Any other
    finding is a bug in plansync, never the baker's."""
    if not findings:
        return
    ranges = [f for f in findings if f.code == "out-of-range"]
    if ranges:
        first = ranges[0]
        field = next((str(p) for p in reversed(first.pointer) if isinstance(p, str)), "a number")
        raise RefusedError(f"refused: {field} {first.message}, more than {path} may hold; nothing was written")
    first = findings[0]
    pointer = "/".join(map(str, first.pointer)) or "(top)"
    raise PlansyncError(f"internal error: {what} {path} breaks its schema at {pointer}: {first.message}")


def checked(kind: str, data: dict[str, Any], path: str) -> dict[str, Any]:
    """``data`` when it matches the schema of ``kind``."""
    refuse_unfit(schemas.check(kind, data), path)
    return data


def plan_write(repo: PlanRepo, path: str, data: dict[str, Any], kind: str) -> Planned:
    """Render ``data`` for ``path`` (comment-keeping for an existing file);
    nothing is written yet."""
    target = repo.path(path)
    old = target.read_bytes() if target.is_file() else None
    return Planned(render(repo, path, checked(kind, data, path)), old)


def event_data(document: Document) -> dict[str, Any]:
    """A copy of the event's data to change."""
    return copy.deepcopy(document.data)


def write_together(repo: PlanRepo, planned: list[Planned], flush_once: bool = False) -> list[str]:
    """Write ``planned`` in order; on any failure undo the ones written and
    re-raise. Returns the paths written (unchanged files are skipped).
    ``flush_once``: many files, flushed with one sync (:class:`journal.Step`).

    A process killed between two writes cannot undo anything: the step's
    journal (:mod:`plansync.store.journal`) lets the next writing command finish it.
    """
    changing = [item for item in planned if item.rendered.action != "unchanged"]
    if len(changing) > 1:
        step = journal.Step(
            repo, [(item.path, item.old, item.rendered.text.encode("utf-8")) for item in changing], flush_once
        )
        try:
            step.run()
        except BaseException:
            for item in reversed(changing):  # a rename failed after others: put those back
                target = repo.path(item.path)
                if (target.read_bytes() if target.is_file() else None) != item.old:
                    _restore(repo, item)
            raise
        return [item.path for item in changing]
    for item in changing:
        write(repo, item.rendered)
    return [item.path for item in changing]


def _restore(repo: PlanRepo, item: Planned) -> None:
    target = repo.path(item.path)
    try:
        if item.old is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, item.old)
    except (OSError, PlansyncError):
        pass  # the original failure is the one to report
