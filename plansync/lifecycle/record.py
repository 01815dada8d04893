"""Recording production and assembly runs: append-only logs in git.

An event's runs go to ``events/<slug>/runs.yaml`` (next to its event.yaml),
so removing an event visibly removes its runs; runs for no event go to the
root ``runs.yaml`` (``event: null``) and never count in any event's
progress. Every check happens before the one write, under the event's
lock, so a refused run changes no file.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from plansync.engine import production_yield
from plansync.engine.feasibility import assembly_allowed
from plansync.engine.rounding import json_number, text
from plansync.engine.wording import counted
from plansync.errors import Problem, RefusedError
from plansync.formats.canonical import content_sha256
from plansync.formats.format import format_for
from plansync.git.commit import Committer
from plansync.lifecycle.eventlock import event_lock
from plansync.lifecycle.files import refuse_unfit
from plansync.load.documents import Document
from plansync.load.workspace import Workspace, load_workspace
from plansync.plan.inputs import PlanningInputs, reached_files, waste_threshold
from plansync.repo import schemas
from plansync.repo.repository import PlanRepo
from plansync.store import clock
from plansync.store.writer import write_document
from plansync.validation.guard import ensure_clean, planning_inputs

#: The root log of runs for no event.
ROOT_RUNS = "runs.yaml"
RUNS_FILE = "runs.yaml"

RunKind = Literal["production", "assembly"]


@dataclass(frozen=True)
class Recorded:
    """A run just appended: where, and exactly what was written."""

    kind: RunKind
    event: str | None
    path: str
    run: dict[str, Any]
    #: The commit that holds the run (``--commit``), else None.
    commit: str | None = None
    #: Located warnings about the run just written (it is written all the same).
    warnings: tuple[Problem, ...] = ()

    def confirmation(self) -> str:
        where = self.event or "no event"
        head = f"recorded {self.kind} run {self.run['seq']} for {where}"
        if self.kind == "assembly":
            return f"{head}: {self.run['quantity']} x {self.run['finished_good']}"
        batches = self.run["batches"]
        made = f"{self.run['actual_yield']} of {self.run['expected_yield']} ({self.run['loss_status']})"
        return f"{head}: {self.run['finished_unit']}, {counted(batches, 'batch')}, {made}"


@dataclass(frozen=True)
class _Log:
    """The log a run goes into, read under its lock, and the definition
    the run names."""

    path: str
    event: str | None
    data: dict[str, Any]
    #: Runs already logged for the same event (or for none), in every file.
    logged: dict[RunKind, list[dict[str, Any]]]
    definition: Document
    #: The event's planning inputs; None for a run for no event.
    inputs: PlanningInputs | None


# --- public ------------------------------------------------------------------


def record_production(
    repo: PlanRepo,
    event: str | None,
    finished_unit: str,
    batches: int,
    actual_yield: Fraction | None = None,
    commit: bool | None = None,
) -> Recorded:
    """Append a production run; ``event`` None is a run for no event.
    ``commit``: commit the log (None: ``auto_commit`` decides)."""
    committer = Committer.for_command(repo, commit)
    with event_lock(repo, event):
        workspace = load_workspace(repo)
        log = _open_log(workspace, event, "finished_unit", finished_unit)
        if log.inputs is None:
            # No event, no plan: the engine takes the unit's first option.
            catalog, plan_event, plan = workspace.catalog, None, None
            threshold = waste_threshold(workspace)
        else:
            inputs = log.inputs
            catalog, plan_event, plan, threshold = inputs.catalog, inputs.event, inputs.plan, inputs.waste_threshold
        outcome = production_yield(catalog, finished_unit, batches, plan_event, actual_yield, threshold, plan=plan)
        run = {
            "seq": _next_seq(log, "production"),
            "at": clock.utc_now(),
            "finished_unit": finished_unit,
            "recipe": outcome.recipe,
            "batches": batches,
            "expected_yield": json_number(outcome.expected_yield),
            "actual_yield": json_number(outcome.actual_yield),
            "loss_status": outcome.loss_status,
            "snapshot": _definition_hash(log),
        }
        return _append(repo, log, "production", run, committer, f"{finished_unit} x{batches}")


def record_assembly(
    repo: PlanRepo, event: str | None, finished_good: str, quantity: int, commit: bool | None = None
) -> Recorded:
    """Append an assembly run; ``event`` None is a run for no event."""
    committer = Committer.for_command(repo, commit)
    with event_lock(repo, event):
        workspace = load_workspace(repo)
        log = _open_log(workspace, event, "finished_good", finished_good)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise RefusedError(f"assembly of {finished_good}: quantity must be a whole number above 0, not {quantity}")
        run = {
            "seq": _next_seq(log, "assembly"),
            "at": clock.utc_now(),
            "finished_good": finished_good,
            "quantity": quantity,
            "snapshot": _definition_hash(log),
        }
        allowed = _assembly_allowed(log, finished_good, quantity)
        recorded = _append(repo, log, "assembly", run, committer, f"{finished_good} x{quantity}")
        if allowed is not None:
            index = len(log.data["assembly"]) - 1  # the run just appended
            recorded = replace(recorded, warnings=(_more_than_units(repo, recorded, index, allowed),))
    return recorded


def _assembly_allowed(log: _Log, finished_good: str, quantity: int) -> Fraction | None:
    """How many of the run the event's produced units allow when fewer
    than ``quantity`` (what ``feasibility --produced`` will count); None
    when all, or for a run for no event (no event's stock counts it)."""
    if log.inputs is None or log.event is None:
        return None
    inputs = log.inputs
    allowed = assembly_allowed(
        inputs.catalog, log.event, inputs.production_runs, inputs.assembly_runs, finished_good, Fraction(quantity)
    )
    return allowed if allowed < quantity else None


def _more_than_units(repo: PlanRepo, recorded: Recorded, index: int, allowed: Fraction) -> Problem:
    """The warning, located at the run (``assembly[index]``) in its log."""
    run = recorded.run
    written = repo.path(recorded.path).read_text(encoding="utf-8-sig")
    fmt = format_for(recorded.path, repo.formats)
    where = fmt.locate(written, ("assembly", index), False) if fmt is not None and fmt.locate else None
    line, column = where or (1, 1)
    made = f"only {text(allowed)}" if allowed else "none"
    message = (
        f"assembly run {run['seq']} records {run['quantity']} {run['finished_good']}, but the production runs "
        f"of {recorded.event} and the finished units in inventory make {made} "
        f"(feasibility --produced counts {text(allowed)}); record the production runs first"
    )
    return Problem(recorded.path, "assembly-over-units", message, "warning", line, column)


# --- steps -------------------------------------------------------------------


def _open_log(workspace: Workspace, event: str | None, kind: str, slug: str) -> _Log:
    """Resolve and check everything a run needs, in the order a baker
    would fix it: the event, the definition, broken files, the state."""
    action = f"record a run for {event or 'no event'}"
    inputs: PlanningInputs | None = None
    if event is None:
        definition = _definition(workspace, kind, slug)
        path = ROOT_RUNS
        ensure_clean(workspace, reached_files(workspace, [definition]) | {path}, action)
        logged_docs = [d for d in workspace.valid("runs") if d.data.get("event") is None]
    else:
        workspace.event(event)  # refuses an unknown event, naming the known ones
        definition = _definition(workspace, kind, slug)
        inputs = planning_inputs(workspace, event, also_reads=[definition], action=action)
        if inputs.event.plan_state == "completed":
            raise RefusedError(f"event {event!r} is completed: runs are refused once an event is completed")
        _require_locked_definition(inputs, event, kind, slug)
        folder = workspace.event_folder(event)
        if not folder:  # its runs.yaml would be the root log of runs for no event
            raise RefusedError(
                f"event {event!r} is defined at the repository root; move it to events/{event}/event.yaml to record runs"
            )
        path = f"{folder}/{RUNS_FILE}"
        logged_docs = workspace.event_documents("runs", event)
    existing = next((d for d in workspace.documents if d.path == path), None)
    if existing is not None:
        _check_target(existing, event)
        data = copy.deepcopy(existing.data)
    else:
        data = {"kind": "runs", "event": event}
    logged: dict[RunKind, list[dict[str, Any]]] = {
        "production": [run for doc in logged_docs for run in doc.data.get("production", ())],
        "assembly": [run for doc in logged_docs for run in doc.data.get("assembly", ())],
    }
    return _Log(path, event, data, logged, definition, inputs)


def _require_locked_definition(inputs: PlanningInputs, event: str, kind: str, slug: str) -> None:
    """A locked event's runs name definitions its planning snapshot froze
    (or an ``add_fg`` amendment froze): what the plan holds. Anything else
    was never planned for the event, and its run could not name the
    definition the plan used."""
    if inputs.source != "snapshot":
        return
    frozen = inputs.catalog.finished_units if kind == "finished_unit" else inputs.catalog.finished_goods
    if slug not in frozen:
        what = kind.replace("_", " ")
        raise RefusedError(
            f"{what} {slug!r} is not in the locked plan of {event}: a {inputs.event.plan_state} event records runs "
            f"only of what its planning snapshot holds (`plansync plan {event}` lists them)"
        )


def _check_target(doc: Document, event: str | None) -> None:
    if doc.kind != "runs":
        raise RefusedError(f"{doc.path} holds kind {doc.kind!r}, not a run log; move it away to record runs")
    owner = doc.data.get("event")
    if owner != event:
        whose = f"event {owner!r}" if owner else "no event"
        raise RefusedError(f"{doc.path} is the run log of {whose}, not of {event or 'no event'}")


def _definition(workspace: Workspace, kind: str, slug: str) -> Document:
    """The definition ``slug`` of ``kind``; refuses an unknown one, naming it."""
    doc = workspace.get(kind, slug)
    if doc is not None:
        return doc
    close = difflib.get_close_matches(slug, workspace.slugs(kind), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise RefusedError(f"unknown {kind.replace('_', ' ')} {slug!r}{hint}")


def _definition_hash(log: _Log) -> str:
    """sha256 of the definition the run used.

    The one branch point for locked events: when the event is planned from
    its planning snapshot, the run names the snapshot's hash of the
    definition (the one the plan used, even if the catalog changed since;
    a definition the snapshot does not hold was refused before). Without a
    snapshot it captures the definition as it is at record time.
    """
    inputs = log.inputs
    if inputs is not None and inputs.source == "snapshot":
        frozen = getattr(inputs.catalog, "hashes", {}).get((log.definition.kind, log.definition.slug))
        if frozen:
            return str(frozen)
    return content_sha256(log.definition.data)


def _next_seq(log: _Log, kind: RunKind) -> int:
    # Production and assembly are numbered separately ("production run 3"),
    # each continuing from the highest number the event's logs hold.
    runs = [*log.logged[kind], *log.data.get(kind, ())]
    return max((run["seq"] for run in runs if isinstance(run.get("seq"), int)), default=0) + 1


def _append(
    repo: PlanRepo, log: _Log, kind: RunKind, run: dict[str, Any], committer: Committer, what: str
) -> Recorded:
    data = log.data
    data.setdefault(kind, []).append(run)
    refuse_unfit(schemas.check("runs", data), log.path, "the run for")
    committer.precheck([log.path])
    write_document(repo, log.path, data)
    sha = committer.commit([log.path], f"record {kind} {log.event or '(no event)'}: {what}")
    return Recorded(kind, log.event, log.path, run, sha)
