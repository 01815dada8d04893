"""Changes plansync makes to an event's own file (``event.yaml``).

Each is a read-modify-write under the event's lock, validated against the
event schema before the one atomic, comment-keeping write.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plansync.errors import PlansyncError
from plansync.lifecycle.eventlock import event_lock
from plansync.load.workspace import load_workspace
from plansync.repo import schemas
from plansync.repo.repository import PlanRepo
from plansync.store import clock
from plansync.store.writer import write_document
from plansync.validation.guard import UnplannableError, event_document

if TYPE_CHECKING:
    from plansync.git.commit import Committer


@dataclass(frozen=True)
class ShoppingDone:
    event: str
    path: str
    completed_at: str
    #: False when shopping was already marked done (the first time is kept).
    changed: bool
    #: The commit that recorded it (``--commit`` or ``auto_commit``), else None.
    commit: str | None = None

    def confirmation(self) -> str:
        if self.changed:
            committed = f"; committed {self.commit[:7]}" if self.commit else ""
            return f"shopping for {self.event} marked done at {self.completed_at} ({self.path}){committed}"
        return f"shopping for {self.event} was already marked done at {self.completed_at}; unchanged"


def mark_shopping_done(repo: PlanRepo, slug: str, committer: Committer | None = None) -> ShoppingDone:
    """Set ``shopping_completed_at`` in the event's file to now (UTC).

    Marking it again keeps the first time: the file (and git history) says
    when the shopping was actually done, not when it was last re-confirmed.
    With an enabled ``committer``, the event's file is checked for unrelated
    uncommitted edits before it is written, and committed alone after
    (``shopping <event>: done``).
    """
    with event_lock(repo, slug):
        workspace = load_workspace(repo)
        document = event_document(workspace, slug)
        # Only the file's own shape matters to this write; a plan problem
        # (a missing recipe, say) must not stop the baker ticking off shopping.
        broken = [p for p in workspace.problems if p.path == document.path and p.is_error]
        if broken:
            raise UnplannableError(f"mark shopping done for {slug}", broken)
        done = document.data.get("shopping_completed_at")
        if done:
            return ShoppingDone(slug, document.path, str(done), False)
        data = copy.deepcopy(document.data)
        data["shopping_completed_at"] = clock.utc_now()
        findings = schemas.check("event", data)
        if findings:
            raise PlansyncError(f"internal error: shopping_completed_at breaks the event schema: {findings[0].message}")
        if committer is not None:
            committer.precheck([document.path])
        write_document(repo, document.path, data)
        sha = committer.commit([document.path], f"shopping {slug}: done") if committer is not None else None
        return ShoppingDone(slug, document.path, data["shopping_completed_at"], True, sha)
