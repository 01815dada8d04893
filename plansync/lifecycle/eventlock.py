"""The lock around every read-modify-write of an event's files.

One writer at a time per event (``.plansync/locks/event-<slug>.lock``), and
one for the root run log of runs for no event, so two bakers recording at
once never lose a run (the second waits, then reads the first one's write).
"""

from __future__ import annotations

from plansync.errors import RefusedError
from plansync.load.workspace import load_workspace
from plansync.repo.layout import SLUG
from plansync.repo.repository import PlanRepo
from plansync.store import journal
from plansync.store.locks import FileLock


class EventLock(FileLock):
    """A :class:`FileLock` that, once held, finishes what a killed writer of
    several files left half done (:mod:`plansync.store.journal`)."""

    def __init__(self, repo: PlanRepo, name: str) -> None:
        super().__init__(repo.state_dir, name)
        self.repo = repo

    def acquire(self) -> None:
        super().acquire()
        try:
            journal.finish_interrupted(self.repo, self.notify)
        except BaseException:
            self.release()
            raise


def event_lock(repo: PlanRepo, event: str | None) -> FileLock:
    """The lock held around every read-modify-write of an event's files
    (``None``: the root run log)."""
    if event is None:
        return EventLock(repo, "runs")
    if not SLUG.match(event):
        # Not a slug, so no event has it; and it must never become part of
        # a lock file's path.
        workspace = load_workspace(repo)
        known = ", ".join(workspace.slugs("event")) or "none"
        raise RefusedError(f"unknown event {event!r} (events: {known})")
    return EventLock(repo, f"event-{event}")
