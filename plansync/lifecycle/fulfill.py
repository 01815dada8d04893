"""``fulfill``: a recipient package moves pending -> ready -> delivered.

One step forward at a time; delivered is final. The refusal names the
allowed next status. Only the entry's ``status`` in the event's file
changes (comments and layout kept), under the event's lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plansync.errors import RefusedError
from plansync.git.commit import Committer
from plansync.lifecycle.eventlock import event_lock
from plansync.lifecycle.files import event_data, plan_write, write_together
from plansync.load.workspace import load_workspace
from plansync.repo.repository import PlanRepo
from plansync.validation.guard import UnplannableError, event_document

STATUSES = ("pending", "ready", "delivered")


@dataclass(frozen=True)
class Fulfilled:
    event: str
    recipient: str
    package: str
    previous: str
    status: str
    written: list[str]
    commit: str | None

    def confirmation(self) -> str:
        return f"{self.recipient} ({self.package}) in {self.event}: {self.previous} -> {self.status}"

    def to_json(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "recipient": self.recipient,
            "package": self.package,
            "previous": self.previous,
            "status": self.status,
            "files": list(self.written),
            "commit": self.commit,
        }


def next_status(status: str) -> str | None:
    index = STATUSES.index(status) if status in STATUSES else 0
    return STATUSES[index + 1] if index + 1 < len(STATUSES) else None


def fulfill(
    repo: PlanRepo, slug: str, recipient: str, status: str, package: str | None = None, commit: bool | None = None
) -> Fulfilled:
    if status not in STATUSES:
        raise RefusedError(f"unknown status {status!r} (pending, ready, delivered)")
    committer = Committer.for_command(repo, commit)
    with event_lock(repo, slug):
        workspace = load_workspace(repo)
        document = event_document(workspace, slug)
        broken = [p for p in workspace.problems if p.path == document.path and p.is_error]
        if broken:
            raise UnplannableError(f"fulfill for {slug}", broken)
        data = event_data(document)
        entries = data.get("recipients", [])
        mine = [i for i, entry in enumerate(entries) if entry.get("recipient") == recipient]
        if not mine:
            known = ", ".join(sorted({e.get("recipient") for e in entries})) or "none"
            raise RefusedError(f"{slug} has no package for recipient {recipient!r} (recipients: {known})")
        packages = [entries[i].get("package") for i in mine]
        if package is not None:
            mine = [i for i in mine if entries[i].get("package") == package]
            if not mine:
                raise RefusedError(f"{recipient} gets no {package!r} in {slug} (packages: {', '.join(packages)})")
        elif len(mine) > 1:
            raise RefusedError(
                f"{recipient} has {len(mine)} packages in {slug} ({', '.join(packages)}); choose one with --package"
            )
        entry = entries[mine[0]]
        who = recipient if len(packages) == 1 else f"{recipient} ({entry.get('package')})"
        current = entry.get("status", "pending")
        allowed = next_status(current)
        if status != allowed:
            if allowed is None:
                raise RefusedError(f"cannot mark {who} {status} in {slug}: it is {current}, which is final")
            raise RefusedError(f"cannot mark {who} {status} in {slug}: it is {current}; the next status is {allowed}")
        entry["status"] = status
        planned = [plan_write(repo, document.path, data, "event")]
        committer.precheck([document.path])
        written = write_together(repo, planned)
        label = recipient if len(packages) == 1 else f"{recipient} {entry.get('package')}"
        sha = committer.commit(written, f"fulfill {slug}: {label} {status}")
    return Fulfilled(slug, recipient, str(entry.get("package")), current, status, written, sha)
