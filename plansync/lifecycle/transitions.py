"""``lock``, ``start`` and ``complete``: one step forward, files and state together.

Each runs under the event's lock: check everything, render every file,
check the files to commit carry no unrelated edits, then write the new
snapshot and the event's file as one step (:mod:`plansync.lifecycle.files`)
and commit exactly those files when asked. A refusal changes no file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plansync.engine.explode import explode_goods
from plansync.engine.model import RecipientPackage
from plansync.engine.progress import Unfinished, progress_from, unfinished_work
from plansync.engine.rounding import text
from plansync.errors import PlansyncError, RefusedError
from plansync.formats.format import format_for
from plansync.git.commit import Committer
from plansync.lifecycle.eventlock import event_lock
from plansync.lifecycle.files import Planned, event_data, plan_write, write_together
from plansync.load.documents import Document
from plansync.load.workspace import Workspace, load_workspace
from plansync.plan.inputs import PlanningInputs
from plansync.plan.snapshots import (
    BASELINE,
    PLANNING,
    SnapshotCatalog,
    baseline_plan,
    event_definitions,
    locked_plan,
    payload_hash,
    snapshot_document,
    snapshot_path,
)
from plansync.plan.states import require_transition, state_of
from plansync.repo import schemas
from plansync.repo.repository import PlanRepo
from plansync.validation.guard import UnplannableError, event_document, planning_inputs


@dataclass(frozen=True)
class Transition:
    """An event moved one step: its new state and the files written."""

    event: str
    previous: str
    state: str
    written: list[str]
    commit: str | None = None
    #: The snapshot written (lock, start): path, content hash, definitions.
    snapshot: str | None = None
    content_sha256: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"event": self.event, "previous": self.previous, "state": self.state}
        if self.snapshot is not None:
            data["snapshot"] = self.snapshot
            data["content_sha256"] = self.content_sha256
        data.update(self.extra)
        data["files"] = list(self.written)
        data["commit"] = self.commit
        return data

    def confirmation(self) -> str:
        line = f"{self.event}: {self.previous} -> {self.state}"
        if self.snapshot is not None:
            what = "planning snapshot" if self.state == "locked" else "baseline"
            count = self.extra.get("definitions")
            detail = f", {count} definitions" if count is not None else ""
            line += f" ({what} {self.snapshot}, {(self.content_sha256 or '')[:8]}{detail})"
        return line


def _event_folder(workspace: Workspace, slug: str) -> str:
    folder = workspace.event_folder(slug)
    if not folder:
        raise RefusedError(f"event {slug!r} is defined at the repository root; move it to events/{slug}/event.yaml first")
    return folder


def _own_file_clean(workspace: Workspace, document: Document, what: str) -> None:
    """The event's own file must be sound before plansync rewrites it."""
    broken = [p for p in workspace.problems if p.path == document.path and p.is_error]
    if broken:
        raise UnplannableError(what, broken)


def _refuse_shortfalls(inputs: PlanningInputs, what: str) -> None:
    shortfalls = inputs.plan.unaccepted_shortfalls
    if shortfalls:
        raise RefusedError(f"cannot {what}: " + "; ".join(s.message() for s in shortfalls))


def _refuse_existing(repo: PlanRepo, path: str, what: str, why: str) -> None:
    if repo.path(path).exists():
        raise RefusedError(f"cannot {what}: {path} already exists; {why}")


def _refuse_unstartable(inputs: PlanningInputs, document: Document, slug: str, what: str) -> None:
    """Lock refuses a plan whose baseline ``start`` could never write.

    A deep bundle of large quantities multiplies to more batches than a
    snapshot holds; once locked, the plan cannot change, so the event would
    be stuck. The check is the schema check of the very baseline ``start``
    writes (from the same plan: the snapshot freezes these definitions), so
    the two steps cannot disagree about the limit."""
    baseline = snapshot_document(BASELINE, slug, {"plan": baseline_plan(document.data, inputs.plan, "0" * 64)})
    ranges = [f for f in schemas.check("snapshot", baseline) if f.code == "out-of-range"]
    if not ranges:
        return
    pointer = ranges[0].pointer
    if pointer[:2] == ("plan", "batches") and len(pointer) > 2 and isinstance(pointer[2], int):
        unit = inputs.plan.batches[pointer[2]].finished_unit
        goods = _holding(inputs, unit)
        raise RefusedError(
            f"cannot {what}: `start` could never write its baseline: the batches of {unit} ({goods}) "
            f"{ranges[0].message}; lower the quantities in {document.path} or in the goods it lists; nothing was written"
        )
    field = "/".join(map(str, pointer))
    raise RefusedError(
        f"cannot {what}: `start` could never write its baseline: {field} {ranges[0].message}; nothing was written"
    )


def _holding(inputs: PlanningInputs, unit: str) -> str:
    """The event's own lines that need ``unit``: ``for g10 x 1``."""
    goods = [
        f"{slug} x {text(quantity)}"
        for slug, quantity in inputs.plan.goods.items()
        if unit in explode_goods(inputs.catalog, {slug: quantity}).finished_units
    ]
    if inputs.event.output_mode == "bulk_count":
        listed = [line for line in inputs.event.finished_units if line.finished_unit == unit]
        goods = [f"{line.finished_unit} x {text(line.quantity)}" for line in listed]
    return "for " + ", ".join(goods) if goods else "a batch decision"


def _verified(repo: PlanRepo, planned: Planned, expected: str) -> Planned:
    """The snapshot text as rendered must read back (with its format) to the same hash."""
    fmt = format_for(planned.path, repo.formats)
    if fmt is None or payload_hash(fmt.read(planned.rendered.text)) != expected:
        raise PlansyncError(f"internal error: {planned.path} would not read back as written (content hash differs)")
    return planned


def _finish(repo: PlanRepo, committer: Committer, planned: list[Planned], message: str) -> tuple[list[str], str | None]:
    committer.precheck([item.path for item in planned])
    written = write_together(repo, planned)
    return written, committer.commit(written, message)


def _write_snapshot_and_state(
    repo: PlanRepo, committer: Committer, document: Document, path: str, snapshot: dict, target: str, message: str
) -> tuple[list[str], str | None]:
    """The new snapshot, then the event's new state, as one step; commits both."""
    data = event_data(document)
    data["plan_state"] = target
    planned = [
        _verified(repo, plan_write(repo, path, snapshot, "snapshot"), snapshot["content_sha256"]),
        plan_write(repo, document.path, data, "event"),
    ]
    return _finish(repo, committer, planned, f"{message} {snapshot['content_sha256'][:8]}")


def lock_event(repo: PlanRepo, slug: str, commit: bool | None = None) -> Transition:
    """draft -> locked: write the planning snapshot, then the state."""
    committer = Committer.for_command(repo, commit)
    what = f"lock {slug}"
    with event_lock(repo, slug):
        workspace = load_workspace(repo)
        document = event_document(workspace, slug)
        state = state_of(document)
        target = require_transition(slug, state, "lock")
        _own_file_clean(workspace, document, what)
        if not document.data.get("output_mode"):
            raise RefusedError(
                f"cannot {what}: it has no output_mode; set output_mode: bundled or bulk_count in {document.path}"
            )
        path = snapshot_path(_event_folder(workspace, slug), PLANNING)
        _refuse_existing(repo, path, what, "remove it only if you mean to re-plan from the catalog")
        inputs = planning_inputs(workspace, slug, action=what)
        _refuse_shortfalls(inputs, what)
        _refuse_unstartable(inputs, document, slug, what)
        definitions = event_definitions(workspace, document.data)
        payload = {"definitions": definitions, "plan": locked_plan(document.data)}
        snapshot = snapshot_document(PLANNING, slug, payload)
        digest = snapshot["content_sha256"]
        written, sha = _write_snapshot_and_state(
            repo, committer, document, path, snapshot, target, f"lock {slug}: planning snapshot"
        )
    count = sum(len(by_slug) for by_slug in definitions.values())
    return Transition(slug, state, target, written, sha, path, digest, {"definitions": count})


def start_event(repo: PlanRepo, slug: str, commit: bool | None = None) -> Transition:
    """locked -> in_production: write the baseline, then the state; never
    one without the other."""
    committer = Committer.for_command(repo, commit)
    what = f"start {slug}"
    with event_lock(repo, slug):
        workspace = load_workspace(repo)
        document = event_document(workspace, slug)
        state = state_of(document)
        target = require_transition(slug, state, "start")
        _own_file_clean(workspace, document, what)
        path = snapshot_path(_event_folder(workspace, slug), BASELINE)
        _refuse_existing(repo, path, what, "starting twice creates no second baseline")
        inputs = planning_inputs(workspace, slug, action=what)
        if not isinstance(inputs.catalog, SnapshotCatalog):
            planning = snapshot_path(_event_folder(workspace, slug), PLANNING)
            raise RefusedError(f"cannot {what}: it has no planning snapshot ({planning}); restore it from git")
        _refuse_shortfalls(inputs, what)
        payload = {"plan": baseline_plan(document.data, inputs.plan, inputs.catalog.content_sha256)}
        snapshot = snapshot_document(BASELINE, slug, payload)
        digest = snapshot["content_sha256"]
        written, sha = _write_snapshot_and_state(repo, committer, document, path, snapshot, target, f"start {slug}: baseline")
    return Transition(slug, state, target, written, sha, path, digest)


def complete_event(repo: PlanRepo, slug: str, commit: bool | None = None) -> Transition:
    """in_production -> completed: the event is closed (no amendments, no
    runs). Work left undone does not stop it; the result names it
    (``unfinished``, and one ``warnings`` line)."""
    committer = Committer.for_command(repo, commit)
    with event_lock(repo, slug):
        workspace = load_workspace(repo)
        document = event_document(workspace, slug)
        state = state_of(document)
        target = require_transition(slug, state, "complete")
        _own_file_clean(workspace, document, f"complete {slug}")
        left = _unfinished(workspace, document)
        data = event_data(document)
        data["plan_state"] = target
        written, sha = _finish(repo, committer, [plan_write(repo, document.path, data, "event")], f"complete {slug}")
    warnings = [left.message(slug)] if left else []
    return Transition(slug, state, target, written, sha, extra={"unfinished": left.to_json(), "warnings": warnings})


def _unfinished(workspace: Workspace, document: Document) -> Unfinished:
    """What the event lacks; with broken files in its plan, only its packages."""
    slug = document.slug or ""
    try:
        inputs = planning_inputs(workspace, slug, action=f"complete {slug}")
    except UnplannableError:
        recipients = [
            RecipientPackage(str(line.get("recipient")), str(line.get("package")), status=line.get("status", "pending"))
            for line in document.data.get("recipients") or ()
            if isinstance(line, dict)
        ]
        return unfinished_work(None, recipients)
    result = progress_from(inputs.plan, inputs.event, inputs.production_runs, inputs.assembly_runs)
    return unfinished_work(result, inputs.event.recipients)
